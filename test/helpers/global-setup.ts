import { execFileSync } from 'node:child_process';
import { BASE_IMAGE, removeLabelled } from './docker.js';

/** Fails loudly when no engine answers: the integration tests are never skipped in silence. */
export async function setup(): Promise<void> {
	try {
		execFileSync('docker', ['image', 'inspect', BASE_IMAGE], { stdio: 'ignore', timeout: 15_000 });
	} catch {
		throw new Error(
			`No Docker engine answers, or the base image ${BASE_IMAGE} is missing. Run \`bash scripts/engine-up.sh\` first (npm test does this via pretest).`,
		);
	}
	await removeLabelled();
}

export async function teardown(): Promise<void> {
	await removeLabelled();
}

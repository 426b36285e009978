import { execFileSync } from 'node:child_process';
import { LAB_LABEL } from '../../src/lab/lab.js';
import { BASE_IMAGE, removeLabelled, TEST_LABEL } from './docker.js';

/** Fails loudly when no engine answers: the integration tests are never skipped in silence. */
export async function setup(): Promise<void> {
	try {
		execFileSync('docker', ['image', 'inspect', BASE_IMAGE], { stdio: 'ignore', timeout: 15_000 });
	} catch {
		throw new Error(
			`No Docker engine answers, or the base image ${BASE_IMAGE} is missing. Run \`bash scripts/engine-up.sh\` first (npm test does this via pretest).`,
		);
	}
	await removeLeftovers();
}

export async function teardown(): Promise<void> {
	await removeLeftovers();
}

/**
 * What this project creates on the engine: the tests' resources, labs (the tests start them unprefixed, as a
 * student would) and the benchmarks' fleets. A run that was stopped midway leaves them behind, where they
 * would crowd the console's first screen and make `lab start` answer "already running" in the next run.
 */
async function removeLeftovers(): Promise<void> {
	for (const label of [TEST_LABEL, LAB_LABEL, BENCH_LABEL]) await removeLabelled(label);
}

/** bench/lib.mjs labels its containers so. */
const BENCH_LABEL = 'dockmedic.bench';

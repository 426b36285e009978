import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName, waitFor } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

// Runs on its own, after the other tests (vitest.serial.config.ts): it stops the engine they all use.
const GROUP = uniqueName('restart');
const label = `${TEST_LABEL}.group=${GROUP}`;
let session: TmuxSession | undefined;

const engineAnswers = () => {
	try {
		execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
			stdio: 'ignore',
			timeout: 5000,
		});
		return true;
	} catch {
		return false;
	}
};

afterEach(() => session?.kill());
afterAll(async () => {
	// Whatever happened, leave an engine running for whatever comes next.
	if (!engineAnswers()) execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
	await removeLabelled(label);
});

it('says the engine is gone, keeps the list, and resumes by itself when dockerd is back', async () => {
	// Comes back with the engine (restart policy), and stops at once when it goes (stop timeout 1 s).
	await runContainer(`${GROUP}-web`, ['--label', label, '--restart', 'always', '--stop-timeout', '1']);
	session = new TmuxSession(uniqueName('restart'), { columns: 120, rows: 30 });
	await session.waitForScreen((s) => s.includes(`${GROUP}-web`) && s.includes('[live]'));

	const [pid] = execFileSync('pgrep', ['-x', 'dockerd'], { encoding: 'utf8' }).trim().split('\n');
	process.kill(Number(pid), 'SIGTERM');
	await waitFor(() => !engineAnswers(), 30_000, 200);
	const lost = await session.waitForScreen((s) => /\[(engine lost|unreachable): retrying #\d+\]/.test(s));
	expect(lost).toContain('(showing the last known list)');
	expect(lost).toContain(`${GROUP}-web`);
	session.type('j');
	session.type('?');
	await session.waitForScreen((s) => s.includes('Keys (? or Esc closes)'));
	session.type('?');

	execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
	await session.waitForScreen((s) => s.includes('[live]') && !s.includes('last known list'), 30_000);
	// Events flow again: a container made now shows up without a key pressed.
	await runContainer(`${GROUP}-late`, ['--label', label]);
	await session.waitForScreen((s) => s.includes(`${GROUP}-late`), 10_000);
	expect(session.screen()).toMatch(new RegExp(`${GROUP}-web .*running`));
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
	expect(await docker('ps', '-q', '--filter', `name=${GROUP}-web`)).not.toBe('');
});

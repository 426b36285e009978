import { execFileSync, spawn } from 'node:child_process';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
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

/** Stops dockerd and waits until its process is gone (a new one refuses to start beside it). */
async function stopEngine(): Promise<void> {
	const pid = Number(execFileSync('pgrep', ['-x', 'dockerd'], { encoding: 'utf8' }).trim().split('\n')[0]);
	process.kill(pid, 'SIGTERM');
	await waitFor(
		() => {
			try {
				process.kill(pid, 0);
				return false;
			} catch {
				return true;
			}
		},
		60_000,
		200,
	);
}

beforeEach(() => {
	if (!engineAnswers()) execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
});
afterEach(() => session?.kill());
afterAll(async () => {
	// Whatever happened, leave an engine running for whatever comes next.
	if (!engineAnswers()) execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
	await removeLabelled(label);
});

it('says the engine is gone, keeps the list, and resumes by itself when dockerd is back', async () => {
	// Comes back with the engine (restart policy), and stops at once when it goes (stop timeout 1 s).
	// Each run of it prints lines no other run prints: a random run id and a counter.
	await runContainer(
		`${GROUP}-web`,
		['--label', label, '--restart', 'always', '--stop-timeout', '1'],
		['sh', '-c', 'run=$RANDOM; i=0; while true; do echo "tick $run-$i"; i=$((i+1)); sleep 0.2; done'],
	);
	session = new TmuxSession(uniqueName('restart'), { columns: 120, rows: 30 });
	await session.waitForScreen((s) => s.includes(`${GROUP}-web`) && s.includes('[live]'));
	await runContainer(`${GROUP}-idle`, ['--label', label, '--stop-timeout', '1']);
	await session.waitForScreen((s) => s.includes(`${GROUP}-idle`));

	await stopEngine();
	const lost = await session.waitForScreen((s) => /\[(engine lost|unreachable): retrying #\d+\]/.test(s));
	expect(lost).toContain('Cannot reach the Docker engine');
	expect(lost).toContain(`${GROUP}-web`);
	session.type('j');
	session.type('?');
	await session.waitForScreen((s) => s.includes('Keys (? or Esc closes)'));
	session.type('?');

	execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
	await session.waitForScreen((s) => s.includes('[live]') && !s.includes('Cannot reach'), 30_000);
	// Events flow again: a container made now shows up without a key pressed.
	await runContainer(`${GROUP}-late`, ['--label', label]);
	await session.waitForScreen((s) => s.includes(`${GROUP}-late`), 10_000);
	expect(session.screen()).toMatch(new RegExp(`${GROUP}-web .*running`));
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
	expect(await docker('ps', '-q', '--filter', `name=${GROUP}-web`)).not.toBe('');
});

it('resumes the logs pane after the engine restarts, with no line shown twice', async () => {
	session = new TmuxSession(uniqueName('restart-logs'), { columns: 120, rows: 40 });
	await session.waitForScreen((s) => s.includes(`${GROUP}-web`) && s.includes('[live]'));
	await session.openDetails(`${GROUP}-web`);
	session.type('2');
	const before = await session.waitForScreen((s) => /tick \d+-\d+/.test(s) && s.includes('following'));
	const runs = (screen: string) => new Set([...screen.matchAll(/tick (\d+)-\d+/g)].map((m) => m[1]));
	const firstRuns = runs(before);

	await stopEngine();
	await session.waitForScreen((s) => s.includes('no more output for now'));
	execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
	// The container came back with a new run id; its lines follow the old ones in the same pane.
	const after = await session.waitForScreen(
		(s) => [...runs(s)].some((run) => !firstRuns.has(run)) && s.includes('following'),
		30_000,
	);
	const lines = [...after.matchAll(/tick \d+-\d+/g)].map((m) => m[0]);
	expect(new Set(lines).size).toBe(lines.length);
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('keeps the stats charts while the engine is away and reads again when it is back', async () => {
	session = new TmuxSession(uniqueName('restart-stats'), { columns: 120, rows: 40 });
	await session.waitForScreen((s) => s.includes(`${GROUP}-web`) && s.includes('[live]'));
	await session.openDetails(`${GROUP}-web`);
	await session.waitForScreen((s) => s.includes('Memory % of limit') && /PIDS \d+/.test(s));
	await stopEngine();
	const away = await session.waitForScreen((s) => s.includes('Stats paused:'));
	expect(away).toContain('Memory % of limit');
	execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
	await session.waitForScreen((s) => !s.includes('Stats paused:') && s.includes('Memory % of limit'), 30_000);
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('keeps watching through an engine restart: a container that crashes after it is back is alerted', async () => {
	const watch = spawn(process.execPath, [BIN, 'watch', '--label', label, '--quiet', '1s', '--scan', '2s'], {
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	let out = '';
	watch.stdout?.on('data', (d: Buffer) => {
		out += d.toString();
	});
	try {
		await new Promise((r) => setTimeout(r, 2000));
		await stopEngine();
		await new Promise((r) => setTimeout(r, 1000));
		execFileSync('bash', [`${ROOT}/scripts/engine-up.sh`], { stdio: 'ignore' });
		await runContainer(
			`${GROUP}-crash`,
			['--label', label],
			['sh', '-c', 'echo "fatal: config missing"; exit 4'],
		);
		await waitFor(() => out.includes(`"container":"${GROUP}-crash"`), 30_000, 200);
		const alert = out
			.split('\n')
			.filter((l) => l.startsWith('{') && l.endsWith('}'))
			.map((l) => JSON.parse(l) as { container: string; type: string; trigger: string | null })
			.find((m) => m.container === `${GROUP}-crash`);
		expect(alert).toMatchObject({ type: 'alert' });
		expect(watch.exitCode).toBeNull();
	} finally {
		watch.kill('SIGTERM');
	}
	expect(await new Promise((resolve) => watch.on('close', resolve))).toBe(0);
}, 90_000);

import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

/** The console's node process inside the tmux pane. */
function consolePid(s: TmuxSession): number {
	const pane = execFileSync('tmux', ['list-panes', '-t', s.name, '-F', '#{pane_pid}'], {
		encoding: 'utf8',
	}).trim();
	const children = execFileSync('pgrep', ['-P', pane], { encoding: 'utf8' }).trim().split('\n').map(Number);
	const node = children.find((pid) =>
		execFileSync('cat', [`/proc/${pid}/cmdline`], { encoding: 'utf8' }).includes(BIN),
	);
	if (!node) throw new Error('console process not found');
	return node;
}

it.each([
	['SIGTERM', 143],
	['SIGHUP', 129],
	['SIGINT', 130],
] as const)('on %s the terminal is restored and the exit code says so (%i)', async (signal, code) => {
	session = new TmuxSession(uniqueName('sig'));
	await session.waitForScreen((s) => s.includes('q quit'));
	process.kill(consolePid(session), signal);
	const after = await session.waitForScreen((s) => s.includes('EXIT='));
	expect(after).toContain(`EXIT=${code}`);
	expect(after).not.toContain('q quit');
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	dockerStatus,
	inspectState,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('act');
const label = `${TEST_LABEL}.group=${GROUP}`;
const name = `${GROUP}-worker`;
let session: TmuxSession | undefined;

beforeAll(async () => {
	await runContainer(name, ['--label', label, '--init']);
});
afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

async function open(name: string, args: string[] = []): Promise<TmuxSession> {
	const s = new TmuxSession(uniqueName('act'), { columns: 120, rows: 30, args });
	await s.waitForScreen((screen) => screen.includes(name));
	s.type(`/${name}`);
	s.keys('Enter');
	await s.waitForScreen((screen) => screen.includes('d diagnose') && screen.includes(`filter "${name}"`));
	return s;
}

/** x, the action's key, then y or n, exactly as a person types them. */
async function act(s: TmuxSession, key: string, answer: 'y' | 'n', label: string): Promise<void> {
	s.type('x');
	await s.waitForScreen((screen) => screen.includes(`Action on ${name}`));
	s.type(key);
	await s.waitForScreen((screen) => screen.includes(`${label} ${name}? (y/N)`));
	s.type(answer);
}

const status = async () => (await inspectState(name)).State.Status;

describe('container actions in the console', () => {
	it('runs each action only after y, does nothing on n, and reports the result', async () => {
		session = await open(name);
		await act(session, 't', 'n', 'stop');
		await new Promise((r) => setTimeout(r, 500));
		expect(await status()).toBe('running');

		await act(session, 't', 'y', 'stop');
		await session.waitForScreen((s) => s.includes(`Stopped ${name}.`));
		expect(await status()).toBe('exited');

		await act(session, 's', 'y', 'start');
		await session.waitForScreen((s) => s.includes(`Started ${name}.`));
		expect(await status()).toBe('running');

		await act(session, 'p', 'y', 'pause');
		await session.waitForScreen((s) => s.includes(`Paused ${name}.`));
		expect(await status()).toBe('paused');
		await act(session, 'u', 'y', 'unpause');
		await session.waitForScreen((s) => s.includes(`Unpaused ${name}.`));
		expect(await status()).toBe('running');

		const before = (await inspectState(name)) as unknown as { State: { StartedAt: string } };
		await act(session, 'r', 'y', 'restart');
		await session.waitForScreen((s) => s.includes(`Restarted ${name}.`));
		const after = (await inspectState(name)) as unknown as { State: { StartedAt: string } };
		expect(after.State.StartedAt).not.toBe(before.State.StartedAt);

		await act(session, 'k', 'y', 'kill');
		await session.waitForScreen((s) => s.includes(`Killed ${name}.`));
		await waitFor(async () => (await status()) === 'exited');
		expect((await inspectState(name)).State.ExitCode).toBe(137);

		await act(session, 'D', 'y', 'remove (force)');
		await session.waitForScreen((s) => s.includes(`Removed ${name}.`));
		expect((await dockerStatus('inspect', name)).code).not.toBe(0);
		// The list follows the removal through the events stream.
		await session.waitForScreen((s) => !s.includes(`${name} `) || s.includes('No container matches'));
	});

	it('offers no action at all with --read-only', async () => {
		const other = `${GROUP}-readonly`;
		await runContainer(other, ['--label', label]);
		session = await open(other, ['--read-only']);
		session.type('x');
		await new Promise((r) => setTimeout(r, 500));
		expect(session.screen()).not.toContain('Action on');
		session.type('t');
		session.type('y');
		await new Promise((r) => setTimeout(r, 500));
		expect((await inspectState(other)).State.Status).toBe('running');
	});
});

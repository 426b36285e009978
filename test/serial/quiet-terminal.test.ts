import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

/**
 * The console's quiet terminal, alone (serial): the header counts every container on the engine, so
 * the other test files' containers, starting and stopping in parallel, would keep changing the screen.
 */
const GROUP = uniqueName('quiet');
const label = `${TEST_LABEL}.group=${GROUP}`;
let session: TmuxSession | undefined;

beforeAll(async () => {
	await runContainer(`${GROUP}-checkout`, ['--label', label]);
});

afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

describe('the console in a real terminal (tmux), with nothing else running', () => {
	it('writes nothing to the terminal while nothing on screen changes, and only then redraws', async () => {
		session = new TmuxSession(`${GROUP}-quiet`);
		await session.waitForScreen((s) => s.includes(`${GROUP}-checkout`) && s.includes('[live]'));
		// A filter that matches nothing: the screen stays the same while the young containers' clocks tick.
		session.type('/no-such-container-anywhere');
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes('No container matches') && s.includes('q quit'));
		// Nothing else runs here (serial), so a 2 s window in which no container changed must show 0 bytes
		// (without the fix, every clock tick rewrote the screen).
		const windows: number[] = [];
		for (let i = 0; i < 6 && !windows.includes(0); i++)
			windows.push((await session.recordOutput(2000)).length);
		expect(Math.min(...windows)).toBe(0);
		session.keys('Escape');
		const [changed] = await Promise.all([
			session.recordOutput(1500),
			session.waitForScreen((s) => s.includes(`${GROUP}-checkout`)),
		]);
		expect(changed.length).toBeGreaterThan(0);
		session.type('q');
		await session.waitForScreen((s) => s.includes('EXIT='));
	});
});

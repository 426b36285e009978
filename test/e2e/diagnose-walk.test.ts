import { afterAll, afterEach, expect, it } from 'vitest';
import { uniqueName } from '../helpers/docker.js';
import { lab } from '../helpers/labs.js';
import { TmuxSession } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());
afterAll(async () => {
	await lab('reset', 'db-stopped');
});

it('walks the network playbook for a lab in a real terminal, from d to the root cause', async () => {
	expect((await lab('start', 'db-stopped')).code).toBe(0);
	session = new TmuxSession(uniqueName('walk'));
	await session.waitForScreen((s) => s.includes('billing-api'));
	session.type('/billing-api');
	session.keys('Enter');
	// Filter applied (footer back to key hints) and only billing-api left.
	await session.waitForScreen((s) => s.includes('d diagnose') && !s.includes('billing-db'));
	session.type('d');
	const first = await session.waitForScreen(
		(s) => s.includes('Diagnosing billing-api') && s.includes('By hand:'),
	);
	expect(first).toContain('Why:');
	const last = await (async () => {
		for (let i = 0; i < 12; i++) {
			const screen = session.screen();
			if (screen.includes('Root cause:')) return screen;
			session.keys('Enter');
			await new Promise((r) => setTimeout(r, 150));
		}
		return session.waitForScreen((s) => s.includes('Root cause:'));
	})();
	expect(last).toContain('Root cause: target-not-running');
	expect(last).toContain('docker start billing-db');
	session.keys('Escape');
	await session.waitForScreen((s) => s.includes('NAME') && !s.includes('Diagnosing'));
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

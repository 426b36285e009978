import { afterAll, afterEach, expect, it } from 'vitest';
import { docker, inspectState, uniqueName } from '../helpers/docker.js';
import { lab } from '../helpers/labs.js';
import { isReadOnlyCall, recordingProxy } from '../helpers/recording-proxy.js';
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

it('applies the safe fix after confirmation, then diagnoses again; --read-only offers no fix', async () => {
	expect((await lab('start', 'db-on-other-network')).code).toBe(0);
	try {
		// Every API call of the read-only session is recorded on its way to the engine.
		const proxy = await recordingProxy();
		try {
			session = new TmuxSession(uniqueName('fix'), { args: ['--read-only', '-H', proxy.url] });
			await session.waitForScreen((s) => s.includes('checkout-web'));
			session.type('/checkout-web');
			session.keys('Enter');
			await session.waitForScreen((s) => s.includes('d diagnose') && !s.includes('checkout-db'));
			session.type('de');
			await session.waitForScreen((s) => s.includes('Root cause: network-not-shared'));
			session.type('fy');
			await new Promise((r) => setTimeout(r, 300));
			expect(session.screen()).not.toContain('Apply the fix');
			session.keys('Escape');
			session.type('xty');
			await new Promise((r) => setTimeout(r, 300));
			session.type('q');
			await session.waitForScreen((s) => s.includes('EXIT='));
			session.kill();
		} finally {
			proxy.close();
		}
		expect(proxy.requests).toContainEqual(expect.stringMatching(/^GET .*\/containers\/json/));
		expect(proxy.requests).toContainEqual(expect.stringMatching(/^POST .*\/exec/));
		expect(proxy.requests.filter((r) => !isReadOnlyCall(r))).toEqual([]);
		expect((await inspectState('checkout-web')).State.Status).toBe('running');

		// The same walk without --read-only, through the recorder too: the fix is a call it must catch.
		const writable = await recordingProxy();
		session = new TmuxSession(uniqueName('fix2'), { columns: 100, rows: 30, args: ['-H', writable.url] });
		await session.waitForScreen((s) => s.includes('checkout-web'));
		session.type('/checkout-web');
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes('d diagnose') && !s.includes('checkout-db'));
		session.type('de');
		await session.waitForScreen((s) => s.includes('f applies the fix'));
		session.type('f');
		await session.waitForScreen((s) =>
			s.includes('Apply the fix: docker network connect checkout-backend checkout-web ? (y/N)'),
		);
		session.type('n');
		await session.waitForScreen((s) => s.includes('f applies the fix'));
		session.type('f');
		await session.waitForScreen((s) => s.includes('(y/N)'));
		session.type('y');
		await session.waitForScreen((s) => s.includes('Connected checkout-web to checkout-backend.'));
		session.type('e');
		const after = await session.waitForScreen((s) => s.includes('No problem found'), 15_000);
		expect(after).toContain('Diagnosing checkout-web');
		writable.close();
		expect(writable.requests.filter((r) => !isReadOnlyCall(r))).toEqual([
			expect.stringMatching(/^POST .*\/networks\/checkout-backend\/connect$/),
		]);
		const networks = await docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', 'checkout-web');
		expect(Object.keys(JSON.parse(networks))).toContain('checkout-backend');
	} finally {
		await lab('reset', 'db-on-other-network');
	}
});

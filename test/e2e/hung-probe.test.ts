import { afterAll, afterEach, expect, it } from 'vitest';
import { removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { recordingProxy } from '../helpers/recording-proxy.js';
import { TmuxSession } from '../helpers/tmux.js';

const NAME = uniqueName('hung');
const label = `${TEST_LABEL}.group=${NAME}`;
let session: TmuxSession | undefined;
afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

const elapsedOf = (screen: string) =>
	Number(/Running: .* (\d+) s \(gives up after \d+ s\)/.exec(screen)?.[1]);

it('keeps drawing and answering keys while a probe hangs, then records the step as timed out', async () => {
	await runContainer(NAME, ['--label', label]);
	// Every exec the probes start is swallowed by the proxy: the engine never answers them.
	const proxy = await recordingProxy((request) => /^POST .*\/exec\/[^/]+\/start/.test(request));
	try {
		session = new TmuxSession(uniqueName('hungui'), { columns: 100, rows: 30, args: ['-H', proxy.url] });
		await session.waitForScreen((s) => s.includes(NAME));
		session.type(`/${NAME}`);
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes('d diagnose'));
		session.type('de');
		const hung = await session.waitForScreen((s) => elapsedOf(s) >= 1, 15_000);
		expect(proxy.requests.some((r) => /\/exec\/[^/]+\/start/.test(r))).toBe(true);
		// The clock keeps moving: the render loop is not blocked by the hung call.
		await session.waitForScreen((s) => elapsedOf(s) >= elapsedOf(hung) + 2, 5_000);
		// Keys still work: help opens and closes over the running diagnosis.
		session.type('?');
		await session.waitForScreen((s) => s.includes('Keys'), 3_000);
		session.keys('Escape');
		await session.waitForScreen((s) => s.includes('Running:'), 3_000);
		// Past the step's deadline the step is an error and the walk goes on to an end.
		const end = await session.waitForScreen(
			(s) => s.includes('Inconclusive') || s.includes('Root cause'),
			30_000,
		);
		expect(end).toContain('[ERR]');
		session.keys('Escape');
		await session.waitForScreen((s) => !s.includes('Diagnosing') && s.includes('NAME'), 3_000);
		session.type('q');
		expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
	} finally {
		proxy.close();
	}
}, 90_000);

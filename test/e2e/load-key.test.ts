import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	dockerStatus,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const NAME = uniqueName('bkey');
const label = `${TEST_LABEL}.group=${NAME}`;
const env = { XDG_STATE_HOME: mkdtempSync(path.join(os.tmpdir(), 'dm-bkey-')) };
let session: TmuxSession | undefined;

/** busybox httpd logs a "url:" line for each request it read (-vv): the server's own count. */
const logged = async () =>
	(await dockerStatus('logs', NAME)).stderr.split('\n').filter((l) => l.includes(' url:/')).length;

beforeAll(async () => {
	await runContainer(
		NAME,
		['--label', label, '-p', '127.0.0.1::8080'],
		['sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -vv -p 8080 -h /www'],
	);
});

afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

async function openStats(s: TmuxSession): Promise<void> {
	await s.waitForScreen((screen) => screen.includes('d diagnose'));
	s.type(`/${NAME}`);
	s.keys('Enter');
	await s.waitForScreen((screen) => screen.includes(`filter "${NAME}"`));
	s.keys('Enter');
	await s.waitForScreen((screen) => screen.includes('1 Stats') && screen.includes('u tune'));
}

describe('the load key of the stats pane (b)', () => {
	it('runs a load beside the live charts, the count the server logged, and the next run against it', async () => {
		session = new TmuxSession(`${NAME}-a`, { columns: 160, rows: 45, env });
		await openStats(session);
		const before = await logged();
		session.type('b');
		const done = await session.waitForScreen((s) => s.includes('1000 responses in'), 60_000);
		expect(done).toContain('Load run');
		expect(done).toMatch(/p50 [\d.]+ ms p95 [\d.]+ ms/);
		expect(done).toContain('0 errors, 0 timeouts, 0 non-2xx');
		// Beside the container's own live charts.
		expect(done).toContain('CPU % of one core');
		// The log driver copies lines after the fact: the count is awaited, up to what was sent.
		expect(
			await waitFor(async () => {
				const n = (await logged()) - before;
				return n >= 1000 ? n : null;
			}, 10_000),
		).toBe(1000);
		session.type('b');
		await session.waitForScreen(
			// The panel wraps beside the charts: its lines are matched apart.
			(s) => /Against the run of \S+:/.test(s) && /→ \d+ req\/s \(\d+\.\d\dx\)/.test(s),
			60_000,
		);
		session.keys('Escape');
		await session.waitForScreen((s) => !s.includes('Load run') && s.includes('b load'));
	}, 120_000);

	it('offers no load run with --read-only', async () => {
		session = new TmuxSession(`${NAME}-b`, { columns: 160, rows: 45, env, args: ['--read-only'] });
		await openStats(session);
		const before = await logged();
		expect(session.screen()).not.toContain('b load');
		// Keys are taken in order: H showing the history proves b came and went without a run.
		session.type('b');
		session.type('H');
		await session.waitForScreen((s) => s.includes('History, last 10m'));
		expect(session.screen()).not.toContain('Load run');
		expect(await logged()).toBe(before);
	}, 60_000);
});

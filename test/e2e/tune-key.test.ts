import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const NAME = uniqueName('ukey');
const label = `${TEST_LABEL}.group=${NAME}`;
const state = mkdtempSync(path.join(os.tmpdir(), 'dm-ukey-'));
let session: TmuxSession | undefined;

beforeAll(async () => {
	await runContainer(NAME, ['--label', label, '--cpus', '0.1'], ['sh', '-c', 'while :; do :; done']);
	await runContainer(`${NAME}-ro`, ['--label', label, '--cpus', '0.1'], ['sh', '-c', 'while :; do :; done']);
});

afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

/** Opens the details of one container, on the stats pane. */
async function openStats(s: TmuxSession, name: string): Promise<void> {
	await s.waitForScreen((screen) => screen.includes('d diagnose'));
	s.type(`/${name}`);
	s.keys('Enter');
	await s.waitForScreen((screen) => screen.includes(`filter "${name}"`));
	s.keys('Enter');
	await s.waitForScreen((screen) => screen.includes('1 Stats') && screen.includes('u tune'));
}

describe('the tuning view of the stats pane (u)', () => {
	it('advises a CPU limit from what the console saw, applies it after y, and charts before and after', async () => {
		session = new TmuxSession(`${NAME}-a`, { columns: 140, rows: 50, env: { XDG_STATE_HOME: state } });
		await openStats(session, NAME);
		session.type('u');
		const advice = await session.waitForScreen(
			(s) => /Throttled in \d+% of CPU periods/.test(s) && s.includes('To apply: docker update --cpus'),
			30_000,
		);
		expect(advice).toContain('(A applies it)');
		const cpus = Number(/To apply: docker update --cpus ([\d.]+)/.exec(advice)?.[1]);
		expect(cpus).toBeGreaterThanOrEqual(1);
		session.type('A');
		await session.waitForScreen((s) =>
			new RegExp(`Run docker update --cpus ${cpus} .*${NAME}\\? y/N`).test(s.replace(/\n/g, '')),
		);
		session.type('y');
		const after = await session.waitForScreen(
			(s) => s.includes('Applied at') && /CPU % after \([2-9]\d* readings\)/.test(s),
			30_000,
		);
		expect(after).toContain('CPU % before');
		// The engine holds the new limit (the docker CLI as the oracle).
		expect(Number((await docker('inspect', '-f', '{{.HostConfig.NanoCpus}}', NAME)).trim())).toBe(
			Math.round(cpus * 1e9),
		);
		// Another pane and back: the tuning view again, and nothing applied a second time unasked.
		session.type('2');
		await session.waitForScreen((s) => !s.includes('Applied at'));
		session.type('1');
		await session.waitForScreen((s) => s.includes('Tuning from the'));
		await new Promise((r) => setTimeout(r, 2000));
		const journal = readFileSync(path.join(state, 'dockmedic', 'actions.jsonl'), 'utf8');
		expect(journal.match(/"action":"tune \(docker update\)"/g)).toHaveLength(1);
		// u again: back to the live charts.
		session.type('u');
		await session.waitForScreen((s) => !s.includes('Tuning from the') && s.includes('u tune'));
		// Its busy loop now has a whole core: gone before it slows the other tests.
		await docker('rm', '-f', NAME);
	}, 90_000);

	it('with --read-only advises but offers no apply', async () => {
		session = new TmuxSession(`${NAME}-b`, { columns: 200, rows: 50, args: ['--read-only'] });
		await openStats(session, `${NAME}-ro`);
		session.type('u');
		const advice = await session.waitForScreen((s) => s.includes('To apply: docker update --cpus'), 30_000);
		expect(advice).toContain('(not from this console: --read-only)');
		expect(advice).not.toContain('A: apply');
		// Keys are taken in order, and a y/N would take the next one: H showing the history proves A asked nothing.
		session.type('A');
		session.type('H');
		await session.waitForScreen((s) => s.includes('History, last 10m'));
		expect((await docker('inspect', '-f', '{{.HostConfig.NanoCpus}}', `${NAME}-ro`)).trim()).toBe(
			'100000000',
		);
	}, 60_000);
});

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
	dockerStatus,
	removeLabelled,
	runContainer,
	stampKey,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('logpane');
const label = `${TEST_LABEL}.group=${GROUP}`;
const NAME = `${GROUP}-billing`;
let session: TmuxSession | undefined;

/** What the container writes, once: JSON, logfmt and plain lines of each level, and a Java trace on stderr. */
const SCRIPT = [
	`echo '{"level":"info","msg":"listening","port":8080}'`,
	`echo '{"level":"debug","msg":"cache warm"}'`,
	`echo 'time=2026-12-01T10:00:00Z level=warn msg="slow query" ms=900'`,
	`echo '{"level":"error","msg":"payment failed","user_id":42,"password":"hunter2"}' >&2`,
	`printf '%s\\n' '2026-12-01 10:00:01,002 ERROR [main] c.e.Billing - invoice 9 failed' 'java.lang.IllegalStateException: ledger closed' '	at com.example.Billing.post(Billing.java:42)' '	... 3 more' >&2`,
	`echo '2026-12-01 10:00:02,000 INFO  [main] c.e.Billing - next invoice'`,
	`echo 'level=error msg="queue full" queue=invoices'`,
	'echo last-line',
	'sleep 3600',
].join('; sleep 0.05; ');

beforeAll(async () => {
	await runContainer(NAME, ['--label', label], ['sh', '-c', SCRIPT]);
	await waitFor(async () => (await dockerStatus('logs', NAME)).stdout.includes('last-line'), 20_000, 100);
});
afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

/**
 * The oracle: `docker logs --timestamps` in time order, the error lines grep finds, each with the
 * trace lines right under it (indented, or the exception it logged).
 */
async function errorEntriesByDocker(): Promise<string[]> {
	const r = await dockerStatus('logs', '--timestamps', NAME);
	const lines = [...r.stdout.split('\n'), ...r.stderr.split('\n')]
		.filter(Boolean)
		.sort((a, b) => (stampKey(a.slice(0, a.indexOf(' '))) < stampKey(b.slice(0, b.indexOf(' '))) ? -1 : 1))
		.map((l) => l.slice(l.indexOf(' ') + 1));
	const out: string[] = [];
	let inError = false;
	for (const line of lines) {
		if (/"level":"error"| ERROR |level=error/.test(line)) inError = true;
		else if (!/^(\s|java\.)/.test(line)) inError = false;
		if (inError) out.push(line);
	}
	return out;
}

it('keeps error entries whole on e, saves exactly that view on s, expands JSON on Enter, copies with OSC 52 on y', async () => {
	const state = mkdtempSync(path.join(tmpdir(), 'dm-state-'));
	session = new TmuxSession(uniqueName('logpane'), {
		columns: 140,
		rows: 30,
		env: { XDG_STATE_HOME: state },
	});
	await session.waitForScreen((s) => s.includes(NAME));
	await session.openDetails(NAME);
	session.type('2');
	const all = await session.waitForScreen((s) => s.includes('last-line'));
	// Structured lines read message first, with the level in front; the time is left to the engine's.
	expect(all).toContain('INFO  listening  port=8080');
	expect(all).toContain(' W WARN  slow query  ms=900');
	// Secrets are masked on screen too (--show-secrets shows them).
	expect(all).toContain('!E ERROR payment failed  user_id=42  password=********');
	expect(all).not.toContain('hunter2');

	session.type('e');
	const errors = await session.waitForScreen((s) => s.includes('errors only'));
	expect(errors).not.toContain('listening');
	expect(errors).not.toContain('last-line');
	expect(errors).toContain('!E 2026-12-01 10:00:01,002 ERROR [main] c.e.Billing - invoice 9 failed');
	expect(errors).toContain('     at com.example.Billing.post(Billing.java:42)');
	expect(errors).toContain(' E ERROR queue full  queue=invoices');

	// The export is the filtered view, line for line as the container wrote it, the password masked.
	session.type('s');
	const saved = await session.waitForScreen((s) => /saved \d+ lines to /.test(s));
	const file = path.join(
		state,
		'dockmedic',
		'logs',
		readdirSync(path.join(state, 'dockmedic', 'logs'))[0] ?? '',
	);
	expect(saved).toContain(`saved 6 lines to ${state}/dockmedic/logs/${NAME}-`);
	const expected = (await errorEntriesByDocker()).map((l) =>
		l.replace('"hunter2"', '"********"').replace(/\t/g, '  '),
	);
	expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toEqual(expected);

	// Up to the JSON error line, Enter shows its whole object.
	session.type('e');
	await session.waitForScreen((s) => !s.includes('errors only'));
	session.type('/user_id=42');
	session.keys('Enter');
	await session.waitForScreen((s) => s.includes('"user_id=42": match 1 of 1'));
	session.keys('Enter');
	const expanded = await session.waitForScreen((s) => s.includes('"user_id": 42,'));
	expect(expanded).toContain('"msg": "payment failed",');
	expect(expanded).toContain('paused');

	// y sends the lines on screen (the expanded entry) to the terminal's clipboard, masked.
	const recording = session.recordOutput(1500);
	await new Promise((r) => setTimeout(r, 300));
	session.type('y');
	const bytes = (await recording).toString('latin1');
	const osc = /\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(bytes);
	expect(osc, 'an OSC 52 sequence in the terminal output').not.toBeNull();
	expect(Buffer.from(osc?.[1] ?? '', 'base64').toString('utf8')).toBe(
		'{"level":"error","msg":"payment failed","user_id":42,"password":"********"}',
	);
	expect(await session.waitForScreen((s) => s.includes('copied 1 line to the clipboard'))).toContain(
		'OSC 52',
	);
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('merges the logs of a Compose project on M, in the order of docker logs --timestamps, each line with its service', async () => {
	const project = `${GROUP}-shop`;
	const services = ['api', 'db', 'queue'];
	await Promise.all(
		services.map((service, i) =>
			runContainer(
				`${project}-${service}-1`,
				[
					'--label',
					label,
					'--label',
					`com.docker.compose.project=${project}`,
					'--label',
					`com.docker.compose.service=${service}`,
				],
				[
					'sh',
					'-c',
					`sleep 0.${i}; for n in 1 2 3 4 5; do echo "${service} says $n"; sleep 0.3; done; echo "${service} done"; sleep 3600`,
				],
			),
		),
	);
	await waitFor(
		async () =>
			(await Promise.all(services.map((s) => dockerStatus('logs', `${project}-${s}-1`)))).every((r) =>
				r.stdout.includes('done'),
			),
		20_000,
		100,
	);
	// The oracle: each container's docker logs --timestamps, put on one time axis.
	const oracle = (
		await Promise.all(
			services.map(async (service) =>
				(
					await dockerStatus('logs', '--timestamps', `${project}-${service}-1`)
				).stdout
					.split('\n')
					.filter(Boolean)
					.map((l) => ({ time: l.slice(0, l.indexOf(' ')), text: l.slice(l.indexOf(' ') + 1), service })),
			),
		)
	)
		.flat()
		.sort((a, b) => (stampKey(a.time) < stampKey(b.time) ? -1 : 1));
	expect(oracle).toHaveLength(18);

	session = new TmuxSession(uniqueName('logpane'), { columns: 120, rows: 36 });
	await session.waitForScreen((s) => s.includes(`${project}-db-1`));
	await session.openDetails(`${project}-db-1`);
	session.type('2');
	await session.waitForScreen((s) => s.includes('db done'));
	session.type('M');
	const merged = await session.waitForScreen(
		(s) =>
			s.includes('merged: 3 containers of the project') && s.includes('api done') && s.includes('queue done'),
	);
	const rows = merged
		.split('\n')
		.map((line) => /^\S*\s+(api|db|queue)\s+│ (.*)$/.exec(line))
		.filter((m) => m !== null)
		.map((m) => [m[1], m[2]?.trimEnd()]);
	expect(rows).toEqual(oracle.map((l) => [l.service, l.text]));
	// M again: this container alone.
	session.type('M');
	const alone = await session.waitForScreen((s) => !s.includes('merged:') && s.includes('db done'));
	expect(alone).not.toContain('api says');
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('shows only the current run with T at "since the container started", the older run at "all kept"', async () => {
	const name = `${GROUP}-restarted`;
	await runContainer(name, ['--label', label], ['sh', '-c', 'echo "run at $(date +%s)"; sleep 3600']);
	await waitFor(async () => (await dockerStatus('logs', name)).stdout.includes('run at'), 10_000, 100);
	// A second later (the window starts at the engine's whole seconds), a second run.
	await new Promise((r) => setTimeout(r, 1100));
	await dockerStatus('restart', '-t', '0', name);
	await waitFor(
		async () => (await dockerStatus('logs', name)).stdout.split('run at').length === 3,
		10_000,
		100,
	);
	const [first, second] = (await dockerStatus('logs', name)).stdout.trim().split('\n');
	session = new TmuxSession(uniqueName('logpane'), { columns: 120, rows: 30 });
	await session.waitForScreen((s) => s.includes(name));
	await session.openDetails(name);
	session.type('2');
	await session.waitForScreen((s) => s.includes(first ?? '?') && s.includes(second ?? '?'));
	session.type('TTT');
	const current = await session.waitForScreen(
		(s) => s.includes('since the container started') && s.includes(second ?? '?'),
	);
	expect(current).not.toContain(first);
	session.type('T');
	await session.waitForScreen((s) => s.includes(first ?? '?') && !s.includes('since the container started'));
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

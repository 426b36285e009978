import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dockmedic } from '../helpers/cli.js';
import {
	dockerStatus,
	removeLabelled,
	runContainer,
	stampKey,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';

const GROUP = uniqueName('logscli');
const label = `${TEST_LABEL}.group=${GROUP}`;
const API = `${GROUP}-api`;
const WORKER = `${GROUP}-worker`;
const LEGACY = `${GROUP}-legacy`;

/** A shell script that writes each line (to stdout, or stderr for lines starting "2>"), a little apart, then waits. */
function writes(lines: readonly string[]): string[] {
	const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
	const steps = lines.map((line) =>
		line.startsWith('2>') ? `printf '%s\\n' ${quote(line.slice(2))} >&2` : `printf '%s\\n' ${quote(line)}`,
	);
	return ['sh', '-c', `${steps.join('; sleep 0.02; ')}; echo done-writing; sleep 3600`];
}

const API_LINES = [
	'{"time":"2026-12-01T10:00:00Z","level":"info","msg":"listening","port":8080}',
	'{"time":"2026-12-01T10:00:01Z","level":"debug","msg":"cache warm"}',
	'{"time":"2026-12-01T10:00:02Z","level":"warn","msg":"slow query","ms":900}',
	'2>{"time":"2026-12-01T10:00:03Z","level":"error","msg":"payment failed","user_id":42,"password":"hunter2"}',
	'{"time":"2026-12-01T10:00:04Z","level":"info","msg":"GET /errors 200"}',
	'2>{"time":"2026-12-01T10:00:05Z","level":"error","msg":"payment failed","user_id":7}',
];
const WORKER_LINES = [
	'time=2026-12-01T10:00:00Z level=info msg="worker up" queue=jobs',
	'2>ERROR:root:job 12 failed',
	'2>Traceback (most recent call last):',
	'2>  File "/app/worker.py", line 8, in run',
	'2>    charge(job)',
	'2>ConnectionRefusedError: [Errno 111] Connection refused',
	'time=2026-12-01T10:00:02Z level=warn msg="retrying" attempt=2',
	'INFO:root:job 13 done',
];
const LEGACY_LINES = [
	'2026-12-01 10:00:00,001 INFO  [main] c.e.Billing - started',
	'2>2026-12-01 10:00:01,002 ERROR [main] c.e.Billing - invoice 9 failed',
	'2>java.lang.IllegalStateException: ledger closed',
	'2>\tat com.example.Billing.post(Billing.java:42)',
	'2>Caused by: java.sql.SQLException: connection reset',
	'2>\t... 3 more',
	'2026/12/01 10:00:02 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream',
	'2026-12-01 10:00:03,003 WARN  [main] c.e.Billing - retry later',
];

beforeAll(async () => {
	await Promise.all([
		runContainer(API, ['--label', label], writes(API_LINES)),
		runContainer(WORKER, ['--label', label], writes(WORKER_LINES)),
		runContainer(LEGACY, ['--label', label], writes(LEGACY_LINES)),
	]);
	await waitFor(
		async () => {
			const all = await Promise.all([API, WORKER, LEGACY].map((n) => dockerStatus('logs', n)));
			return all.every((r) => r.stdout.includes('done-writing'));
		},
		20_000,
		100,
	);
});

afterAll(() => removeLabelled(label));

type JsonRecord = {
	container: string;
	time: string;
	stream: string;
	level: string | null;
	continues: boolean;
	text: string;
};
const records = (stdout: string) =>
	stdout
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as JsonRecord);

/** The oracle: `docker logs --timestamps`, stdout and stderr, as (time, text, stream). */
async function dockerLogs(name: string) {
	const r = await dockerStatus('logs', '--timestamps', name);
	const parse = (text: string, stream: string) =>
		text
			.split('\n')
			.filter(Boolean)
			.map((line) => ({
				time: line.slice(0, line.indexOf(' ')),
				text: line.slice(line.indexOf(' ') + 1),
				stream,
			}));
	// Each stream comes apart from the CLI; in the order written they are one, by the engine's times.
	return [...parse(r.stdout, 'stdout'), ...parse(r.stderr, 'stderr')].sort((a, b) =>
		stampKey(a.time) < stampKey(b.time) ? -1 : 1,
	);
}

describe('dockmedic logs on the real engine', () => {
	it('keeps exactly the error entries, whole, as grep on docker logs finds their first lines', async () => {
		const result = await dockmedic(['logs', API, WORKER, LEGACY, '--level', 'error', '--format', 'json']);
		expect(result.code, result.stderr).toBe(0);
		const got = records(result.stdout);
		for (const [name, grep] of [
			[API, /"level":"error"/],
			[WORKER, /^ERROR:/],
			[LEGACY, / ERROR |\[error\]/],
		] as const) {
			const oracle = (await dockerLogs(name)).filter((l) => grep.test(l.text)).map((l) => l.text);
			const heads = got.filter((r) => r.container === name && !r.continues).map((r) => r.text);
			// The password in the JSON line is masked; everything else is as the container wrote it.
			expect(heads).toEqual(oracle.map((t) => t.replace('"hunter2"', '"********"')));
		}
		// Each trace stays under the line that logged it, every line of it.
		const worker = got.filter((r) => r.container === WORKER).map((r) => r.text);
		expect(worker).toEqual(WORKER_LINES.slice(1, 6).map((l) => l.slice(2)));
		const legacy = got.filter((r) => r.container === LEGACY).map((r) => r.text);
		expect(legacy).toEqual([
			...LEGACY_LINES.slice(1, 6).map((l) => l.slice(2).replace(/\t/g, '  ')),
			LEGACY_LINES[6],
		]);
		expect(got.every((r) => r.level === 'error')).toBe(true);
	});

	it('keeps warnings and up, and filters JSON and logfmt lines by a field', async () => {
		const warn = records(
			(await dockmedic(['logs', API, WORKER, '--level', 'warn', '--format', 'json'])).stdout,
		);
		expect(warn.filter((r) => !r.continues).map((r) => [r.container, r.level])).toEqual(
			expect.arrayContaining([
				[API, 'warn'],
				[API, 'error'],
				[WORKER, 'warn'],
				[WORKER, 'error'],
			]),
		);
		expect(warn.some((r) => r.level === 'info' || r.level === 'debug')).toBe(false);
		const user = await dockmedic(['logs', API, '--grep', 'user_id=42']);
		expect(user.stdout.trim()).toBe(
			'{"time":"2026-12-01T10:00:03Z","level":"error","msg":"payment failed","user_id":42,"password":"********"}',
		);
		const queue = await dockmedic(['logs', WORKER, '--grep', 'queue=jobs']);
		expect(queue.stdout).toContain('msg="worker up"');
		const none = await dockmedic(['logs', API, '--grep', 'user_id=99']);
		expect([none.code, none.stdout]).toEqual([1, '']);
	});

	it('merges three containers in timestamp order, agreeing line for line with docker logs --timestamps', async () => {
		const result = await dockmedic(['logs', API, WORKER, LEGACY, '--format', 'json']);
		const got = records(result.stdout);
		const mask = (t: string) => t.replace('"hunter2"', '"********"').replace(/\t/g, '  ');
		let total = 0;
		for (const name of [API, WORKER, LEGACY]) {
			// Each container's lines, in the merged output, are its docker logs, line for line, with their times.
			const oracle = await dockerLogs(name);
			const mine = got.filter((r) => r.container === name);
			expect(mine.map((r) => [r.text, Date.parse(r.time)])).toEqual(
				oracle.map((l) => [mask(l.text), Date.parse(l.time)]),
			);
			total += oracle.length;
		}
		expect(got).toHaveLength(total);
		// Between containers, entries come in the order they started; a trace is never cut by another's line.
		const heads = got.filter((r) => !r.continues);
		for (let i = 1; i < heads.length; i++)
			expect((heads[i]?.time ?? '') >= (heads[i - 1]?.time ?? '')).toBe(true);
		const trace = got.findIndex((r) => r.text.startsWith('Traceback'));
		expect(got.slice(trace - 1, trace + 4).every((r) => r.container === WORKER)).toBe(true);
		// As text, each line carries its container's name, padded to one column.
		const text = await dockmedic(['logs', API, WORKER, LEGACY]);
		const lines = text.stdout.trim().split('\n');
		expect(lines).toHaveLength(got.length);
		expect(lines[0]).toMatch(new RegExp(`^${got[0]?.container}\\s* \\| `));
	});

	it('cuts a time window with --since and --until at the engine timestamps', async () => {
		const sorted = await dockerLogs(API);
		const from = sorted[2]?.time ?? '';
		const to = sorted[4]?.time ?? '';
		const result = await dockmedic(['logs', API, '--since', from, '--until', to, '--format', 'json']);
		expect(records(result.stdout).map((r) => r.text)).toEqual(
			sorted.slice(2, 4).map((l) => l.text.replace('"hunter2"', '"********"')),
		);
	});

	it('follows two containers with --follow: new entries after the old ones, a trace written later kept whole', async () => {
		const child = spawn(process.execPath, [BIN, 'logs', API, WORKER, '--follow', '--tail', '1'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
		});
		try {
			await waitFor(() => out.includes(`${API} `) && out.includes(`${WORKER} `), 10_000, 50);
			await dockerStatus(
				'exec',
				API,
				'sh',
				'-c',
				'echo "{\\"level\\":\\"error\\",\\"msg\\":\\"late\\"}" > /proc/1/fd/1',
			);
			await dockerStatus(
				'exec',
				WORKER,
				'sh',
				'-c',
				'printf "Traceback (most recent call last):\\n  File \\"w.py\\", line 1\\nKeyError: 1\\n" > /proc/1/fd/2',
			);
			await waitFor(() => out.includes('KeyError: 1'), 10_000, 50);
			await waitFor(() => out.includes('"msg":"late"'), 10_000, 50);
		} catch (error) {
			throw new Error(`${(error as Error).message}; the output was:\n${out}`);
		} finally {
			child.kill('SIGTERM');
		}
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		expect(code).toBe(0);
		const lines = out.trim().split('\n');
		// The last line of each, then what came later: no line twice.
		expect(new Set(lines).size).toBe(lines.length);
		expect(lines.filter((l) => l.includes('"msg":"late"'))).toHaveLength(1);
		const trace = lines.findIndex((l) => l.includes('Traceback'));
		expect(lines.slice(trace, trace + 3).map((l) => l.slice(l.indexOf('| ') + 2))).toEqual([
			'Traceback (most recent call last):',
			'  File "w.py", line 1',
			'KeyError: 1',
		]);
	});

	it('says what is wrong with a missing container, a project nobody runs, a bad level or pattern', async () => {
		const missing = await dockmedic(['logs', `${GROUP}-nope`]);
		expect(missing.code).not.toBe(0);
		expect(missing.stderr).toMatch(/No such container|not found/i);
		expect(missing.stderr).not.toMatch(/\n\s+at /);
		const project = await dockmedic(['logs', '--project', `${GROUP}-none`]);
		expect(project.stderr).toContain(`No container of a Compose project "${GROUP}-none"`);
		const level = await dockmedic(['logs', API, '--level', 'loud']);
		expect(level.stderr).toContain('--level expects one of');
		const grep = await dockmedic(['logs', API, '--grep', '(']);
		expect(grep.stderr).toContain('is not a regular expression');
	});
});

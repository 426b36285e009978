import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName, waitFor } from '../helpers/docker.js';
import { EngineForwarder } from '../helpers/engine-forwarder.js';
import { freePort } from '../helpers/ports.js';

const GROUP = uniqueName('watch');
const label = `${TEST_LABEL}.group=${GROUP}`;
type Message = {
	type: string;
	container: string;
	trigger: string | null;
	cause: string | null;
	summary: string;
};
const received: Message[] = [];
let server: Server;
let watch: ChildProcess;
let stdout = '';
const incidentLog = path.join(mkdtempSync(path.join(tmpdir(), 'dm-watch-')), 'incidents.md');

beforeAll(async () => {
	// The webhook receiver: on loopback, keeps every JSON body it is sent.
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (d: Buffer) => {
			body += d.toString();
		});
		req.on('end', () => {
			received.push(JSON.parse(body) as Message);
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
	// A healthy container from before the watch starts, and one already crashed: found by the first scan.
	await runContainer(`${GROUP}-fine`, ['--label', label], ['sh', '-c', 'echo "serving"; sleep 3600']);
	await runContainer(
		`${GROUP}-crashed`,
		['--label', label],
		['sh', '-c', 'echo "Error: connect ECONNREFUSED 127.0.0.1:5999"; exit 3'],
	);
	watch = spawn(
		process.execPath,
		[
			BIN,
			'watch',
			'--label',
			label,
			'--webhook',
			url,
			'--incident-log',
			incidentLog,
			'--quiet',
			'1s',
			'--scan',
			'3s',
			'--stable',
			'3s',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	watch.stdout?.on('data', (d: Buffer) => {
		stdout += d.toString();
	});
});

afterAll(async () => {
	watch?.kill('SIGTERM');
	server?.close();
	await removeLabelled(label);
});

const alertsFor = (name: string) => received.filter((m) => m.container === name && m.type === 'alert');

it('alerts once each, with the right cause, for a crash, an OOM kill, a failing health check and a service logging connection errors; none for a healthy one', async () => {
	await waitFor(() => alertsFor(`${GROUP}-crashed`).length > 0, 20_000, 100);
	// Things that break while it watches.
	await runContainer(
		`${GROUP}-report`,
		['--label', label, '--memory', '32m', '--memory-swap', '32m'],
		['sh', '-c', 'echo "loading 40 MB"; data=$(head -c 40000000 /dev/zero | tr "\\0" x); echo done'],
	);
	await runContainer(
		`${GROUP}-api`,
		[
			'--label',
			label,
			'--health-cmd',
			'test -f /tmp/ready',
			'--health-interval',
			'1s',
			'--health-retries',
			'1',
		],
		['sleep', '3600'],
	);
	await runContainer(
		`${GROUP}-worker`,
		['--label', label],
		[
			'sh',
			'-c',
			'echo "worker up"; while true; do echo "Error: connect ECONNREFUSED 127.0.0.1:5999"; sleep 1; done',
		],
	);
	await waitFor(() => alertsFor(`${GROUP}-report`).length > 0, 30_000, 100);
	await waitFor(() => alertsFor(`${GROUP}-api`).length > 0, 30_000, 100);
	// The log triage counts errors past a container's first 15 s: the worker is found by a scan after that.
	await waitFor(() => alertsFor(`${GROUP}-worker`).length > 0, 45_000, 200);

	const causeOf = (name: string) => alertsFor(`${GROUP}-${name}`).map((m) => [m.trigger, m.cause]);
	// The cause is the one `dockmedic diagnose` names for the same container.
	const diagnosed = async (name: string) =>
		(
			JSON.parse((await dockmedic(['diagnose', `${GROUP}-${name}`, '--format', 'json'])).stdout) as {
				cause: { id: string } | null;
			}
		).cause?.id;
	expect(causeOf('crashed')).toEqual([[null, await diagnosed('crashed')]]);
	expect(causeOf('report')).toEqual([[expect.stringMatching(/^(oom|died)$/), 'oom-killed']]);
	expect(causeOf('api')).toEqual([['unhealthy', 'healthcheck-failing']]);
	expect(causeOf('worker')).toEqual([['failing', await diagnosed('worker')]]);
	expect(causeOf('worker')[0]?.[1]).toBeTruthy();
	expect(alertsFor(`${GROUP}-worker`)[0]?.summary).toMatch(/5999|refused/i);
	expect(received.filter((m) => m.container === `${GROUP}-fine`)).toEqual([]);

	// The health check passes again: one "recovered", and no second alert for anything.
	await docker('exec', `${GROUP}-api`, 'touch', '/tmp/ready');
	await waitFor(
		() => received.some((m) => m.container === `${GROUP}-api` && m.type === 'recovered'),
		30_000,
		200,
	);
	await new Promise((r) => setTimeout(r, 4000));
	for (const name of ['crashed', 'report', 'api', 'worker'])
		expect(alertsFor(`${GROUP}-${name}`), JSON.stringify(received)).toHaveLength(1);
	expect(received.filter((m) => m.type === 'recovered').map((m) => m.container)).toEqual([`${GROUP}-api`]);

	// The same messages went to stdout as JSON lines, and to the incident log in Markdown.
	// Sent at once to each: the same messages (HTTP posts may arrive in another order).
	const key = (m: Message) => `${m.type} ${m.container}`;
	const lines = stdout
		.split('\n')
		.filter((l) => l.startsWith('{') && l.endsWith('}'))
		.map((l) => JSON.parse(l) as Message);
	expect(lines.map(key).sort()).toEqual(received.map(key).sort());
	const log = readFileSync(incidentLog, 'utf8');
	expect(log).toContain(`## `);
	expect(log).toContain(`${GROUP}-api: healthcheck-failing`);
	expect(log).toContain(`${GROUP}-api: recovered`);

	// SIGTERM ends it cleanly.
	watch.kill('SIGTERM');
	const code = await new Promise<number | null>((resolve) => watch.on('close', resolve));
	expect(code).toBe(0);
}, 150_000);

/** A watch of its own on `host`, for the containers with `only`; its stdout messages and stderr kept. */
function watchOn(host: string, only: string, scan: string) {
	const child = spawn(
		process.execPath,
		[BIN, 'watch', '-H', host, '--label', only, '--quiet', '1s', '--scan', scan, '--stable', '3s'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const seen = { out: '', err: '' };
	child.stdout?.on('data', (d: Buffer) => {
		seen.out += d.toString();
	});
	child.stderr?.on('data', (d: Buffer) => {
		seen.err += d.toString();
	});
	const alerts = () =>
		seen.out
			.split('\n')
			.filter((l) => l.startsWith('{'))
			.map((l) => JSON.parse(l) as Message)
			.filter((m) => m.type === 'alert');
	return { child, seen, alerts };
}

it('waits for an engine that is down when it starts, then watches it', async () => {
	const only = `${TEST_LABEL}.watch=${GROUP}-late`;
	const forwarder = new EngineForwarder(await freePort());
	const late = watchOn(forwarder.url, only, '2s');
	try {
		await waitFor(() => late.seen.err.includes('trying again every 5 s'), 15_000, 100);
		expect(late.seen.err).toContain('connection refused');
		expect(late.child.exitCode).toBeNull();
		await forwarder.open();
		await waitFor(() => late.seen.err.includes('the engine answers; watching it'), 15_000, 100);
		await runContainer(
			`${GROUP}-late`,
			['--label', label, '--label', only],
			['sh', '-c', 'sleep 1; echo "FATAL: no config"; exit 4'],
		);
		const [alert] = await waitFor(() => (late.alerts().length ? late.alerts() : null), 30_000, 200);
		expect(alert).toMatchObject({ container: `${GROUP}-late` });
	} finally {
		late.child.kill('SIGTERM');
		await forwarder.cut();
	}
}, 60_000);

it('reads the events it missed while its connection to the engine was cut, from where it broke', async () => {
	const only = `${TEST_LABEL}.watch=${GROUP}-gap`;
	const forwarder = new EngineForwarder(await freePort());
	await forwarder.open();
	await runContainer(
		`${GROUP}-gap`,
		['--label', label, '--label', only],
		['sh', '-c', 'sleep 6; echo "FATAL: lost the queue"; exit 5'],
	);
	// Scans far apart: only the events stream can tell this death.
	const watcher = watchOn(forwarder.url, only, '10m');
	try {
		await waitFor(() => watcher.seen.err.includes('alerting'), 15_000, 100);
		await new Promise((r) => setTimeout(r, 2000));
		await forwarder.cut();
		// The container dies while nothing reaches the engine.
		await waitFor(
			async () => (await docker('inspect', '-f', '{{.State.Status}}', `${GROUP}-gap`)).trim() === 'exited',
			20_000,
			200,
		);
		await forwarder.open();
		const [alert] = await waitFor(() => (watcher.alerts().length ? watcher.alerts() : null), 30_000, 200);
		expect(alert).toMatchObject({ container: `${GROUP}-gap`, trigger: 'died' });
		await new Promise((r) => setTimeout(r, 3000));
		expect(watcher.alerts()).toHaveLength(1);
	} finally {
		watcher.child.kill('SIGTERM');
		await forwarder.cut();
	}
}, 60_000);

import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/engine/index.js';
import type { ContainerDetails } from '../../src/model/container.js';
import type { TaskSummary } from '../../src/model/swarm.js';
import { type ProbeKind, probes } from '../../src/playbooks/probes/index.js';
import type { ProbeEngine } from '../../src/playbooks/probes/probe.js';

/**
 * Each probe's facts against the schema it declares, with no engine: the probe's own code runs,
 * and a fake engine answers the calls it makes with what a real one would. Every probe, and
 * between them every fact each declares, must be seen at least once.
 */

type Overrides = Omit<Partial<ContainerDetails>, 'config' | 'hostConfig'> & {
	config?: Partial<ContainerDetails['config']>;
	hostConfig?: Partial<ContainerDetails['hostConfig']>;
};

function container(over: Overrides = {}): ContainerDetails {
	const { config, hostConfig, ...rest } = over;
	return {
		id: 'c0ffee000001',
		name: 'web',
		image: 'shop/web:1',
		state: 'running',
		status: 'Up 2 minutes',
		health: null,
		createdAt: '2026-01-01T10:00:00Z',
		ports: [],
		labels: {},
		exitCode: 0,
		oomKilled: false,
		restartCount: 0,
		error: '',
		pid: 42,
		startedAt: '2026-01-01T10:00:01.123456789Z',
		finishedAt: '0001-01-01T00:00:00Z',
		healthLog: [],
		mounts: [],
		networks: [
			{ name: 'shop', ipAddress: '172.18.0.3', gateway: '172.18.0.1', aliases: ['web'], networkId: 'n1' },
		],
		...rest,
		config: {
			user: '',
			env: ['PATH=/usr/bin'],
			cmd: ['/app/run.sh'],
			entrypoint: [],
			workingDir: '/app',
			tty: false,
			hostname: 'web',
			exposedPorts: [],
			healthcheck: null,
			...config,
		},
		hostConfig: {
			networkMode: 'shop',
			restartPolicy: { name: 'no', maximumRetryCount: 0 },
			memoryBytes: 0,
			memorySwapBytes: 0,
			autoRemove: false,
			nanoCpus: 0,
			cpuQuota: 0,
			cpuPeriod: 0,
			pidsLimit: null,
			readonlyRootfs: false,
			tmpfs: {},
			logDriver: 'json-file',
			extraHosts: [],
			dns: [],
			portBindings: {},
			...hostConfig,
		},
	};
}

/**
 * An engine that answers only the calls given, named as a probe makes them ("exec.run"); any other call
 * fails the probe, and so the test.
 */
function engine(calls: Record<string, unknown>): ProbeEngine {
	const refuse = (name: string) => {
		throw new Error(`the fake engine was asked for ${name}`);
	};
	const client = (prefix: string) =>
		new Proxy(
			{},
			{
				get: (_, key) =>
					key === 'then'
						? undefined
						: (calls[`${prefix}.${String(key)}`] ?? refuse(`${prefix}.${String(key)}`)),
			},
		);
	return new Proxy(
		{},
		{
			get: (_, key) =>
				key === 'then' ? undefined : key === 'info' ? (calls.info ?? refuse('info')) : client(String(key)),
		},
	) as ProbeEngine;
}

const ran = (stdout: string, exitCode = 0, stderr = ''): ExecResult => ({
	exitCode,
	stdout,
	stderr,
	timedOut: false,
});
const chunks = (text: string) => [{ stream: 'stdout' as const, data: Buffer.from(text) }];
/** /proc/net/tcp with these listening sockets (address in its little-endian hex, port). */
const procNetTcp = (...sockets: [string, number][]) =>
	[
		'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
		...sockets.map(
			([hex, port], i) =>
				`   ${i}: ${hex}:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1${i}`,
		),
	].join('\n');
const LOOPBACK = '0100007F';
const ANY = '00000000';

function elf(machine: number): Buffer {
	const head = Buffer.alloc(64);
	head.write('\x7fELF', 0, 'latin1');
	head.writeUInt16LE(machine, 18);
	return head;
}
const stat = (head: Buffer | string, uid = 0, gid = 0, mode = 0o100755) => ({
	uid,
	gid,
	mode,
	type: 'file' as const,
	head: typeof head === 'string' ? Buffer.from(head, 'latin1') : head,
});
const task = (over: Partial<TaskSummary>): TaskSummary => ({
	id: 't1',
	serviceId: 's1',
	slot: 1,
	node: 'vm1',
	desiredState: 'shutdown',
	state: 'failed',
	message: 'started',
	error: 'task: non-zero exit (3)',
	containerId: 'c0ffee000001',
	exitCode: 3,
	updatedAt: '2026-01-01T10:00:00Z',
	...over,
});

type Case = {
	readonly kind: ProbeKind;
	readonly what: string;
	readonly params?: Record<string, string | number | readonly string[]>;
	readonly subject?: ContainerDetails;
	readonly engine?: Record<string, unknown>;
};

const db = container({
	id: 'db0000000001',
	name: 'db',
	startedAt: '2026-01-01T10:00:05Z',
	networks: [
		{ name: 'back', ipAddress: '172.19.0.2', gateway: '172.19.0.1', aliases: ['db'], networkId: 'n2' },
	],
});
const composed = (name: string, service: string, over: Overrides = {}) =>
	container({
		name,
		id: `${name}00000000`,
		...over,
		labels: {
			'com.docker.compose.project': 'shop',
			'com.docker.compose.service': service,
			...over.labels,
		},
	});

const CASES: Case[] = [
	{ kind: 'container-state', what: 'a running container', subject: container() },
	{
		kind: 'container-state',
		what: 'a container killed by the OOM killer',
		subject: container({
			state: 'exited',
			exitCode: 137,
			oomKilled: true,
			finishedAt: '2026-01-01T10:00:09Z',
			hostConfig: { memoryBytes: 64 << 20 },
		}),
	},
	{
		kind: 'logs',
		what: 'error lines, a path, one pattern that matches and one that does not',
		params: {
			tail: 50,
			paths_from: 'denied',
			pattern_missing_env: 'variable ([A-Z_]+) is not set',
			pattern_fd: '(too many open files)',
		},
		engine: {
			'logs.read': async () =>
				chunks(
					'starting\nERROR: open /data/app.db: permission denied\nFATAL: variable SMTP_URL is not set\n',
				),
		},
	},
	{
		kind: 'logs',
		what: 'logs that cannot be read',
		engine: {
			'logs.read': async () => {
				throw new Error('configured logging driver does not support reading');
			},
		},
	},
	{ kind: 'env', what: 'a variable that is set', params: { name: 'PATH' } },
	{
		kind: 'mount-of-path',
		what: 'a path under an empty bind mount that hides the image files',
		params: { path: '/etc/app/config.yml' },
		subject: container({
			mounts: [
				{
					type: 'bind',
					source: '/srv/conf',
					destination: '/etc/app',
					rw: true,
					mode: '',
					propagation: 'rprivate',
				},
			],
		}),
		engine: {
			'helpers.run': async (_options: unknown, argv: readonly string[]) =>
				ran(argv.includes('/probe') ? '' : 'config.yml\ndefaults.yml\n'),
		},
	},
	{ kind: 'mount-of-path', what: 'a path on no mount', params: { path: '/tmp/x' } },
	{
		kind: 'dns',
		what: 'a name that resolves',
		params: { name: 'db' },
		engine: {
			'exec.run': async () =>
				ran(
					'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 172.19.0.2\n',
				),
		},
	},
	{
		kind: 'peer',
		what: 'a container on another network',
		params: { name: 'db' },
		engine: { 'containers.list': async () => [db], 'containers.inspect': async () => db },
	},
	{
		kind: 'peer',
		what: 'a name no container has',
		params: { name: 'dbb' },
		engine: { 'containers.list': async () => [db], 'containers.inspect': async () => db },
	},
	{
		kind: 'tcp',
		what: 'a refused connection',
		params: { host: 'db', port: '5432' },
		engine: { 'exec.run': async () => ran('', 1, 'nc: db (172.19.0.2:5432): Connection refused') },
	},
	{
		kind: 'listening',
		what: 'a server bound to loopback',
		params: { port: 5432 },
		engine: { 'exec.run': async () => ran(procNetTcp([LOOPBACK, 5432], [ANY, 8080])) },
	},
	{ kind: 'listening', what: 'a stopped container', subject: container({ state: 'exited' }) },
	{
		kind: 'write-access',
		what: 'a folder another user owns',
		params: { path: '/data/app.db', paths: ['/data/app.db'] },
		subject: container({
			config: { user: 'app' },
			mounts: [
				{ type: 'bind', source: '/srv/data', destination: '/data', rw: true, mode: '', propagation: '' },
			],
		}),
		engine: { 'exec.run': async () => ran('1000\n1000\n/data|1|0|0 0 755|1048576 40%\n') },
	},
	{
		kind: 'write-access',
		what: 'a full disk',
		subject: container({ hostConfig: { tmpfs: { '/cache': 'size=1m' } } }),
		engine: { 'exec.run': async () => ran('0\n0\n/cache|1|1|0 0 1777|12 99%\n') },
	},
	{
		kind: 'write-access',
		what: 'a read-only mount named by the logs',
		params: { path: '/data/app.db' },
		subject: container({
			mounts: [
				{ type: 'volume', source: 'data', destination: '/data', rw: false, mode: 'ro', propagation: '' },
			],
		}),
	},
	{
		kind: 'write-access',
		what: 'a read-only root filesystem',
		params: { path: '/var/lib/app/state' },
		subject: container({ hostConfig: { readonlyRootfs: true } }),
	},
	{
		kind: 'write-access',
		what: 'a stopped container whose user may not write',
		params: { path: '/data/app.db' },
		subject: container({ state: 'exited', config: { user: 'app' } }),
		engine: {
			'containers.statPath': async (_id: string, path: string) =>
				path === '/etc/passwd'
					? stat('root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n')
					: path === '/etc/group'
						? stat('root:x:0:\napp:x:1000:\n')
						: path === '/data'
							? stat('', 0, 0, 0o40755)
							: null,
		},
	},
	{
		kind: 'write-access',
		what: 'nothing to check',
		subject: container({ state: 'exited' }),
	},
	{
		kind: 'write-access',
		what: 'a writable folder',
		subject: container({
			mounts: [{ type: 'volume', source: 'data', destination: '/data', rw: true, mode: '', propagation: '' }],
		}),
		engine: { 'exec.run': async () => ran('1000\n1000\n/data|1|1|1000 1000 755|1048576 40%\n') },
	},
	{
		kind: 'health',
		what: 'a check whose tool is missing',
		subject: container({
			health: 'unhealthy',
			config: { healthcheck: ['CMD-SHELL', 'curl -f http://localhost/'] },
			healthLog: [{ start: '', end: '', exitCode: 127, output: 'sh: curl: not found' }],
		}),
	},
	{ kind: 'health', what: 'no health check', subject: container() },
	{ kind: 'log-driver', what: 'logs that read back', engine: { 'logs.read': async () => [] } },
	{
		kind: 'log-driver',
		what: 'a driver that keeps nothing',
		subject: container({ hostConfig: { logDriver: 'none' } }),
		engine: {
			'logs.read': async () => {
				throw new Error('configured logging driver does not support reading');
			},
		},
	},
	{
		kind: 'log-files',
		what: 'a log file written inside',
		engine: { 'exec.run': async () => ran('/var/log/app.log|GET / 200\n') },
	},
	{ kind: 'log-files', what: 'a stopped container', subject: container({ state: 'exited' }) },
	{
		kind: 'stats',
		what: 'a container at its pids limit',
		subject: container({ hostConfig: { memoryBytes: 256 << 20, nanoCpus: 5e8, pidsLimit: 32 } }),
		engine: {
			'stats.once': async () => ({
				read: '2026-01-01T10:00:02Z',
				cpu_stats: {
					cpu_usage: { total_usage: 2_000_000 },
					system_cpu_usage: 20_000_000,
					online_cpus: 2,
					throttling_data: { periods: 100, throttled_periods: 40, throttled_time: 1e9 },
				},
				precpu_stats: {
					cpu_usage: { total_usage: 1_000_000 },
					system_cpu_usage: 10_000_000,
					online_cpus: 2,
					throttling_data: { periods: 50, throttled_periods: 20, throttled_time: 5e8 },
				},
				memory_stats: { usage: 200 << 20, limit: 256 << 20, stats: { inactive_file: 0 } },
				pids_stats: { current: 32, limit: 32 },
			}),
		},
	},
	{ kind: 'stats', what: 'a stopped container', subject: container({ state: 'exited' }) },
	{
		kind: 'published-ports',
		what: 'published ports, one bound to loopback, one with no listener',
		subject: container({
			hostConfig: {
				portBindings: {
					'80/tcp': [{ hostIp: '', hostPort: '8080' }],
					'9000/tcp': [{ hostIp: '', hostPort: '9000' }],
				},
			},
		}),
		engine: { 'exec.run': async () => ran(procNetTcp([LOOPBACK, 80])) },
	},
	{
		kind: 'published-ports',
		what: 'one port that listens but is not published',
		params: { port: '3000' },
		engine: { 'exec.run': async () => ran(procNetTcp([ANY, 3000])) },
	},
	{ kind: 'published-ports', what: 'no published port' },
	{
		kind: 'published-ports',
		what: 'a stopped container with a published port',
		subject: container({
			state: 'exited',
			hostConfig: { portBindings: { '80/tcp': [{ hostIp: '', hostPort: '8080' }] } },
		}),
	},
	{ kind: 'network-mode', what: 'a container on a user-defined network' },
	{
		kind: 'restart-history',
		what: 'a container that keeps exiting',
		engine: {
			'events.history': async () => [
				{ id: 'c', action: 'die', name: 'web', time: 1, attributes: { exitCode: '0' } },
				{ id: 'c', action: 'oom', name: 'web', time: 2, attributes: {} },
				{ id: 'c', action: 'die', name: 'web', time: 3, attributes: { exitCode: '137' } },
			],
		},
	},
	{ kind: 'swarm-service', what: 'a container that is not a task' },
	{
		kind: 'swarm-service',
		what: 'a task on an engine that is not a manager',
		subject: container({ labels: { 'com.docker.swarm.service.name': 'api' } }),
		engine: { 'swarm.isManager': async () => false },
	},
	{
		kind: 'swarm-service',
		what: 'a task whose service fails',
		subject: container({ labels: { 'com.docker.swarm.service.name': 'api' } }),
		engine: {
			'swarm.isManager': async () => true,
			'swarm.services': async () => [
				{ id: 's1', name: 'api', image: 'api:1', mode: 'replicated', desired: 2, running: 1 },
			],
			'swarm.tasks': async () => [
				task({}),
				task({
					id: 't2',
					state: 'rejected',
					error: 'No such image: api:1',
					containerId: null,
					exitCode: null,
				}),
				task({ id: 't3', state: 'pending', desiredState: 'running', error: '', containerId: null }),
			],
		},
	},
	{
		kind: 'entrypoint',
		what: 'a binary for another CPU',
		params: { path: '/app/server' },
		engine: { info: { arch: 'x86_64' }, 'containers.statPath': async () => stat(elf(183)) },
	},
	{
		kind: 'entrypoint',
		what: 'a script saved with CRLF',
		engine: { 'containers.statPath': async () => stat('#!/bin/sh\r\necho hi\r\n') },
	},
	{
		kind: 'entrypoint',
		what: 'a script whose interpreter is missing',
		engine: {
			'containers.statPath': async (_id: string, path: string) =>
				path === '/app/run.sh' ? stat('#!/bin/bash\n') : null,
		},
	},
	{
		kind: 'entrypoint',
		what: 'a file that is no program',
		engine: { 'containers.statPath': async () => stat('hello, world\n') },
	},
	{
		kind: 'entrypoint',
		what: 'a file that does not exist',
		engine: { 'containers.statPath': async () => null },
	},
	{ kind: 'entrypoint', what: 'a relative command', subject: container({ config: { cmd: ['run.sh'] } }) },
	{ kind: 'compose-dependencies', what: 'a container Compose did not start' },
	{
		kind: 'compose-dependencies',
		what: 'a service held back by an unhealthy one it depends on',
		subject: composed('shop-web-1', 'web', {
			state: 'created',
			labels: { 'com.docker.compose.depends_on': 'db:service_healthy:false' },
		}),
		engine: {
			'containers.list': async () => [composed('shop-db-1', 'db', { health: 'unhealthy' })],
			'containers.inspect': async () => composed('shop-db-1', 'db', { health: 'unhealthy' }),
		},
	},
];

/** Checks facts against the probe's schema, with no fact it does not declare; returns the names seen. */
function expectConforms(
	kind: ProbeKind,
	params: Record<string, unknown>,
	facts: Readonly<Record<string, unknown>>,
) {
	const probe = probes[kind];
	const fromParams = probe.factsFromParams?.(params) ?? [];
	const declared = Object.fromEntries(Object.entries(facts).filter(([name]) => !fromParams.includes(name)));
	expect(probe.facts.strict().safeParse(declared).error?.issues ?? []).toEqual([]);
	// A pattern's capture: text, or null when nothing matched.
	for (const name of fromParams) expect(facts[name] === null || typeof facts[name] === 'string').toBe(true);
	return Object.keys(facts);
}

describe("each probe's facts", () => {
	const seen = new Map<ProbeKind, Set<string>>();

	it.each(CASES.map((c) => [c.kind, c.what, c] as const))('%s: %s', async (kind, _what, c) => {
		const params = c.params ?? {};
		const result = await probes[kind].run({
			engine: engine(c.engine ?? {}),
			subject: c.subject ?? container(),
			params,
			helperImage: 'busybox:latest',
			timeoutMs: 5000,
		});
		const names = expectConforms(kind, params, result.facts);
		const set = seen.get(kind) ?? new Set();
		for (const name of names) set.add(name);
		seen.set(kind, set);
		expect(result.evidence.length).toBeGreaterThan(0);
	});

	it('are all seen: every probe ran, and every fact it declares came out at least once', () => {
		const missing = Object.values(probes).flatMap((probe) =>
			Object.keys(probe.facts.shape)
				.filter((name) => !seen.get(probe.kind as ProbeKind)?.has(name))
				.map((name) => `${probe.kind}.${name}`),
		);
		expect(missing).toEqual([]);
	});
});

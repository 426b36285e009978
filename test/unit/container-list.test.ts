import { describe, expect, it } from 'vitest';
import {
	type ContainerRow,
	countByState,
	rowFromSummary,
	statusText,
	visibleRows,
} from '../../src/model/container-list.js';
import { formatPort, humanDuration, shortDuration, truncate } from '../../src/model/format.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

function row(over: Partial<ContainerRow>): ContainerRow {
	return {
		id: over.name ?? 'id',
		name: 'c',
		image: 'busybox',
		state: 'running',
		health: null,
		status: '',
		createdAt: ago(60_000),
		ports: [],
		labels: {},
		restartCount: 0,
		exitCode: null,
		oomKilled: false,
		startedAt: ago(60_000),
		finishedAt: null,
		detailed: true,
		...over,
	};
}

describe('docker-style durations and status text', () => {
	it.each([
		[0, 'Less than a second'],
		[1000, '1 second'],
		[45_000, '45 seconds'],
		[60_000, 'About a minute'],
		[3 * 60_000, '3 minutes'],
		[3600_000, 'About an hour'],
		[5 * 3600_000, '5 hours'],
		[3 * 86400_000, '3 days'],
	])('humanDuration(%i) is %s', (ms, text) => expect(humanDuration(ms)).toBe(text));

	it('writes the status line as docker ps does', () => {
		expect(statusText(row({ startedAt: ago(180_000) }), NOW)).toBe('Up 3 minutes');
		expect(statusText(row({ health: 'unhealthy', startedAt: ago(10_000) }), NOW)).toBe(
			'Up 10 seconds (unhealthy)',
		);
		expect(statusText(row({ health: 'starting', startedAt: ago(2000) }), NOW)).toBe(
			'Up 2 seconds (health: starting)',
		);
		expect(statusText(row({ state: 'exited', exitCode: 137, finishedAt: ago(7200_000) }), NOW)).toBe(
			'Exited (137) 2 hours ago',
		);
		expect(statusText(row({ state: 'restarting', exitCode: 1, finishedAt: ago(3000) }), NOW)).toBe(
			'Restarting (1) 3 seconds ago',
		);
		expect(statusText(row({ state: 'paused' }), NOW)).toBe('Up About a minute (Paused)');
		expect(statusText(row({ state: 'created', startedAt: null }), NOW)).toBe('Created');
	});

	it('reads the exit code out of the list status until inspect arrives', () => {
		const summary = {
			id: 'a',
			name: 'a',
			image: 'i',
			state: 'exited' as const,
			status: 'Exited (3) 5 minutes ago',
			health: null,
			createdAt: '',
			ports: [],
			labels: {},
		};
		expect(rowFromSummary(summary)).toMatchObject({ exitCode: 3, restartCount: null, detailed: false });
	});

	it('formats ports and short durations', () => {
		expect(formatPort({ privatePort: 80, type: 'tcp', publicPort: 8080, ip: '0.0.0.0' })).toBe(
			'0.0.0.0:8080->80/tcp',
		);
		expect(formatPort({ privatePort: 80, type: 'tcp', publicPort: 8080, ip: '::' })).toBe(
			'[::]:8080->80/tcp',
		);
		expect(formatPort({ privatePort: 53, type: 'udp' })).toBe('53/udp');
		expect(shortDuration(59_000)).toBe('59s');
		expect(shortDuration(3 * 3600_000)).toBe('3h');
		expect(truncate('abcdef', 4)).toBe('abc…');
		expect(truncate('abc', 4)).toBe('abc');
	});
});

describe('the list view', () => {
	const rows = [
		row({ name: 'web', image: 'nginx', state: 'running', createdAt: ago(1000) }),
		row({ name: 'db', image: 'postgres', state: 'exited', exitCode: 1, createdAt: ago(5000) }),
		row({ name: 'cache', image: 'redis', state: 'restarting', restartCount: 7, createdAt: ago(3000) }),
		row({ name: 'api', image: 'node', state: 'running', health: 'unhealthy', createdAt: ago(2000) }),
		row({ name: 'batch', image: 'busybox', state: 'created', createdAt: ago(4000) }),
	];
	const names = (view: Parameters<typeof visibleRows>[1]) => visibleRows(rows, view).map((r) => r.name);

	it('puts trouble first when sorted by state: the rows marked !, then by state, unhealthy before healthy', () => {
		expect(names({ showAll: true, filter: '', sort: 'state' })).toEqual([
			'cache',
			'db',
			'api',
			'batch',
			'web',
		]);
	});

	it('sorts by name, newest first, and most restarts', () => {
		expect(names({ showAll: true, filter: '', sort: 'name' })).toEqual([
			'api',
			'batch',
			'cache',
			'db',
			'web',
		]);
		expect(names({ showAll: true, filter: '', sort: 'created' })).toEqual([
			'web',
			'api',
			'cache',
			'batch',
			'db',
		]);
		expect(names({ showAll: true, filter: '', sort: 'restarts' })[0]).toBe('cache');
	});

	it('hides stopped containers unless all are shown, and filters by name or image', () => {
		expect(names({ showAll: false, filter: '', sort: 'name' })).toEqual(['api', 'cache', 'web']);
		expect(names({ showAll: true, filter: 'POST', sort: 'name' })).toEqual(['db']);
		expect(names({ showAll: true, filter: 'a', sort: 'name' })).toEqual(['api', 'batch', 'cache']);
	});

	it('counts containers by state', () => {
		expect(countByState(rows)).toMatchObject({
			total: 5,
			running: 2,
			exited: 1,
			restarting: 1,
			created: 1,
			paused: 0,
		});
	});
});

describe('stats math, with the docker CLI test vectors', () => {
	it('subtracts inactive page cache (v1 total_inactive_file, v2 inactive_file) only when smaller than usage', async () => {
		const { memoryUsage, blockIo, cpuPercent } = await import('../../src/model/stats.js');
		expect(memoryUsage({ usage: 500, limit: 1000, stats: { total_inactive_file: 400 } }).used).toBe(100);
		expect(memoryUsage({ usage: 500, limit: 1000, stats: { inactive_file: 600 } }).used).toBe(500);
		expect(memoryUsage({ usage: 500, limit: 1000, stats: { inactive_file: 100 } }).used).toBe(400);
		expect(
			blockIo({
				blkio_stats: {
					io_service_bytes_recursive: [
						{ op: 'Read', value: 3 },
						{ op: 'write', value: 5 },
						{ op: '', value: 9 },
						{ op: 'Total', value: 8 },
					],
				},
			}),
		).toEqual({ read: 3, write: 5 });
		const cpu = (total: number, system: number, online?: number, percpu?: number[]) => ({
			cpu_usage: { total_usage: total, ...(percpu ? { percpu_usage: percpu } : {}) },
			system_cpu_usage: system,
			...(online !== undefined ? { online_cpus: online } : {}),
		});
		expect(cpuPercent({ cpu_stats: cpu(200, 2000, 2), precpu_stats: cpu(100, 1000, 2) })).toBeCloseTo(20);
		// online_cpus 0: count the percpu entries.
		expect(
			cpuPercent({ cpu_stats: cpu(200, 2000, 0, [1, 1, 1, 1]), precpu_stats: cpu(100, 1000) }),
		).toBeCloseTo(40);
	});

	it('turns cumulative network and block counters into per-second rates', async () => {
		const { ioRates } = await import('../../src/model/stats.js');
		const at = (time: number, bytes: number) =>
			({
				time,
				netRxBytes: bytes,
				netTxBytes: bytes / 2,
				blockReadBytes: 0,
				blockWriteBytes: bytes,
			}) as never;
		expect(ioRates(at(1000, 1000), at(3000, 5000))).toEqual({ rx: 2000, tx: 1000, read: 0, write: 2000 });
		expect(ioRates(undefined, at(3000, 5000))).toEqual({ rx: 0, tx: 0, read: 0, write: 0 });
	});

	it('reads the CPU limit from --cpus or a CFS quota', async () => {
		const { cpuLimit } = await import('../../src/model/stats.js');
		expect(cpuLimit({ nanoCpus: 5e8, cpuQuota: 0, cpuPeriod: 0 })).toBe(0.5);
		expect(cpuLimit({ nanoCpus: 0, cpuQuota: 150_000, cpuPeriod: 0 })).toBe(1.5);
		expect(cpuLimit({ nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0 })).toBe(0);
	});

	it('keeps a bounded history', async () => {
		const { RingBuffer } = await import('../../src/model/ring-buffer.js');
		const ring = new RingBuffer<number>(3);
		for (const n of [1, 2, 3, 4, 5]) ring.push(n);
		expect(ring.toArray()).toEqual([3, 4, 5]);
		expect(ring.last()).toBe(5);
	});
});

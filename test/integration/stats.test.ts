import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../src/cli/commands/console-session.js';
import type { StatsEntry } from '../../src/cli/commands/stats.js';
import { deriveSample, type StatsSample } from '../../src/model/stats.js';
import { dockmedic } from '../helpers/cli.js';
import {
	docker,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	testEngine,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';

const GROUP = uniqueName('stats');
const label = `${TEST_LABEL}.group=${GROUP}`;
const burner = `${GROUP}-burner`;
const filler = `${GROUP}-filler`;
const idle = `${GROUP}-idle`;

/** Parses docker's "12.3MiB" units. */
function bytes(text: string): number {
	const m = /([\d.]+)\s*([KMGT]?i?B)/.exec(text);
	const units: Record<string, number> = {
		B: 1,
		KiB: 1024,
		MiB: 1024 ** 2,
		GiB: 1024 ** 3,
		kB: 1000,
		MB: 1e6,
		GB: 1e9,
	};
	return m ? Number(m[1]) * (units[m[2] ?? 'B'] ?? 1) : Number.NaN;
}

beforeAll(async () => {
	await runContainer(idle, ['--label', label]);
	await runContainer(burner, ['--label', label, '--cpus', '0.5'], ['sh', '-c', 'while :; do :; done']);
	// Holds about 30 MB in PID 1 (the trailing echo keeps the shell, and its variable, alive).
	await runContainer(
		filler,
		['--label', label, '--memory', '96m'],
		['sh', '-c', 'x=$(head -c 30000000 /dev/zero | tr "\\0" a); sleep 3600; echo "$x"'],
	);
	await waitFor(
		async () => bytes(await docker('stats', '--no-stream', '--format', '{{.MemUsage}}', filler)) > 25e6,
		20_000,
		500,
	);
});

afterAll(() => removeLabelled(label));

describe('dockmedic stats --no-stream --format json, against docker stats --no-stream', () => {
	it('agrees on CPU under --cpus 0.5 (±10 points), shows it as its limit, and shows the throttling', async () => {
		const [result, theirs] = await Promise.all([
			dockmedic(['stats', burner, '--no-stream', '--format', 'json']),
			docker('stats', '--no-stream', '--format', '{{.CPUPerc}}', burner),
		]);
		expect(result.code).toBe(0);
		const [ours] = JSON.parse(result.stdout) as StatsEntry[];
		expect(ours?.name).toBe(burner);
		expect(Math.abs((ours?.cpuPercent ?? 0) - Number.parseFloat(theirs))).toBeLessThan(10);
		expect(ours?.cpuPercent).toBeGreaterThan(35);
		expect(ours?.cpuOfLimitPercent).toBeGreaterThan(70);
		expect(ours?.throttledRatio).toBeGreaterThan(0.5);
		expect(ours?.throttledPeriods).toBeGreaterThan(0);
	});

	it('agrees on memory usage (page cache excluded, ±10 %) and limit under --memory', async () => {
		const [result, theirs] = await Promise.all([
			dockmedic(['stats', filler, '--no-stream', '--format', 'json']),
			docker('stats', '--no-stream', '--format', '{{.MemUsage}}', filler),
		]);
		const [ours] = JSON.parse(result.stdout) as StatsEntry[];
		const [usage = '', limit = ''] = theirs.split('/');
		expect(Math.abs((ours?.memoryUsageBytes ?? 0) - bytes(usage)) / bytes(usage)).toBeLessThan(0.1);
		expect(ours?.memoryLimitBytes).toBe(bytes(limit));
		expect(ours?.memoryLimitBytes).toBe(96 * 1024 * 1024);
		expect(ours?.memoryPercent).toBeGreaterThan(25);
		for (const key of ['netRxBytes', 'netTxBytes', 'blockReadBytes', 'blockWriteBytes', 'pids'] as const)
			expect(typeof ours?.[key]).toBe('number');
	});

	it('polled one-shot readings (the list rows) agree with docker stats on CPU, at the asked pace', async () => {
		const engine = await testEngine();
		const controller = new AbortController();
		const samples: StatsSample[] = [];
		const polling = engine.stats.poll(burner, controller.signal, (raw) => {
			samples.push(deriveSample(raw, 0.5));
			if (samples.length === 3) controller.abort();
			return 1500;
		});
		const theirs = await docker('stats', '--no-stream', '--format', '{{.CPUPerc}}', burner);
		await polling;
		expect(samples).toHaveLength(3);
		for (const sample of samples) {
			expect(Math.abs(sample.cpuPercent - Number.parseFloat(theirs))).toBeLessThan(10);
			expect(sample.throttledRatio).toBeGreaterThan(0.5);
		}
		const [, second, third] = samples;
		expect((third?.time ?? 0) - (second?.time ?? 0)).toBeGreaterThan(1200);
	});

	it('the console reads list rows often while they work and seldom while idle, instead of streaming', async () => {
		const session = openSession({ host: 'unix:///var/run/docker.sock' });
		try {
			session.rowStats.setWatched([burner, idle]);
			await new Promise((r) => setTimeout(r, 12_000));
			const snapshot = session.rowStats.getSnapshot();
			// Busy: a reading after 1 s, then every 2 s. Idle: after 1 s and 3 s, then not for 10 s. (A stream
			// would give each about one a second; the snapshot lags the readings by up to 2 s.)
			expect(snapshot.get(burner)?.cpu.length).toBeGreaterThanOrEqual(3);
			expect(snapshot.get(idle)?.cpu.length).toBeGreaterThanOrEqual(1);
			// Under a loaded suite a broadcast on the bridge can make one idle reading look busy: one more is
			// still far from a stream's twelve, and fewer than the busy one's.
			expect(snapshot.get(idle)?.cpu.length).toBeLessThanOrEqual(3);
			expect(snapshot.get(idle)?.cpu.length ?? 0).toBeLessThan(snapshot.get(burner)?.cpu.length ?? 0);
		} finally {
			session.rowStats.stop();
			await session.store.stop();
		}
	});

	it('prints a table, and explains a stopped container with exit 1', async () => {
		const table = await dockmedic(['stats', burner, '--no-stream']);
		expect(table.stdout).toMatch(/^NAME\s+CPU %\s+MEM USAGE \/ LIMIT/);
		expect(table.stdout).toContain('% of limit');
		await docker('stop', '-t', '0', filler);
		const stopped = await dockmedic(['stats', filler, '--no-stream']);
		expect(stopped.code).toBe(1);
		expect(stopped.stderr).toContain('is exited: it has no stats');
	});
});

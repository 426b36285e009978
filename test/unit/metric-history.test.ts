import { describe, expect, it } from 'vitest';
import {
	historyFromSamples,
	historyQueries,
	instantValue,
	looksLikeLeak,
	onGrid,
	PrometheusAnswerError,
	promqlString,
	rangePoints,
	slopePerHour,
} from '../../src/model/metric-history.js';
import type { StatsSample } from '../../src/model/stats.js';
import { SampleHistory } from '../../src/store/sample-history.js';
import { statsSample } from '../helpers/samples.js';

const MiB = 1024 * 1024;

describe('the PromQL a history is read with', () => {
	it('quotes a container name so no label value can break out of its string', () => {
		expect(promqlString('web')).toBe('"web"');
		expect(promqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
		const q = historyQueries('dockmedic', 'x"}) or vector(1) #', 600, 9);
		expect(q.memory).toBe('max(dockmedic_container_memory_bytes{container="x\\"}) or vector(1) #"})');
	});

	it("reads dockmedic watch's series, or cAdvisor's by the container's name", () => {
		const own = historyQueries('dockmedic', 'api', 3600, 36);
		expect(own.restarts).toContain('max_over_time(dockmedic_container_restarts{container="api"}[3600s])');
		expect(own.peakMemory).toBe(
			'max(max_over_time(dockmedic_container_memory_bytes{container="api"}[3600s]))',
		);
		const cadvisor = historyQueries('cadvisor', 'api', 3600, 36);
		expect(cadvisor.memory).toBe('sum(container_memory_working_set_bytes{name="api"})');
		expect(cadvisor.cpu).toBe('sum(rate(container_cpu_usage_seconds_total{name="api"}[72s])) * 100');
		expect(cadvisor.restarts).toBe('max(changes(container_start_time_seconds{name="api"}[3600s]))');
	});
});

describe("Prometheus's answers", () => {
	it('takes the points of a range answer and the value of an instant one', () => {
		const range = {
			status: 'success',
			data: {
				resultType: 'matrix',
				result: [
					{
						metric: {},
						values: [
							[100, '1.5'],
							[109, 'NaN'],
							[118, '3'],
						],
					},
				],
			},
		};
		expect(rangePoints(range)).toEqual([
			[100, 1.5],
			[118, 3],
		]);
		expect(rangePoints({ status: 'success', data: { resultType: 'matrix', result: [] } })).toEqual([]);
		expect(
			instantValue({ status: 'success', data: { resultType: 'vector', result: [{ value: [1, '42'] }] } }),
		).toBe(42);
		expect(instantValue({ status: 'success', data: { resultType: 'vector', result: [] } })).toBeNull();
	});

	it('says what is wrong with an answer that is an error or not from Prometheus', () => {
		expect(() => rangePoints({ status: 'error', error: 'parse error at char 5' })).toThrow(
			'Prometheus refused the query: parse error at char 5',
		);
		expect(() => rangePoints({ hello: 'world' })).toThrow(PrometheusAnswerError);
		expect(() => rangePoints({ status: 'success', data: { resultType: 'vector', result: [] } })).toThrow(
			'without a matrix',
		);
	});
});

describe('points on the time grid', () => {
	it('drops the steps before the series starts and carries a gap inside it, counted', () => {
		const grid = onGrid(
			[
				[130, 5],
				[140, 6],
				[160, 8],
			],
			100,
			10,
			7,
		);
		expect(grid).toEqual({ values: [5, 6, 6, 8], firstStep: 3, lastStep: 6, gaps: 1 });
		expect(onGrid([], 100, 10, 7).values).toEqual([]);
		// A series that starts a step later (a rate) is drawn on the other's steps: one time axis for both.
		const later = onGrid(
			[
				[140, 1],
				[160, 2],
			],
			100,
			10,
			7,
			grid,
		);
		expect(later.values).toEqual([1, 1, 1, 2]);
		expect(later.firstStep).toBe(3);
	});
});

describe('what the figures say', () => {
	it('measures the slope in bytes an hour', () => {
		expect(slopePerHour([0, 10, 20, 30], 10)).toBeCloseTo(3600);
		expect(slopePerHour([5], 10)).toBe(0);
	});

	it('calls a steady rise a leak, and not a sawtooth, a flat line or a rise of a few bytes', () => {
		const rising = [10, 12, 14, 15, 17, 19, 21].map((m) => m * MiB);
		expect(looksLikeLeak({ memoryBytes: rising, memorySlopePerHour: slopePerHour(rising, 60) })).toBe(true);
		const sawtooth = [10, 20, 10, 20, 10, 21, 10, 22].map((m) => m * MiB);
		expect(looksLikeLeak({ memoryBytes: sawtooth, memorySlopePerHour: slopePerHour(sawtooth, 60) })).toBe(
			false,
		);
		const flat = [10, 10, 10, 10, 10].map((m) => m * MiB);
		expect(looksLikeLeak({ memoryBytes: flat, memorySlopePerHour: 0 })).toBe(false);
		const tiny = [100, 101, 102, 103, 104].map((m) => m * MiB);
		expect(looksLikeLeak({ memoryBytes: tiny, memorySlopePerHour: slopePerHour(tiny, 60) })).toBe(false);
	});
});

function sample(time: number, memoryUsageBytes: number, cpuPercent = 1): StatsSample {
	return statsSample(time, {
		cpuPercent,
		memoryUsageBytes,
		memoryLimitBytes: 512 * MiB,
		memoryPercent: (memoryUsageBytes / (512 * MiB)) * 100,
	});
}

describe("the console's own samples as history", () => {
	it('averages them into steps over the window and keeps the true peaks', () => {
		const now = 1_000_000_000;
		// Ten minutes at one sample a second, memory rising 1 MiB a minute; an old sample outside the window.
		const samples = [sample(now - 3_600_000, 900 * MiB, 90)];
		for (let s = 600; s > 0; s--)
			samples.push(sample(now - s * 1000, (20 + (600 - s) / 60) * MiB, s === 300 ? 50 : 1));
		const history = historyFromSamples(samples, 600, 60, now);
		expect(history.source).toBe('session');
		expect(history.memoryBytes).toHaveLength(60);
		expect(history.peakMemoryBytes).toBeCloseTo((20 + 599 / 60) * MiB, -3);
		expect(history.peakCpuPercent).toBe(50);
		expect(history.memorySlopePerHour / MiB).toBeCloseTo(60, 0);
		expect(looksLikeLeak(history)).toBe(true);
		expect(history.memoryLimitBytes).toBe(512 * MiB);
		expect(history.restarts).toBeNull();
	});

	it('keeps an hour for the last few containers looked at', () => {
		const kept = new SampleHistory(3, 2);
		for (let i = 0; i < 5; i++) kept.add('a', sample(i, i));
		kept.add('b', sample(0, 0));
		kept.add('a', sample(5, 5));
		kept.add('c', sample(0, 0));
		expect(kept.samples('a').map((s) => s.time)).toEqual([3, 4, 5]);
		// b was looked at longest ago: it went.
		expect(kept.samples('b')).toEqual([]);
		expect(kept.samples('c')).toHaveLength(1);
	});
});

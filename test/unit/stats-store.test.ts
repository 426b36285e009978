import { describe, expect, it, vi } from 'vitest';
import { sparkline } from '../../src/model/format.js';
import { nextReadingMs, type StatsSample } from '../../src/model/stats.js';
import { StatsStore } from '../../src/store/stats-store.js';

const sample = (cpu: number) => ({ cpuPercent: cpu, memoryPercent: cpu / 2 }) as StatsSample;

describe('stats for the rows on screen', () => {
	it('opens a stream per watched row only, closes those that leave the screen, and publishes at most every two seconds', async () => {
		vi.useFakeTimers();
		const open = new Map<string, (s: StatsSample) => void>();
		const aborted: string[] = [];
		const store = new StatsStore(async (id, signal, onSample) => {
			open.set(id, onSample);
			await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
			aborted.push(id);
		});
		const notified = vi.fn();
		store.subscribe(notified);
		store.setWatched(['a', 'b']);
		expect(store.openStreams).toBe(2);
		for (const cpu of [10, 20, 30]) open.get('a')?.(sample(cpu));
		expect(notified).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1000);
		expect(notified).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1000);
		expect(notified).toHaveBeenCalledTimes(1);
		expect(store.getSnapshot().get('a')?.cpu).toEqual([10, 20, 30]);
		store.setWatched(['b', 'c']);
		await vi.runAllTimersAsync();
		expect(aborted).toEqual(['a']);
		expect(store.openStreams).toBe(2);
		store.stop();
		await vi.runAllTimersAsync();
		expect(store.openStreams).toBe(0);
		vi.useRealTimers();
	});

	it('opens the stream of a row again after a pause when it ends while the row is still watched (engine restarted)', async () => {
		vi.useFakeTimers();
		const opened: string[] = [];
		const store = new StatsStore(async (id) => {
			opened.push(id);
			throw new Error('the engine went away');
		});
		store.setWatched(['a']);
		await vi.advanceTimersByTimeAsync(4000);
		expect(opened).toEqual(['a']);
		await vi.advanceTimersByTimeAsync(1500);
		expect(opened).toEqual(['a', 'a']);
		store.setWatched([]);
		await vi.advanceTimersByTimeAsync(20_000);
		expect(opened).toEqual(['a', 'a']);
		vi.useRealTimers();
	});

	it('draws sparklines scaled to a maximum, in Unicode or ASCII', () => {
		expect(sparkline([0, 50, 100], 3, { max: 100 })).toBe('▁▅█');
		expect(sparkline([0, 100], 4, { max: 100, ascii: true })).toBe('  _#');
	});
});

describe('the pace of stats readings for list rows', () => {
	const pace = { busyMs: 2000, quietMs: 10_000 };
	const base = {
		time: 0,
		cpuPercent: 0.1,
		memoryUsageBytes: 50e6,
		netRxBytes: 1000,
		netTxBytes: 1000,
		blockReadBytes: 0,
		blockWriteBytes: 0,
	} as StatsSample;
	const later = (change: Partial<StatsSample>) => ({ ...base, time: 2000, ...change }) as StatsSample;

	it('reads an idle container seldom, and one that works, grows or does I/O often', () => {
		expect(nextReadingMs(undefined, base, pace)).toBe(2000);
		expect(nextReadingMs(base, later({}), pace)).toBe(10_000);
		expect(nextReadingMs(base, later({ cpuPercent: 3 }), pace)).toBe(2000);
		expect(nextReadingMs(base, later({ memoryUsageBytes: 60e6 }), pace)).toBe(2000);
		expect(nextReadingMs(base, later({ netRxBytes: 5000 }), pace)).toBe(2000);
		expect(nextReadingMs(base, later({ blockWriteBytes: 4096 }), pace)).toBe(2000);
	});
});

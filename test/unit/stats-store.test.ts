import { describe, expect, it, vi } from 'vitest';
import { sparkline } from '../../src/model/format.js';
import type { StatsSample } from '../../src/model/stats.js';
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

	it('draws sparklines scaled to a maximum, in Unicode or ASCII', () => {
		expect(sparkline([0, 50, 100], 3, { max: 100 })).toBe('▁▅█');
		expect(sparkline([0, 100], 4, { max: 100, ascii: true })).toBe('  _#');
	});
});

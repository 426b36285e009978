import type { StatsSample } from '../../src/model/stats.js';

/** A stats sample with quiet defaults (one task, nothing used, nothing throttled, no limits), then `over`. */
export function statsSample(time: number, over: Partial<StatsSample> = {}): StatsSample {
	return {
		time,
		cpuPercent: 0,
		cpuOfLimitPercent: null,
		memoryUsageBytes: 0,
		memoryLimitBytes: 0,
		memoryPercent: 0,
		netRxBytes: 0,
		netTxBytes: 0,
		blockReadBytes: 0,
		blockWriteBytes: 0,
		pids: 1,
		pidsLimit: null,
		throttledPeriods: 0,
		throttledTimeNs: 0,
		cpuPeriods: 0,
		throttledRatio: 0,
		...over,
	};
}

import { describe, expect, it } from 'vitest';
import type { StatsSample } from '../../src/model/stats.js';
import {
	type CurrentLimits,
	cpusArg,
	memoryArg,
	raisedLimit,
	serviceUpdateCommand,
	type TuningInput,
	tuningOf,
	updateCommand,
} from '../../src/model/tuning.js';
import { statsSample } from '../helpers/samples.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const T0 = Date.UTC(2025, 0, 1);

/** A sample with quiet defaults on an 8 GiB host: one task, nothing used, nothing throttled. */
const sample = (time: number, over: Partial<StatsSample> = {}): StatsSample =>
	statsSample(time, { memoryLimitBytes: 8 * GiB, ...over });

/** `count` samples `everySeconds` apart, the i-th shaped by `shape`. */
const series = (count: number, everySeconds: number, shape: (i: number) => Partial<StatsSample>) =>
	Array.from({ length: count }, (_, i) => sample(T0 + i * everySeconds * 1000, shape(i)));

const limits = (over: Partial<CurrentLimits> = {}): CurrentLimits => ({
	nanoCpus: 0,
	cpuQuota: 0,
	cpuPeriod: 0,
	memoryBytes: 0,
	memorySwapBytes: 0,
	pidsLimit: null,
	restartPolicy: 'unless-stopped',
	...over,
});

const input = (over: Partial<TuningInput>): TuningInput => ({
	container: 'web',
	samples: [],
	limits: limits(),
	oomKilled: false,
	restartCount: 0,
	hostCpus: 4,
	hostMemoryBytes: 8 * GiB,
	...over,
});

/** Limits that fit a container using 0.2 CPUs, 100 MiB and 10 tasks, so a test can look at one resource. */
const fitting = limits({
	nanoCpus: 0.5e9,
	memoryBytes: 256 * MiB,
	memorySwapBytes: 256 * MiB,
	pidsLimit: 128,
});
const steady = (over: Partial<StatsSample> = {}) =>
	series(61, 10, () => ({ cpuPercent: 20, memoryUsageBytes: 100 * MiB, pids: 10, ...over }));

describe('CPU advice', () => {
	// A busy loop under --cpus 0.1: pinned at the limit, throttled in nine periods of ten.
	const busyLoop = series(61, 10, (i) => ({
		cpuPercent: 9.8 + (i % 3) * 0.15,
		throttledRatio: 0.88 + (i % 5) * 0.01,
		throttledPeriods: i * 90,
		throttledTimeNs: i * 8e8,
		cpuPeriods: i * 100,
		pids: 1,
		memoryUsageBytes: 100 * MiB,
	}));

	it("judges throttling by the kernel's counters over the window, not a reading that spans a change", () => {
		// Just after a limit was raised: the first reading still carries the old throttling.
		const after = series(6, 1, (i) => ({
			cpuPercent: 101,
			throttledRatio: i < 2 ? 0.9 : 0,
			throttledPeriods: 500,
			cpuPeriods: 1000 + i * 10,
			pids: 1,
		}));
		const tuning = tuningOf(input({ samples: after, limits: { ...fitting, nanoCpus: 1.25e9 }, hostCpus: 2 }));
		expect(tuning.throttle?.periodsRatio).toBe(0);
		expect(tuning.throttle?.throttled).toBe(false);
	});

	it('raises a throttled limit well past it, since the limit hides how much the container wants', () => {
		const tuning = tuningOf(
			input({ samples: busyLoop, limits: { ...fitting, nanoCpus: 0.1e9 }, hostCpus: 2 }),
		);
		expect(tuning.throttle?.throttled).toBe(true);
		expect(tuning.throttle?.periodsRatio).toBeCloseTo(0.9, 2);
		expect(tuning.throttle?.throttledPeriods).toBe(5400);
		expect(tuning.throttle?.throttledSeconds).toBeCloseTo(48);
		expect(tuning.cpu.current).toBe(0.1);
		expect(tuning.cpu.recommended).toBeGreaterThanOrEqual(1);
		expect(tuning.cpu.recommended).toBeLessThanOrEqual(2);
		// One task can use one core: max(2 × 0.1, 1) + 25%.
		expect(tuning.cpu.recommended).toBe(1.25);
		expect(tuning.cpu.reason).toContain('capped by the limit');
		expect(tuning.cpu.reason).toContain('measure again');
		expect(tuning.update).toEqual({ nanoCpus: 1.25e9 });
		expect(updateCommand('web', tuning)).toBe('docker update --cpus 1.25 web');
	});

	it('never raises past the host, and sets a quota limit as a quota', () => {
		const twoTasks = busyLoop.map((s) => ({ ...s, pids: 2 }));
		expect(
			tuningOf(input({ samples: twoTasks, limits: { ...fitting, nanoCpus: 0.1e9 }, hostCpus: 2 })).cpu
				.recommended,
		).toBe(2);
		// A JVM's 150 threads say nothing of how many run at once: twice the limit, not the whole host.
		const jvm = busyLoop.map((s) => ({ ...s, pids: 150, cpuPercent: 199 }));
		expect(
			tuningOf(input({ samples: jvm, limits: { ...fitting, nanoCpus: 2e9 }, hostCpus: 8 })).cpu.recommended,
		).toBe(5);
		// The engine refuses --cpus on a container limited by --cpu-quota.
		const quota = tuningOf(
			input({
				samples: busyLoop,
				limits: { ...fitting, nanoCpus: 0, cpuQuota: 10_000, cpuPeriod: 100_000 },
				hostCpus: 2,
			}),
		);
		expect(quota.update).toEqual({ cpuQuota: 125_000 });
		expect(updateCommand('web', quota)).toBe('docker update --cpu-quota 125000 web');
	});

	it('without throttling sizes the limit from p95 and peak, not twice the limit', () => {
		const unthrottled = busyLoop.map((s) => ({ ...s, throttledRatio: 0, throttledPeriods: 0 }));
		const tuning = tuningOf(
			input({ samples: unthrottled, limits: { ...fitting, nanoCpus: 0.1e9 }, hostCpus: 2 }),
		);
		expect(tuning.throttle?.throttled).toBe(false);
		// max(0.1 × 1.5, 0.101 × 1.2) is under the 0.25 floor.
		expect(tuning.cpu.recommended).toBe(0.25);
		expect(tuning.cpu.reason).toContain('little room');
	});

	it('does not lower a limit a bursty container is throttled under', () => {
		const bursty = steady({ cpuPercent: 20, throttledRatio: 0.3 });
		const tuning = tuningOf(input({ samples: bursty, limits: { ...fitting, nanoCpus: 2e9 } }));
		expect(tuning.throttle?.throttled).toBe(false);
		expect(tuning.cpu.recommended).toBeNull();
		expect(tuning.cpu.reason).toContain('bursts');
	});

	it('takes the nearest-rank p95', () => {
		const ramp = series(20, 30, (i) => ({ cpuPercent: i + 1, memoryUsageBytes: 100 * MiB, pids: 10 }));
		const tuning = tuningOf(input({ samples: ramp, limits: fitting }));
		expect(tuning.cpu.p95).toBeCloseTo(0.19);
		expect(tuning.cpu.peak).toBeCloseTo(0.2);
	});

	it('leaves a limit that fits, and lowers one far above use', () => {
		expect(tuningOf(input({ samples: steady(), limits: fitting })).cpu).toMatchObject({
			recommended: null,
			reason: expect.stringContaining('fits'),
		});
		const lavish = tuningOf(input({ samples: steady(), limits: { ...fitting, nanoCpus: 4e9 } }));
		expect(lavish.cpu.recommended).toBe(0.3);
	});
});

describe('an idle container without limits', () => {
	const idle = series(61, 10, (i) => ({
		cpuPercent: 0.3 + (i % 4) * 0.1,
		memoryUsageBytes: 20 * MiB + (i % 3) * 64 * 1024,
		pids: 3,
	}));
	const tuning = tuningOf(input({ samples: idle, limits: limits({ restartPolicy: 'no' }) }));

	it('gets modest limits of each kind, each saying what one protects against', () => {
		expect(tuning.cpu).toMatchObject({ current: null, recommended: 0.25 });
		expect(tuning.cpu.reason).toContain('protects');
		// max(peak × 1.3, peak + 32 MiB) = 52 MiB, rounded up to 16 MiB.
		expect(tuning.memory).toMatchObject({ current: null, recommended: 64 * MiB, leak: null });
		expect(tuning.memory.reason).toContain('No memory limit');
		expect(tuning.memory.reason).toContain('20.1MiB');
		expect(tuning.pids).toMatchObject({ current: null, recommended: 64, peak: 3 });
		expect(tuning.restartPolicy).toMatchObject({ current: 'no', recommended: 'unless-stopped' });
		expect(tuning.restartPolicy.reason).toContain('crash');
		expect(tuning.warnings).toEqual([]);
		expect(tuning.windowSeconds).toBe(600);
		expect(tuning.sampleCount).toBe(61);
	});

	it('as one docker update, memory-swap set with memory', () => {
		expect(tuning.update).toEqual({
			nanoCpus: 0.25e9,
			memoryBytes: 64 * MiB,
			memorySwapBytes: 64 * MiB,
			pidsLimit: 64,
			restartPolicy: 'unless-stopped',
		});
		expect(updateCommand('web', tuning)).toBe(
			'docker update --cpus 0.25 --memory 64m --memory-swap 64m --pids-limit 64 --restart unless-stopped web',
		);
		expect(updateCommand("my web's", tuning)).toMatch(/ 'my web'\\''s'$/);
	});
});

describe('memory advice', () => {
	// +1 MiB a minute for an hour, from 100 MiB, with a little noise.
	const growing = series(121, 30, (i) => ({
		memoryUsageBytes: 100 * MiB + i * 0.5 * MiB + ((i * 7) % 3) * 0.2 * MiB,
		cpuPercent: 20,
		pids: 10,
	}));

	it('names a steady rise as a leak, with the hours left to the limit', () => {
		const tuning = tuningOf(input({ samples: growing, limits: fitting }));
		const leak = tuning.memory.leak;
		expect(leak?.slopeBytesPerHour).toBeGreaterThan(59 * MiB);
		expect(leak?.slopeBytesPerHour).toBeLessThan(61 * MiB);
		// From about 160 MiB to 256 MiB at 60 MiB an hour.
		expect(leak?.hoursToLimit).toBeCloseTo(1.6, 1);
		expect(tuning.memory.recommended).toBeNull();
		expect(tuning.memory.reason).toMatch(
			/^Memory rose steadily \(\+60\.0MiB\/h\): a leak\? A higher limit only delays the OOM kill \(about 1\.6 h at this rate\)/,
		);
	});

	it('gives the hours to a raised limit, and never lowers a limit while memory grows', () => {
		const tight = tuningOf(
			input({ samples: growing, limits: { ...fitting, memoryBytes: 160 * MiB, memorySwapBytes: -1 } }),
		);
		expect(tight.memory.recommended).toBe(208 * MiB);
		expect(tight.memory.leak?.hoursToRecommended).toBeCloseTo(0.8, 1);
		expect(tight.memory.reason).toContain('(about 0.8 h at this rate)');
		// Unlimited swap stays unlimited.
		expect(tight.update?.memorySwapBytes).toBe(-1);
		expect(updateCommand('web', tight)).toContain('--memory 208m --memory-swap -1');
		const lavish = tuningOf(input({ samples: growing, limits: { ...fitting, memoryBytes: 2 * GiB } }));
		expect(lavish.memory.recommended).toBeNull();
		expect(lavish.memory.leak).not.toBeNull();
	});

	it('does not call a garbage-collected sawtooth a leak, even one that ends at its top', () => {
		// 100 → 150 MiB over ten minutes, then collected back to 100, six times.
		const sawtooth = series(360, 10, (i) => ({
			memoryUsageBytes: 100 * MiB + ((i % 60) / 59) * 50 * MiB,
			cpuPercent: 20,
			pids: 10,
		}));
		const tuning = tuningOf(input({ samples: sawtooth, limits: fitting }));
		expect(tuning.memory.leak).toBeNull();
		expect(tuning.memory.reason).not.toContain('leak');
	});

	it('doubles the limit after an OOM kill, since the peak was cut off at the limit', () => {
		const tuning = tuningOf(
			input({
				samples: steady({ memoryUsageBytes: 120 * MiB }),
				limits: { ...fitting, memoryBytes: 128 * MiB, memorySwapBytes: 128 * MiB },
				oomKilled: true,
			}),
		);
		expect(tuning.memory.recommended).toBe(256 * MiB);
		expect(tuning.memory.reason).toContain('The last exit was an OOM kill at the 128MiB limit');
		expect(tuning.update).toEqual({ memoryBytes: 256 * MiB, memorySwapBytes: 256 * MiB });
		expect(updateCommand('web', tuning)).toBe('docker update --memory 256m --memory-swap 256m web');
		const sameUse = tuningOf(
			input({
				samples: steady({ memoryUsageBytes: 120 * MiB }),
				limits: { ...fitting, memoryBytes: 128 * MiB },
			}),
		);
		expect(sameUse.memory.recommended).toBe(160 * MiB);
	});

	it('caps a recommendation at the host memory', () => {
		const tuning = tuningOf(
			input({ samples: steady({ memoryUsageBytes: 900 * MiB }), hostMemoryBytes: 1000 * MiB }),
		);
		expect(tuning.memory.recommended).toBe(992 * MiB);
	});
});

describe('pids and restart policy', () => {
	it('raises a pids limit close to reached, and leaves one with room', () => {
		const near = tuningOf(input({ samples: steady({ pids: 70 }), limits: { ...fitting, pidsLimit: 100 } }));
		expect(near.pids).toMatchObject({ current: 100, peak: 70, recommended: 288 });
		expect(near.pids.reason).toContain('close to reached');
		expect(updateCommand('web', near)).toBe('docker update --pids-limit 288 web');
		const roomy = tuningOf(input({ samples: steady({ pids: 70 }), limits: { ...fitting, pidsLimit: 200 } }));
		expect(roomy.pids.recommended).toBeNull();
	});

	it('restarts a container that has no policy, and says a policy cannot fix a crash loop', () => {
		const none = tuningOf(input({ samples: steady(), limits: { ...fitting, restartPolicy: '' } }));
		expect(none.restartPolicy.recommended).toBe('unless-stopped');
		expect(updateCommand('web', none)).toBe('docker update --restart unless-stopped web');
		const looping = tuningOf(
			input({ samples: steady(), limits: { ...fitting, restartPolicy: 'always' }, restartCount: 7 }),
		);
		expect(looping.restartPolicy.recommended).toBeNull();
		expect(looping.restartPolicy.reason).toContain('only retries');
	});
});

describe('the whole advice', () => {
	it('changes nothing for a container whose limits fit', () => {
		const tuning = tuningOf(input({ samples: steady(), limits: fitting }));
		expect(tuning.update).toBeNull();
		expect(updateCommand('web', tuning)).toBeNull();
	});

	it('warns that a short window is too short to tighten a limit on', () => {
		const tuning = tuningOf(input({ samples: series(13, 1, () => ({ cpuPercent: 5 })) }));
		expect(tuning.windowSeconds).toBe(12);
		expect(tuning.warnings).toContain(
			'based on 12s of samples: only raising a limit is applied; setting a new one or lowering one takes 10m of readings',
		);
	});

	it('on a short window applies only raises, never a new or lower limit', () => {
		// Twelve idle seconds without limits: advice to set some, but nothing to apply from so little.
		const idle = tuningOf(
			input({ samples: series(13, 1, () => ({ cpuPercent: 5, memoryUsageBytes: 10 * MiB })) }),
		);
		expect(idle.cpu.recommended).not.toBeNull();
		expect(idle.memory.recommended).not.toBeNull();
		expect(idle.update).toBeNull();
		// The same over an hour: set.
		const hour = tuningOf(
			input({ samples: series(61, 60, () => ({ cpuPercent: 5, memoryUsageBytes: 10 * MiB })) }),
		);
		expect(hour.update).toMatchObject({ nanoCpus: 0.25e9, memoryBytes: 48 * MiB });
	});

	it('advises no restart policy for a container started with --rm', () => {
		const tuning = tuningOf(
			input({ samples: series(5, 1, () => ({})), limits: limits({ restartPolicy: 'no', autoRemove: true }) }),
		);
		expect(tuning.restartPolicy).toMatchObject({
			recommended: null,
			reason: expect.stringContaining('--rm'),
		});
		expect(tuning.update?.restartPolicy).toBeUndefined();
	});

	it('still answers without samples, advising nothing', () => {
		const tuning = tuningOf(input({ samples: [], limits: limits({ restartPolicy: '' }) }));
		expect(tuning.sampleCount).toBe(0);
		expect(tuning.warnings.join()).toContain('no samples');
		expect(tuning.throttle).toBeNull();
		for (const advice of [tuning.cpu, tuning.memory, tuning.pids])
			expect(advice).toMatchObject({ recommended: null, peak: null, p95: null });
		expect(tuning.memory.leak).toBeNull();
		expect(tuning.restartPolicy.recommended).toBeNull();
		expect(tuning.update).toBeNull();
		expect(updateCommand('web', tuning)).toBeNull();
	});

	it('writes CPUs and memory as docker takes them', () => {
		expect(cpusArg(1.25)).toBe('1.25');
		expect(cpusArg(2)).toBe('2');
		expect(memoryArg(96 * MiB)).toBe('96m');
		expect(memoryArg(1000)).toBe('1000');
		expect(memoryArg(-1)).toBe('-1');
	});
});

describe('a Swarm task', () => {
	it('puts the limits on its service, not on the task Swarm would replace', () => {
		const busy = Array.from({ length: 20 }, (_, i) =>
			sample(T0 + i * 1000, {
				cpuPercent: 10,
				throttledRatio: 0.9,
				throttledPeriods: i * 9,
				cpuPeriods: i * 10,
				pids: 1,
				memoryUsageBytes: 100 * MiB,
			}),
		);
		const tuning = tuningOf(
			input({ samples: busy, limits: limits({ nanoCpus: 0.1e9, restartPolicy: 'no' }), hostCpus: 2 }),
		);
		expect(serviceUpdateCommand('shop_api', tuning)).toBe(
			// Twenty seconds of readings raise the CPU limit it hits, and set no new memory limit.
			'docker service update --limit-cpu 1.25 --restart-condition any shop_api',
		);
		expect(serviceUpdateCommand('shop_api', { ...tuning, update: null })).toBeNull();
	});
});

describe('the first raise a diagnosis offers for a limit it found too low', () => {
	it('never lands below the current limit, in the units docker update takes', () => {
		expect(raisedLimit.memory(16 * 1024 * 1024)).toBe('32m');
		expect(raisedLimit.memory(3 * 1024 * 1024 * 1024)).toBe('6144m');
		expect(raisedLimit.memory(100_000_000)).toBe('191m');
		expect(raisedLimit.cpus(0.1)).toBe('1.1');
		expect(raisedLimit.cpus(4)).toBe('8');
		expect(raisedLimit.pids(8)).toBe('512');
		expect(raisedLimit.pids(1000)).toBe('2000');
	});
});

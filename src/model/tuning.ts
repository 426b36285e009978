/**
 * Resource advice from observed use (`dockmedic tune`, key `u` in the stats pane): the CPU, memory and
 * pids limits and the restart policy a container should have, judged from its stats samples, with the
 * reason for each in words an SRE can check. Pure: the samples and limits in, the advice and the
 * `docker update` that applies it out.
 */

import type { ContainerDetails } from './container.js';
import { shellQuote } from './container-spec.js';
import { formatBytes, shortDuration } from './format.js';
import { looksLikeLeak } from './metric-history.js';
import { cpuLimit, type StatsSample } from './stats.js';

/** The limits a container runs with now, as its HostConfig holds them. */
export type CurrentLimits = {
	readonly nanoCpus: number;
	readonly cpuQuota: number;
	readonly cpuPeriod: number;
	/** 0: no memory limit. */
	readonly memoryBytes: number;
	/** 0: unset (the engine then allows as much swap again as memory), -1: unlimited. */
	readonly memorySwapBytes: number;
	/** null: no pids limit. */
	readonly pidsLimit: number | null;
	/** '', 'no', 'always', 'unless-stopped' or 'on-failure'. */
	readonly restartPolicy: string;
	/** docker run --rm: removed when it stops, so no restart policy can apply (the engine refuses one). */
	readonly autoRemove?: boolean;
};

export type TuningInput = {
	/** The container's name, as commands name it. */
	readonly container: string;
	/** Time-ordered samples (times in ms). */
	readonly samples: readonly StatsSample[];
	readonly limits: CurrentLimits;
	/** State.OOMKilled of the last exit. */
	readonly oomKilled: boolean;
	readonly restartCount: number;
	/** The engine host's CPU count and memory (0: unknown, then nothing is capped by them). */
	readonly hostCpus: number;
	readonly hostMemoryBytes: number;
};

/**
 * Advice on one limit. Every figure is in the limit's own unit: CPUs (1 = one core), bytes, or tasks
 * (processes and threads).
 */
export type Advice = {
	/** The limit set now; null when there is none. */
	readonly current: number | null;
	/** The limit to set; null when the current one should stay (or nothing was observed). */
	readonly recommended: number | null;
	/** Highest and 95th-percentile (nearest-rank) use over the samples; null without samples. */
	readonly peak: number | null;
	readonly p95: number | null;
	readonly reason: string;
};

/** Memory rising steadily over the window, as a leak does. */
export type MemoryLeak = {
	/** Least-squares slope of memory use against sample time. */
	readonly slopeBytesPerHour: number;
	/** Hours until the trend reaches the current limit; null without one. */
	readonly hoursToLimit: number | null;
	/** Hours until the trend reaches the recommended limit; null when none is recommended. */
	readonly hoursToRecommended: number | null;
};

export type MemoryAdvice = Advice & { readonly leak: MemoryLeak | null };

export type RestartAdvice = {
	readonly current: string;
	readonly recommended: string | null;
	readonly reason: string;
};

/** CPU throttling over the window. */
export type Throttle = {
	/** Mean over the samples of the share of CFS periods throttled between consecutive readings. */
	readonly periodsRatio: number;
	/** Throttled periods and time counted in the window (the cumulative counters' last minus first). */
	readonly throttledPeriods: number;
	readonly throttledSeconds: number;
	/** Throttled in at least a tenth of the periods while use reached the limit: demand is capped. */
	readonly throttled: boolean;
};

/**
 * The `docker update` that applies the advice, as the Engine API's update takes it. The CPU limit is
 * `nanoCpus`, or `cpuQuota` when the container's limit is a CFS quota or period: the engine refuses
 * NanoCpus on a container that has either.
 */
export type TuningUpdate = {
	readonly nanoCpus?: number;
	readonly cpuQuota?: number;
	readonly memoryBytes?: number;
	/** Set with the memory: the engine refuses a memory above the current memory-swap. -1: unlimited. */
	readonly memorySwapBytes?: number;
	readonly pidsLimit?: number;
	readonly restartPolicy?: string;
};

export type Tuning = {
	readonly cpu: Advice;
	readonly memory: MemoryAdvice;
	readonly pids: Advice;
	readonly restartPolicy: RestartAdvice;
	/** null without samples. */
	readonly throttle: Throttle | null;
	/** Seconds from the first sample to the last. */
	readonly windowSeconds: number;
	readonly sampleCount: number;
	readonly warnings: readonly string[];
	/** null when nothing should change. */
	readonly update: TuningUpdate | null;
};

const MiB = 1024 * 1024;
/** Limits are rounded up to steps a person would type. */
const CPU_STEP = 0.05;
const MEMORY_STEP = 16 * MiB;
const PIDS_STEP = 32;
const MIN_CPUS = 0.25;
const MIN_PIDS = 64;
/** A tenth of the CFS periods throttled is where latency starts to suffer visibly. */
const THROTTLED_RATIO = 0.1;
/** Use within a fifth of the limit counts as having reached it (a reading averages over a second or so). */
const NEAR_LIMIT = 0.8;
/** Under ten minutes of samples miss most periodic peaks (cron jobs, cache refreshes, traffic waves). */
const SHORT_WINDOW_SECONDS = 600;
const HIGH_RESTART_COUNT = 5;
/** The kernel's CFS period when none is set. */
const DEFAULT_CPU_PERIOD_US = 100_000;

/** A container's tuning input as inspect describes it: its limits, its last exit, its samples and its host. */
export function tuningInputOf(
	details: Pick<ContainerDetails, 'name' | 'hostConfig' | 'oomKilled' | 'restartCount'>,
	samples: readonly StatsSample[],
	host: { readonly cpus: number; readonly memoryBytes: number },
): TuningInput {
	const h = details.hostConfig;
	return {
		container: details.name,
		samples,
		limits: {
			nanoCpus: h.nanoCpus,
			cpuQuota: h.cpuQuota,
			cpuPeriod: h.cpuPeriod,
			memoryBytes: h.memoryBytes,
			memorySwapBytes: h.memorySwapBytes,
			pidsLimit: h.pidsLimit,
			restartPolicy: h.restartPolicy.name,
			autoRemove: h.autoRemove,
		},
		oomKilled: details.oomKilled,
		restartCount: details.restartCount,
		hostCpus: host.cpus,
		hostMemoryBytes: host.memoryBytes,
	};
}

/**
 * What a container's limits should be, from its samples:
 *
 * - CPU (use = cpuPercent / 100). Throttled when at least 10% of the CFS periods in the window were
 *   throttled (the kernel's cumulative counters) and the busiest reading came within 20% of the limit.
 *   A throttled container's demand is censored by its limit, so the advice raises it: the larger of
 *   twice the limit and the task count when there are no more tasks than host CPUs (a few tasks can
 *   each keep a core busy; a JVM's hundred threads say nothing), plus 25%, rounded up to 0.05 and
 *   capped at the host's CPUs; then measure again. Otherwise the limit should be the larger of
 *   p95 × 1.5 and peak × 1.2, rounded up to 0.05, between 0.25 and the host's CPUs; a current limit
 *   from that to four times that fits. Throttling in bursts (use well under the limit) never lowers it.
 * - Memory (use = memoryUsageBytes). After an OOM kill the peak is censored at the limit: twice the
 *   limit. Otherwise the larger of peak × 1.3 and peak + 32 MiB, rounded up to 16 MiB and capped at the
 *   host's memory; a current limit from that to three times that fits. A steady rise (a least-squares
 *   slope against sample time, {@link looksLikeLeak} on the series, and a floor that rises too) is
 *   named as a possible leak, with the hours to the limit, and stops a limit from being lowered.
 *   Memory-swap is set with memory, equal to it (no swap), unless it is unlimited (-1) now.
 * - Pids (use = pids, processes and threads): without a limit, or with one under twice the peak, the
 *   larger of 64 and peak × 4, rounded up to 32.
 * - Restart policy: none ('' or 'no') gets unless-stopped (not with --rm); five restarts or more under
 *   a policy say the cause must be fixed.
 *
 * Under ten minutes of readings only raising a limit goes into the update: setting a new one or
 * lowering one from so little could cap tomorrow's peak.
 *
 * Without samples nothing is advised (a "no samples" warning says why).
 */
export function tuningOf(input: TuningInput): Tuning {
	const { samples, limits } = input;
	if (samples.length === 0) return unobserved(input);
	const first = samples[0] as StatsSample;
	const last = samples.at(-1) as StatsSample;
	const windowSeconds = Math.max(0, (last.time - first.time) / 1000);
	const throttle = throttleOf(samples, cpuLimit(limits));
	const cpu = cpuAdvice(input, throttle);
	const memory = memoryAdvice(input);
	const pids = pidsAdvice(input);
	const restartPolicy = restartAdvice(input);
	const warnings: string[] = [];
	const short = windowSeconds < SHORT_WINDOW_SECONDS;
	if (short)
		warnings.push(
			`based on ${samples.length === 1 ? 'a single sample' : `${shortDuration(windowSeconds * 1000)} of samples`}: only raising a limit is applied; setting a new one or lowering one takes ${shortDuration(SHORT_WINDOW_SECONDS * 1000)} of readings`,
		);
	if (pids.peak === 0) warnings.push('the engine reported no process count: no pids advice');
	return {
		cpu,
		memory,
		pids,
		restartPolicy,
		throttle,
		windowSeconds,
		sampleCount: samples.length,
		warnings,
		update: updateOf(
			limits,
			short ? onlyRaises(cpu) : cpu,
			short ? onlyRaises(memory) : memory,
			short ? onlyRaises(pids) : pids,
			restartPolicy,
		),
	};
}

/**
 * A short window shows too little of a container's needs to set a limit it does not have, or lower one
 * (an idle minute would cap tomorrow's peak); raising a limit it hits is safe on any window.
 */
function onlyRaises<A extends Advice>(advice: A): A {
	const raises =
		advice.recommended !== null && advice.current !== null && advice.recommended > advice.current;
	return raises ? advice : { ...advice, recommended: null };
}

/**
 * The `docker update` command line that applies the advice, or null when nothing should change, e.g.
 * `docker update --cpus 1.25 --memory 96m --memory-swap 96m --pids-limit 256 --restart unless-stopped web`.
 */
export function updateCommand(container: string, tuning: Tuning): string | null {
	return tuning.update ? updateCommandOf(container, tuning.update) : null;
}

/**
 * For a task of a Swarm service: the same limits set on the service (`docker service update`), since
 * Swarm replaces a task it did not create as it is. Pids and restart policy are the service's own
 * settings (`--restart-condition`); null when nothing should change.
 */
export function serviceUpdateCommand(service: string, tuning: Tuning): string | null {
	const update = tuning.update;
	if (!update) return null;
	const args = ['docker', 'service', 'update'];
	if (update.nanoCpus !== undefined) args.push('--limit-cpu', cpusArg(update.nanoCpus / 1e9));
	else if (update.cpuQuota !== undefined && tuning.cpu.recommended !== null)
		args.push('--limit-cpu', cpusArg(tuning.cpu.recommended));
	if (update.memoryBytes !== undefined) args.push('--limit-memory', memoryArg(update.memoryBytes));
	if (update.restartPolicy !== undefined) args.push('--restart-condition', 'any');
	return args.length > 3 ? [...args, shellQuote(service)].join(' ') : null;
}

/** The `docker update` of a set of limits. */
export function updateCommandOf(container: string, update: TuningUpdate): string {
	const args = ['docker', 'update'];
	if (update.nanoCpus !== undefined) args.push('--cpus', cpusArg(update.nanoCpus / 1e9));
	if (update.cpuQuota !== undefined) args.push('--cpu-quota', String(update.cpuQuota));
	if (update.memoryBytes !== undefined) args.push('--memory', memoryArg(update.memoryBytes));
	if (update.memorySwapBytes !== undefined) args.push('--memory-swap', memoryArg(update.memorySwapBytes));
	if (update.pidsLimit !== undefined) args.push('--pids-limit', String(update.pidsLimit));
	if (update.restartPolicy !== undefined) args.push('--restart', update.restartPolicy);
	return [...args, shellQuote(container)].join(' ');
}

/** A CPU count as --cpus and Compose's cpus take it: at most two decimals, no trailing zeros (1.25, 2). */
export function cpusArg(cpus: number): string {
	return String(Number(cpus.toFixed(2)));
}

/**
 * A first raise of a limit a diagnosis found too low, as docker update takes it: a step a person can
 * apply at once, never below the current limit (`dockmedic tune` sizes it from what was used).
 * Memory doubles (whole MiB); CPUs double, at least one more; pids double, at least 512.
 */
export const raisedLimit = {
	memory: (bytes: number) => memoryArg(Math.ceil((2 * bytes) / MiB) * MiB),
	cpus: (cpus: number) => cpusArg(Math.max(2 * cpus, cpus + 1)),
	pids: (pids: number) => String(Math.max(2 * pids, 512)),
};

/** Bytes as --memory and Compose's mem_limit take them: whole MiB as "96m", else bytes; -1 as is. */
export function memoryArg(bytes: number): string {
	if (bytes < 0) return '-1';
	return bytes % MiB === 0 ? `${bytes / MiB}m` : String(Math.round(bytes));
}

/** CPUs in words: small figures keep two significant digits, so an idle container does not read as 0. */
function cpusText(cpus: number): string {
	return cpus >= 0.1 || cpus === 0 ? cpusArg(cpus) : String(Number(cpus.toPrecision(2)));
}

function unobserved(input: TuningInput): Tuning {
	const none = 'No samples: nothing observed to advise on.';
	const { limits } = input;
	return {
		cpu: { current: cpuLimit(limits) || null, recommended: null, peak: null, p95: null, reason: none },
		memory: {
			current: limits.memoryBytes > 0 ? limits.memoryBytes : null,
			recommended: null,
			peak: null,
			p95: null,
			reason: none,
			leak: null,
		},
		pids: { current: pidsLimitOf(limits), recommended: null, peak: null, p95: null, reason: none },
		restartPolicy: { current: limits.restartPolicy, recommended: null, reason: none },
		throttle: null,
		windowSeconds: 0,
		sampleCount: 0,
		warnings: ['no samples: watch its stats for a while, then ask again'],
		update: null,
	};
}

function throttleOf(samples: readonly StatsSample[], limit: number): Throttle {
	const first = samples[0] as StatsSample;
	const last = samples.at(-1) as StatsSample;
	// The counters restart from zero with the container; after that, the last reading is the count.
	const delta = (a: number, b: number) => (b >= a ? b - a : b);
	// The counters over the whole window; a mean of the readings' own ratios only when they hold no periods.
	const periods = delta(first.cpuPeriods, last.cpuPeriods);
	const periodsRatio =
		periods > 0
			? delta(first.throttledPeriods, last.throttledPeriods) / periods
			: mean(samples.map((s) => s.throttledRatio));
	const peak = max(samples.map((s) => s.cpuPercent / 100));
	return {
		periodsRatio,
		throttledPeriods: delta(first.throttledPeriods, last.throttledPeriods),
		throttledSeconds: delta(first.throttledTimeNs, last.throttledTimeNs) / 1e9,
		throttled: limit > 0 && periodsRatio >= THROTTLED_RATIO && peak >= limit * NEAR_LIMIT,
	};
}

function cpuAdvice(input: TuningInput, throttle: Throttle): Advice {
	const use = input.samples.map((s) => s.cpuPercent / 100);
	const peak = max(use);
	const p95 = percentile(use, 95);
	const current = cpuLimit(input.limits) || null;
	const hostCap = input.hostCpus > 0 ? input.hostCpus : Number.POSITIVE_INFINITY;
	const advice = (recommended: number | null, reason: string): Advice => ({
		current,
		recommended,
		peak,
		p95,
		reason,
	});
	const used = `p95 ${cpusText(p95)}, peak ${cpusText(peak)} CPUs`;
	const throttledShare = `${Math.round(throttle.periodsRatio * 100)}% of CPU periods`;

	if (current !== null && throttle.throttled) {
		const tasks = max(input.samples.map((s) => s.pids));
		// A few tasks can each keep a core busy; many (a JVM's threads) say nothing of how many run at once.
		const perTask = tasks > 0 && tasks <= hostCap ? tasks : 0;
		const demand = Math.min(hostCap, Math.max(current * 2, perTask));
		const recommended = Math.min(hostCap, roundUp(demand * 1.25, CPU_STEP));
		if (recommended <= current)
			return advice(
				null,
				`Throttled in ${throttledShare} at ${cpusArg(current)} CPUs, already all of the host's: the host is the bottleneck (spread the load or add CPUs).`,
			);
		return advice(
			recommended,
			`Throttled in ${throttledShare} with use at the ${cpusArg(current)} CPU limit (${used}): its demand was capped by the limit, so its real need is unseen. Raise to ${cpusArg(recommended)} (twice the limit or one core per task, ${tasks || 'an unknown number of'} tasks, +25% headroom), then measure again.`,
		);
	}

	const fitted = Math.min(hostCap, Math.max(MIN_CPUS, roundUp(Math.max(p95 * 1.5, peak * 1.2), CPU_STEP)));
	const headroom = `${cpusArg(fitted)} leaves headroom (p95 × 1.5, peak × 1.2)`;
	if (current === null)
		return advice(
			fitted,
			`No CPU limit: one runaway process can take every core from its neighbours; setting one protects them. Use: ${used}; ${headroom}.`,
		);
	if (throttle.periodsRatio >= THROTTLED_RATIO)
		return advice(
			fitted > current ? fitted : null,
			`Throttled in ${throttledShare} although use stays under the ${cpusArg(current)} CPU limit (${used}): bursts of many threads use up the quota early in each period. A lower limit would add latency${fitted > current ? `; ${headroom}` : '; raise it if latency matters'}.`,
		);
	if (current >= fitted && current <= fitted * 4)
		return advice(null, `The ${cpusArg(current)} CPU limit fits its use (${used}): no change.`);
	if (current < fitted)
		return advice(
			fitted,
			`The ${cpusArg(current)} CPU limit leaves little room over its use (${used}): ${headroom}.`,
		);
	return advice(
		fitted,
		`The ${cpusArg(current)} CPU limit is over four times its use (${used}): ${headroom} and keeps a runaway from taking more.`,
	);
}

function memoryAdvice(input: TuningInput): MemoryAdvice {
	const { samples, limits } = input;
	const use = samples.map((s) => s.memoryUsageBytes);
	const peak = max(use);
	const p95 = percentile(use, 95);
	const current = limits.memoryBytes > 0 ? limits.memoryBytes : null;
	const hostCap =
		input.hostMemoryBytes > 0
			? Math.floor(input.hostMemoryBytes / MEMORY_STEP) * MEMORY_STEP || input.hostMemoryBytes
			: Number.POSITIVE_INFINITY;
	const trend = memoryTrend(samples);
	const used = `p95 ${formatBytes(p95)}, peak ${formatBytes(peak)}`;

	const decide = (): { recommended: number | null; reason: string } => {
		if (input.oomKilled && current !== null) {
			const doubled = Math.min(hostCap, roundUp(current * 2, MEMORY_STEP));
			if (doubled <= current)
				return {
					recommended: null,
					reason: `The last exit was an OOM kill at the ${formatBytes(current)} limit, already all of the host's memory: cut its use or add memory.`,
				};
			return {
				recommended: doubled,
				reason: `The last exit was an OOM kill at the ${formatBytes(current)} limit: its real peak is hidden by the limit. Raise to ${formatBytes(doubled)} (twice the limit), then measure again.`,
			};
		}
		const fitted = Math.min(hostCap, roundUp(Math.max(peak * 1.3, peak + 32 * MiB), MEMORY_STEP));
		const headroom = `${formatBytes(fitted)} leaves headroom (peak × 1.3, at least +${formatBytes(32 * MiB)})`;
		if (current === null)
			return {
				recommended: fitted,
				reason: `${input.oomKilled ? 'The last exit was an OOM kill without a memory limit: the host ran out of memory. ' : ''}No memory limit: a leak or a spike can take the host's memory, and the kernel's OOM killer may then pick any process on it. Use: ${used}; ${headroom}.`,
			};
		if (current >= fitted && current <= fitted * 3)
			return {
				recommended: null,
				reason: `The ${formatBytes(current)} memory limit fits its use (${used}): no change.`,
			};
		if (current < fitted)
			return {
				recommended: fitted,
				reason: `The ${formatBytes(current)} memory limit leaves little room over its use (${used}): ${headroom}.`,
			};
		if (trend.leak)
			return {
				recommended: null,
				reason: `The ${formatBytes(current)} memory limit is over three times its use (${used}), but while it grows a lower one only brings the OOM kill closer.`,
			};
		return {
			recommended: fitted,
			reason: `The ${formatBytes(current)} memory limit is over three times its use (${used}): ${headroom} and stops a leak sooner.`,
		};
	};

	const { recommended, reason } = decide();
	if (!trend.leak) return { current, recommended, peak, p95, reason, leak: null };
	const hoursTo = (limit: number | null) =>
		limit === null ? null : Math.max(0, (limit - trend.endBytes) / trend.slopeBytesPerHour);
	const leak: MemoryLeak = {
		slopeBytesPerHour: trend.slopeBytesPerHour,
		hoursToLimit: hoursTo(current),
		hoursToRecommended: hoursTo(recommended),
	};
	const hours = leak.hoursToRecommended ?? leak.hoursToLimit;
	return {
		current,
		recommended,
		peak,
		p95,
		reason: `Memory rose steadily (+${formatBytes(trend.slopeBytesPerHour)}/h): a leak? A higher limit only delays the OOM kill${hours === null ? '' : ` (about ${formatHours(hours)} at this rate)`}. ${reason}`,
		leak,
	};
}

function pidsAdvice(input: TuningInput): Advice {
	const use = input.samples.map((s) => s.pids);
	const peak = max(use);
	const p95 = percentile(use, 95);
	const current = pidsLimitOf(input.limits);
	const advice = (recommended: number | null, reason: string): Advice => ({
		current,
		recommended,
		peak,
		p95,
		reason,
	});
	if (peak === 0) return advice(null, 'The engine reported no process count: no advice.');
	if (current !== null && current >= peak * 2)
		return advice(null, `The pids limit ${current} is over twice its peak of ${peak} tasks: no change.`);
	const recommended = roundUp(Math.max(MIN_PIDS, peak * 4), PIDS_STEP);
	if (current === null)
		return advice(
			recommended,
			`No pids limit: a fork bomb or a thread leak can fill the host's process table. Peak ${peak} tasks (processes and threads); ${recommended} leaves room for four times that.`,
		);
	return advice(
		recommended,
		`The pids limit ${current} is close to reached (peak ${peak} tasks, processes and threads): a fork or a new thread past it fails. Raise to ${recommended}.`,
	);
}

function restartAdvice(input: TuningInput): RestartAdvice {
	const current = input.limits.restartPolicy;
	if (input.limits.autoRemove)
		return {
			current,
			recommended: null,
			reason: 'Started with --rm: it is removed when it stops, so no restart policy can apply.',
		};
	if (current === '' || current === 'no')
		return {
			current,
			recommended: 'unless-stopped',
			reason:
				'No restart policy: a crash (or an engine restart) leaves it stopped until someone starts it. unless-stopped restarts it, yet keeps a deliberate docker stop.',
		};
	if (input.restartCount >= HIGH_RESTART_COUNT)
		return {
			current,
			recommended: null,
			reason: `Restarted ${input.restartCount} times under '${current}': a restart policy only retries; the cause of the exits must be fixed (its logs and exit code).`,
		};
	return { current, recommended: null, reason: `'${current}' restarts it after a crash: no change.` };
}

function updateOf(
	limits: CurrentLimits,
	cpu: Advice,
	memory: Advice,
	pids: Advice,
	restart: RestartAdvice,
): TuningUpdate | null {
	const update: {
		-readonly [K in keyof TuningUpdate]: TuningUpdate[K];
	} = {};
	if (cpu.recommended !== null) {
		if (limits.cpuQuota > 0 || limits.cpuPeriod > 0)
			update.cpuQuota = Math.round(cpu.recommended * (limits.cpuPeriod || DEFAULT_CPU_PERIOD_US));
		else update.nanoCpus = Math.round(cpu.recommended * 1e9);
	}
	if (memory.recommended !== null) {
		update.memoryBytes = memory.recommended;
		// Equal to memory: no swap, which would only make a memory-starved container slow instead of killed.
		update.memorySwapBytes = limits.memorySwapBytes === -1 ? -1 : memory.recommended;
	}
	if (pids.recommended !== null) update.pidsLimit = pids.recommended;
	if (restart.recommended !== null) update.restartPolicy = restart.recommended;
	return Object.keys(update).length ? update : null;
}

/**
 * The memory trend over the samples. A leak: memory rose steadily ({@link looksLikeLeak} on the series
 * averaged onto an even time grid, so that sampling pace and noise do not count as steps), and its
 * floor rose too, since a garbage-collected sawtooth returns to the same floor however high it peaks.
 */
function memoryTrend(samples: readonly StatsSample[]): {
	leak: boolean;
	slopeBytesPerHour: number;
	/** The trend line's value at the last sample. */
	endBytes: number;
} {
	const points = samples.map((s) => [s.time, s.memoryUsageBytes] as const);
	const line = leastSquares(points);
	const slopeBytesPerHour = line.slopePerMs * 3_600_000;
	const endBytes = line.at((samples.at(-1) as StatsSample).time);
	const grid = evenGrid(points, Math.min(points.length, 30));
	const leak =
		looksLikeLeak({ memoryBytes: grid, memorySlopePerHour: slopeBytesPerHour }) && floorRises(points);
	return { leak, slopeBytesPerHour, endBytes };
}

type TimedValue = readonly [time: number, value: number];

/** Least-squares line of values against their times (so that an uneven sampling pace does not skew it). */
function leastSquares(points: readonly TimedValue[]): { slopePerMs: number; at: (time: number) => number } {
	const meanT = mean(points.map(([t]) => t));
	const meanV = mean(points.map(([, v]) => v));
	let num = 0;
	let den = 0;
	for (const [t, v] of points) {
		num += (t - meanT) * (v - meanV);
		den += (t - meanT) ** 2;
	}
	const slopePerMs = den > 0 ? num / den : 0;
	return { slopePerMs, at: (time) => meanV + slopePerMs * (time - meanT) };
}

/** Values averaged into `count` equal spans from the first time to the last; an empty span carries the one before. */
function evenGrid(points: readonly TimedValue[], count: number): number[] {
	const start = (points[0] as TimedValue)[0];
	const span = (points.at(-1) as TimedValue)[0] - start;
	const sums = new Array<number>(count).fill(0);
	const counts = new Array<number>(count).fill(0);
	for (const [t, v] of points) {
		const i = span > 0 ? Math.min(count - 1, Math.floor(((t - start) / span) * count)) : 0;
		sums[i] = (sums[i] as number) + v;
		counts[i] = (counts[i] as number) + 1;
	}
	let carried = 0;
	return sums.map((sum, i) => {
		const n = counts[i] as number;
		if (n > 0) carried = sum / n;
		return carried;
	});
}

/** Whether the lowest value of the window's last third is above that of its first third (by 5%, at least 1 MiB). */
function floorRises(points: readonly TimedValue[]): boolean {
	const start = (points[0] as TimedValue)[0];
	const span = (points.at(-1) as TimedValue)[0] - start;
	const early = points.filter(([t]) => t - start <= span / 3).map(([, v]) => v);
	const late = points.filter(([t]) => t - start >= (span * 2) / 3).map(([, v]) => v);
	if (span <= 0 || early.length === 0 || late.length === 0) return false;
	const floor = min(early);
	return min(late) - floor >= Math.max(MiB, floor * 0.05);
}

function pidsLimitOf(limits: CurrentLimits): number | null {
	return limits.pidsLimit !== null && limits.pidsLimit > 0 ? limits.pidsLimit : null;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1] as number;
}

// Reduced rather than spread: a long session's samples would overflow the call's arguments.
function max(values: readonly number[]): number {
	return values.reduce((a, b) => Math.max(a, b), 0);
}

function min(values: readonly number[]): number {
	return values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
}

function mean(values: readonly number[]): number {
	return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** Rounds up to a multiple of `step`, forgiving float noise (0.1 × 3 stays 0.3, not 0.35). */
function roundUp(value: number, step: number): number {
	const steps = Math.ceil(value / step - 1e-9);
	return Number((steps * step).toFixed(6));
}

function formatHours(hours: number): string {
	return `${hours < 10 ? Number(hours.toFixed(1)) : Math.round(hours)} h`;
}

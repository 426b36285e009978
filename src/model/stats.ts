/** The CPU, memory and pids counters of one stats sample, as the engine reports them. */
export type RawStats = {
	readonly read: string;
	readonly cpu_stats: {
		readonly cpu_usage: { readonly total_usage: number; readonly percpu_usage?: number[] };
		readonly system_cpu_usage?: number;
		readonly online_cpus?: number;
		readonly throttling_data?: {
			readonly periods: number;
			readonly throttled_periods: number;
			readonly throttled_time: number;
		};
	};
	readonly precpu_stats: RawStats['cpu_stats'];
	readonly memory_stats: {
		readonly usage?: number;
		readonly limit?: number;
		readonly stats?: Readonly<Record<string, number>>;
	};
	readonly pids_stats?: { readonly current?: number; readonly limit?: number };
	readonly networks?: Readonly<Record<string, { readonly rx_bytes: number; readonly tx_bytes: number }>>;
	readonly blkio_stats?: {
		readonly io_service_bytes_recursive?: readonly { readonly op: string; readonly value: number }[] | null;
	};
};

/**
 * Memory in use as the docker CLI shows it: usage minus inactive page cache (cgroup v1
 * total_inactive_file, v2 inactive_file), each only when smaller than usage.
 */
export function memoryUsage(memory: RawStats['memory_stats']): { used: number; limit: number } {
	const usage = memory.usage ?? 0;
	const stats = memory.stats ?? {};
	const v1 = stats.total_inactive_file;
	const v2 = stats.inactive_file;
	let used = usage;
	if (v1 !== undefined && v1 < usage) used = usage - v1;
	else if (v2 !== undefined && v2 < usage) used = usage - v2;
	return { used, limit: memory.limit ?? 0 };
}

/** CPU % as `docker stats`: cpuDelta / systemDelta x online CPUs x 100 (100 % = one core). */
export function cpuPercent(sample: Pick<RawStats, 'cpu_stats' | 'precpu_stats'>): number {
	const cpuDelta = sample.cpu_stats.cpu_usage.total_usage - sample.precpu_stats.cpu_usage.total_usage;
	const systemDelta = (sample.cpu_stats.system_cpu_usage ?? 0) - (sample.precpu_stats.system_cpu_usage ?? 0);
	const online = sample.cpu_stats.online_cpus || sample.cpu_stats.cpu_usage.percpu_usage?.length || 1;
	return cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
}

/** Share of CPU periods throttled between the two samples of one stats reading. */
export function throttledRatio(sample: Pick<RawStats, 'cpu_stats' | 'precpu_stats'>): {
	ratio: number;
	periods: number;
	throttled: number;
} {
	const now = sample.cpu_stats.throttling_data;
	const before = sample.precpu_stats.throttling_data;
	const periods = (now?.periods ?? 0) - (before?.periods ?? 0);
	const throttled = (now?.throttled_periods ?? 0) - (before?.throttled_periods ?? 0);
	return { ratio: periods > 0 ? throttled / periods : 0, periods, throttled };
}

/** Block I/O as the docker CLI sums it: by the first letter of op (r/R, w/W), skipping empty ops. */
export function blockIo(sample: Pick<RawStats, 'blkio_stats'>): { read: number; write: number } {
	let read = 0;
	let write = 0;
	for (const entry of sample.blkio_stats?.io_service_bytes_recursive ?? []) {
		const first = entry.op[0]?.toLowerCase();
		if (first === 'r') read += entry.value;
		else if (first === 'w') write += entry.value;
	}
	return { read, write };
}

/** Network bytes summed over every interface. */
export function networkIo(sample: Pick<RawStats, 'networks'>): { rx: number; tx: number } {
	let rx = 0;
	let tx = 0;
	for (const net of Object.values(sample.networks ?? {})) {
		rx += net.rx_bytes;
		tx += net.tx_bytes;
	}
	return { rx, tx };
}

/** One derived stats sample: what `docker stats` shows, plus limits and throttling. */
export type StatsSample = {
	readonly time: number;
	readonly cpuPercent: number;
	/** CPU as a share of the container's own --cpus limit, or null without one. */
	readonly cpuOfLimitPercent: number | null;
	readonly memoryUsageBytes: number;
	readonly memoryLimitBytes: number;
	readonly memoryPercent: number;
	readonly netRxBytes: number;
	readonly netTxBytes: number;
	readonly blockReadBytes: number;
	readonly blockWriteBytes: number;
	readonly pids: number;
	readonly pidsLimit: number | null;
	readonly throttledPeriods: number;
	readonly throttledTimeNs: number;
	/** CFS periods so far (cumulative, with throttledPeriods): their ratio over a window is its throttling. */
	readonly cpuPeriods: number;
	readonly throttledRatio: number;
};

/**
 * A one-shot reading carries no previous CPU figures; the reading before it stands in, so CPU % and
 * throttling cover the time between the two, as in a streamed sample.
 */
export function afterReading(previous: RawStats, current: RawStats): RawStats {
	return { ...current, precpu_stats: previous.cpu_stats };
}

/** An idle container on a network still receives the odd broadcast; that much traffic is quiet. */
const QUIET_IO_BYTES_PER_S = 1024;

/** How often to read a container's stats: often while it works, seldom while it sits idle. */
export type ReadingPace = { readonly busyMs: number; readonly quietMs: number };

/**
 * The wait before the next reading. Quiet (under half a percent of a core, memory within 1 MiB, network and
 * block I/O under 1 KiB/s since the last reading) gets the slow pace: its sparkline would not move anyway.
 */
export function nextReadingMs(
	previous: StatsSample | undefined,
	current: StatsSample,
	pace: ReadingPace,
): number {
	if (!previous) return pace.busyMs;
	const rates = ioRates(previous, current);
	const quiet =
		current.cpuPercent < 0.5 &&
		Math.abs(current.memoryUsageBytes - previous.memoryUsageBytes) < 1024 * 1024 &&
		rates.rx + rates.tx + rates.read + rates.write < QUIET_IO_BYTES_PER_S;
	return quiet ? pace.quietMs : pace.busyMs;
}

/** Derives a sample from the engine's raw stats; `cpuLimit` is the container's CPU count limit (0: none). */
export function deriveSample(raw: RawStats, cpuLimit: number): StatsSample {
	const memory = memoryUsage(raw.memory_stats);
	const cpu = cpuPercent(raw);
	const net = networkIo(raw);
	const block = blockIo(raw);
	const throttle = throttledRatio(raw);
	const pidsLimit = raw.pids_stats?.limit;
	return {
		time: Date.parse(raw.read) || Date.now(),
		cpuPercent: cpu,
		cpuOfLimitPercent: cpuLimit > 0 ? cpu / cpuLimit : null,
		memoryUsageBytes: memory.used,
		memoryLimitBytes: memory.limit,
		memoryPercent: memory.limit > 0 ? (memory.used / memory.limit) * 100 : 0,
		netRxBytes: net.rx,
		netTxBytes: net.tx,
		blockReadBytes: block.read,
		blockWriteBytes: block.write,
		pids: raw.pids_stats?.current ?? 0,
		// The engine reports "unlimited" as a huge number (or nothing).
		pidsLimit: pidsLimit && pidsLimit < 4_194_304 ? pidsLimit : null,
		throttledPeriods: raw.cpu_stats.throttling_data?.throttled_periods ?? 0,
		throttledTimeNs: raw.cpu_stats.throttling_data?.throttled_time ?? 0,
		cpuPeriods: raw.cpu_stats.throttling_data?.periods ?? 0,
		throttledRatio: throttle.ratio,
	};
}

/** Per-second rates of the cumulative counters between two samples (network and block I/O). */
export function ioRates(
	previous: StatsSample | undefined,
	current: StatsSample,
): { rx: number; tx: number; read: number; write: number } {
	const seconds = previous ? (current.time - previous.time) / 1000 : 0;
	if (!previous || seconds <= 0) return { rx: 0, tx: 0, read: 0, write: 0 };
	const rate = (a: number, b: number) => Math.max(0, (b - a) / seconds);
	return {
		rx: rate(previous.netRxBytes, current.netRxBytes),
		tx: rate(previous.netTxBytes, current.netTxBytes),
		read: rate(previous.blockReadBytes, current.blockReadBytes),
		write: rate(previous.blockWriteBytes, current.blockWriteBytes),
	};
}

/** The CPU count a container is limited to (--cpus, or a CFS quota), 0 when it has no limit. */
export function cpuLimit(hostConfig: {
	readonly nanoCpus: number;
	readonly cpuQuota: number;
	readonly cpuPeriod: number;
}): number {
	if (hostConfig.nanoCpus) return hostConfig.nanoCpus / 1e9;
	// 100 ms is the kernel's default CFS period when none is set.
	return hostConfig.cpuQuota > 0 ? hostConfig.cpuQuota / (hostConfig.cpuPeriod || 100_000) : 0;
}

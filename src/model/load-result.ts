/** The figures of a load run, and how a run compares with the one before it. Pure. */

/** What a load run is when nothing else is said: `dockmedic load`'s defaults and the console's b. */
export const LOAD_DEFAULTS = { requests: 1000, connections: 10, durationS: 30, timeoutS: 10 } as const;

export type LoadFigures = {
	readonly url: string;
	readonly startedAt: number;
	readonly durationS: number;
	/** Responses received. */
	readonly requests: number;
	readonly requestsPerSecond: number;
	readonly latencyMs: {
		readonly p50: number;
		readonly p95: number;
		readonly p99: number;
		readonly max: number;
	};
	/** Connection errors and timeouts: requests that got no response. */
	readonly errors: number;
	readonly timeouts: number;
	readonly non2xx: number;
	readonly statusCodes: Readonly<Record<string, number>>;
	readonly connections: number;
	/** Why it ended: the request count was reached, the time bound, or it was stopped (Esc, Ctrl-C). */
	readonly endedBy: 'requests' | 'duration' | 'stopped';
};

/** Figures so far, once a second while the run goes on. */
export type LoadProgress = {
	readonly elapsedS: number;
	readonly requests: number;
	readonly requestsPerSecond: number;
	readonly latencyMs: LoadFigures['latencyMs'];
	readonly errors: number;
	readonly non2xx: number;
};

/** What the container did during the run: its peaks, from stats read every second. */
export type LoadUsage = {
	readonly peakCpuPercent: number;
	readonly peakMemoryBytes: number;
	readonly cpuLimit: number | null;
	readonly throttledRatio: number;
};

/** Nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return 0;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** p50/p95/p99/max of latencies in ms, rounded to 0.01 ms. */
export function latencySummary(latencies: Float64Array | readonly number[]): LoadFigures['latencyMs'] {
	const sorted = Float64Array.from(latencies).sort();
	const round = (ms: number) => Math.round(ms * 100) / 100;
	return {
		p50: round(percentile(sorted, 50)),
		p95: round(percentile(sorted, 95)),
		p99: round(percentile(sorted, 99)),
		max: round(sorted.length ? (sorted[sorted.length - 1] as number) : 0),
	};
}

/** A run against the one before it on the same target: ratios of throughput and p95 latency. */
export function comparedWith(
	current: LoadFigures,
	previous: LoadFigures,
): { readonly throughput: number; readonly p95: number; readonly line: string } {
	const throughput =
		previous.requestsPerSecond > 0 ? current.requestsPerSecond / previous.requestsPerSecond : 0;
	const p95 = previous.latencyMs.p95 > 0 ? current.latencyMs.p95 / previous.latencyMs.p95 : 0;
	const when = new Date(previous.startedAt).toISOString().replace(/\.\d+Z$/, 'Z');
	const line = `Against the run of ${when}: ${previous.requestsPerSecond} → ${current.requestsPerSecond} req/s (${throughput.toFixed(2)}x), p95 ${previous.latencyMs.p95} → ${current.latencyMs.p95} ms (${p95.toFixed(2)}x)`;
	return { throughput, p95, line };
}

/** A file name for a target's kept result: its container, port and path. */
export function resultKey(container: string, port: number, path: string, connections: number): string {
	return `${container}-${port}-c${connections}-${path}`.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 120);
}

/** One line of a run's progress: seconds in, req/s over the last second, latencies, totals. */
export function progressLine(p: LoadProgress): string {
	return `  ${String(p.elapsedS).padStart(3)} s  ${String(p.requestsPerSecond).padStart(6)} req/s  p50 ${p.latencyMs.p50} ms  p95 ${p.latencyMs.p95} ms  p99 ${p.latencyMs.p99} ms  ${p.requests} done  ${p.errors} errors  ${p.non2xx} non-2xx`;
}

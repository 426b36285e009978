/**
 * A container's figures over hours, for the stats pane's history view: read from a Prometheus that
 * scrapes `dockmedic watch --metrics` (or cAdvisor), or from what the console itself collected. Pure:
 * the queries to send, the answers taken apart, and what the figures say (a leak's slope, restarts).
 */
import type { StatsSample } from './stats.js';

/** The spans the history view steps through, shortest first. */
export const HISTORY_RANGES = [
	{ label: '10m', seconds: 10 * 60 },
	{ label: '1h', seconds: 3600 },
	{ label: '6h', seconds: 6 * 3600 },
	{ label: '24h', seconds: 24 * 3600 },
] as const;

export type HistorySource = 'dockmedic' | 'cadvisor' | 'session';

export type MetricHistory = {
	readonly source: HistorySource;
	/** Seconds since the epoch of the first and last points drawn, and of the window's end. */
	readonly from: number;
	readonly until: number;
	readonly to: number;
	readonly stepSeconds: number;
	/** One value per step from `from` (gaps inside carry the value before them). */
	readonly cpuPercent: readonly number[];
	readonly memoryBytes: readonly number[];
	readonly memoryLimitBytes: number | null;
	/** Highest values in the window (read from every sample, not only the drawn points). */
	readonly peakCpuPercent: number;
	readonly peakMemoryBytes: number;
	/** Restarts within the window, where the source counts them. */
	readonly restarts: number | null;
	/** Memory's least-squares slope, bytes an hour. */
	readonly memorySlopePerHour: number;
	/** Steps with no sample inside the drawn window (the watch or Prometheus was down). */
	readonly gaps: number;
};

/** A label value inside a PromQL string literal. */
export function promqlString(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The PromQL a history is drawn from, for each kind of series a Prometheus may hold about a container. */
export function historyQueries(
	source: Exclude<HistorySource, 'session'>,
	container: string,
	rangeSeconds: number,
	stepSeconds: number,
): { cpu: string; memory: string; limit: string; restarts: string; peakCpu: string; peakMemory: string } {
	const range = `${Math.round(rangeSeconds)}s`;
	if (source === 'dockmedic') {
		// Several hosts may name a container alike; the highest is the one in trouble.
		const sel = (metric: string) => `max(${metric}{container=${promqlString(container)}})`;
		return {
			cpu: sel('dockmedic_container_cpu_percent'),
			memory: sel('dockmedic_container_memory_bytes'),
			limit: sel('dockmedic_container_memory_limit_bytes'),
			restarts: `max(max_over_time(dockmedic_container_restarts{container=${promqlString(container)}}[${range}]) - min_over_time(dockmedic_container_restarts{container=${promqlString(container)}}[${range}]))`,
			peakCpu: `max(max_over_time(dockmedic_container_cpu_percent{container=${promqlString(container)}}[${range}]))`,
			peakMemory: `max(max_over_time(dockmedic_container_memory_bytes{container=${promqlString(container)}}[${range}]))`,
		};
	}
	// cAdvisor names a Docker container's series by `name`; working set is what docker stats shows as usage.
	const name = `name=${promqlString(container)}`;
	const rateWindow = `${Math.max(60, Math.round(stepSeconds * 2))}s`;
	return {
		cpu: `sum(rate(container_cpu_usage_seconds_total{${name}}[${rateWindow}])) * 100`,
		memory: `sum(container_memory_working_set_bytes{${name}})`,
		limit: `max(container_spec_memory_limit_bytes{${name}} > 0)`,
		// A restart gives the container a new start time.
		restarts: `max(changes(container_start_time_seconds{${name}}[${range}]))`,
		// irate: rate over a minute would read low for the first minute of a series, and smooth a spike away.
		peakCpu: `max_over_time((sum(irate(container_cpu_usage_seconds_total{${name}}[5m])) * 100)[${range}:])`,
		peakMemory: `max(max_over_time(container_memory_working_set_bytes{${name}}[${range}]))`,
	};
}

/** A Prometheus HTTP API answer that is not what a query asked for. */
export class PrometheusAnswerError extends Error {}

type Point = readonly [number, number];

/** The points of a `query_range` answer's first series (none when nothing matched). */
export function rangePoints(body: unknown): Point[] {
	const data = answerData(body);
	if (data.resultType !== 'matrix' || !Array.isArray(data.result))
		throw new PrometheusAnswerError('Prometheus answered a range query without a matrix.');
	const first = data.result[0] as { values?: unknown } | undefined;
	if (!first || !Array.isArray(first.values)) return [];
	return first.values.flatMap((pair: unknown) => {
		if (!Array.isArray(pair)) return [];
		const t = Number(pair[0]);
		const v = Number(pair[1]);
		return Number.isFinite(t) && Number.isFinite(v) ? [[t, v] as const] : [];
	});
}

/** The value of an instant query's first series, or null when nothing matched. */
export function instantValue(body: unknown): number | null {
	const data = answerData(body);
	if (!Array.isArray(data.result)) throw new PrometheusAnswerError('Prometheus answered without a result.');
	const first = data.result[0] as { value?: unknown } | undefined;
	if (data.resultType === 'scalar' && Array.isArray(data.result)) return finite(Number(data.result[1]));
	if (!first || !Array.isArray(first.value)) return null;
	return finite(Number(first.value[1]));
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);

function answerData(body: unknown): { resultType?: unknown; result?: unknown[] } {
	const answer = body as {
		status?: unknown;
		error?: unknown;
		data?: { resultType?: unknown; result?: unknown[] };
	};
	if (answer?.status === 'error')
		throw new PrometheusAnswerError(
			`Prometheus refused the query: ${String(answer.error ?? 'no reason given')}`,
		);
	if (answer?.status !== 'success' || typeof answer.data !== 'object' || answer.data === null)
		throw new PrometheusAnswerError('The answer is not from a Prometheus HTTP API (no status "success").');
	return answer.data;
}

/**
 * Points placed on the step grid from `start`: leading steps without data are dropped (the series
 * starts later), inside gaps carry the value before them and are counted.
 */
export function onGrid(
	points: readonly Point[],
	start: number,
	stepSeconds: number,
	count: number,
	/** The steps to cover (another series' span, so that two charts share one time axis); else the data's own. */
	span?: { readonly firstStep: number; readonly lastStep: number },
): { values: number[]; firstStep: number; lastStep: number; gaps: number } {
	const slots: (number | undefined)[] = new Array(count).fill(undefined);
	for (const [t, v] of points) {
		const i = Math.round((t - start) / stepSeconds);
		if (i >= 0 && i < count) slots[i] = v;
	}
	const dataFirst = slots.findIndex((v) => v !== undefined);
	if (dataFirst < 0 && !span) return { values: [], firstStep: count, lastStep: -1, gaps: 0 };
	let dataLast = count - 1;
	while (dataLast > 0 && slots[dataLast] === undefined) dataLast--;
	const firstStep = span?.firstStep ?? dataFirst;
	const lastStep = span?.lastStep ?? dataLast;
	let gaps = 0;
	// Before its first sample a series shares another's axis at its own first value (or nothing at all).
	let carried = slots[dataFirst < 0 ? firstStep : Math.max(firstStep, dataFirst)] ?? 0;
	const values: number[] = [];
	for (let i = firstStep; i <= lastStep; i++) {
		const v = slots[i];
		if (v === undefined) gaps++;
		else carried = v;
		values.push(carried);
	}
	return { values, firstStep, lastStep, gaps };
}

/** Least-squares slope of values taken every `stepSeconds`, per hour; 0 for fewer than two. */
export function slopePerHour(values: readonly number[], stepSeconds: number): number {
	const n = values.length;
	if (n < 2) return 0;
	const meanX = (n - 1) / 2;
	const meanY = values.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	values.forEach((y, x) => {
		num += (x - meanX) * (y - meanY);
		den += (x - meanX) ** 2;
	});
	return (num / den / stepSeconds) * 3600;
}

/**
 * Whether memory rose steadily over the window, as a leak does: it grew by at least a tenth (and a
 * MiB) from its lowest, and most steps went up or held rather than down.
 */
export function looksLikeLeak(history: Pick<MetricHistory, 'memoryBytes' | 'memorySlopePerHour'>): boolean {
	const values = history.memoryBytes;
	if (values.length < 4 || history.memorySlopePerHour <= 0) return false;
	const low = Math.min(...values);
	const rise = (values.at(-1) as number) - low;
	if (rise < Math.max(1024 * 1024, low * 0.1)) return false;
	let down = 0;
	let up = 0;
	for (let i = 1; i < values.length; i++) {
		const a = values[i - 1] as number;
		const b = values[i] as number;
		if (b < a * 0.98) down++;
		else if (b > a) up++;
	}
	return up >= 2 && down <= Math.floor((values.length - 1) / 4);
}

/**
 * The console's own samples of a container (taken while its stats were shown) over a window, averaged
 * into `points` steps: the history view without a Prometheus.
 */
export function historyFromSamples(
	samples: readonly StatsSample[],
	rangeSeconds: number,
	points: number,
	now: number,
): MetricHistory {
	const to = now / 1000;
	const start = to - rangeSeconds;
	const step = rangeSeconds / points;
	const inWindow = samples.filter((s) => s.time / 1000 >= start);
	const buckets = new Map<number, StatsSample[]>();
	for (const s of inWindow) {
		const i = Math.min(points - 1, Math.floor((s.time / 1000 - start) / step));
		const list = buckets.get(i) ?? [];
		list.push(s);
		buckets.set(i, list);
	}
	const mean = (list: StatsSample[], pick: (s: StatsSample) => number) =>
		list.reduce((sum, s) => sum + pick(s), 0) / list.length;
	const cpu: Point[] = [];
	const memory: Point[] = [];
	for (const [i, list] of buckets) {
		cpu.push([start + i * step, mean(list, (s) => s.cpuPercent)]);
		memory.push([start + i * step, mean(list, (s) => s.memoryUsageBytes)]);
	}
	const memoryGrid = onGrid(memory, start, step, points);
	const cpuGrid = onGrid(cpu, start, step, points, memoryGrid);
	const last = inWindow.at(-1);
	return {
		source: 'session',
		from: start + memoryGrid.firstStep * step,
		until: start + Math.max(memoryGrid.firstStep, memoryGrid.lastStep) * step,
		to,
		stepSeconds: step,
		cpuPercent: cpuGrid.values,
		memoryBytes: memoryGrid.values,
		memoryLimitBytes: last ? last.memoryLimitBytes : null,
		peakCpuPercent: Math.max(0, ...inWindow.map((s) => s.cpuPercent)),
		peakMemoryBytes: Math.max(0, ...inWindow.map((s) => s.memoryUsageBytes)),
		restarts: null,
		memorySlopePerHour: slopePerHour(memoryGrid.values, step),
		gaps: memoryGrid.gaps,
	};
}

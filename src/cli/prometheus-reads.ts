/**
 * A container's history from a Prometheus HTTP API (`--prometheus URL`): the series `dockmedic watch
 * --metrics` exports, or cAdvisor's when those are what the server has.
 */
import { DockmedicError } from '../engine/errors.js';
import {
	historyQueries,
	instantValue,
	type MetricHistory,
	onGrid,
	rangePoints,
	slopePerHour,
} from '../model/metric-history.js';

/** A history read waits this long for Prometheus: a slow server must not hold the pane. */
const QUERY_TIMEOUT_MS = 8000;

/** The base of a Prometheus URL as given (http://host:9090, with or without a trailing slash or path). */
export function prometheusBase(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new DockmedicError(`--prometheus expects a URL such as http://127.0.0.1:9090, got "${url}".`, {
			exitCode: 2,
		});
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		throw new DockmedicError(`--prometheus expects an http(s) URL, got "${url}".`, { exitCode: 2 });
	return parsed.href.replace(/\/+$/, '');
}

async function ask(base: string, path: string, params: Record<string, string>, signal?: AbortSignal) {
	const url = `${base}${path}?${new URLSearchParams(params)}`;
	const timeout = AbortSignal.timeout(QUERY_TIMEOUT_MS);
	let response: Response;
	try {
		response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
	} catch (error) {
		const reason = (error as Error).name === 'TimeoutError' ? 'no answer in 8 s' : causeOf(error);
		throw new Error(`Prometheus at ${base} cannot be read: ${reason}.`);
	}
	const body: unknown = await response.json().catch(() => null);
	if (body === null)
		throw new Error(`${base} answered ${response.status} without JSON: is it a Prometheus server?`);
	return body;
}

function causeOf(error: unknown): string {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * The last `rangeSeconds` of a container's CPU and memory in `points` steps, with its peaks, restarts
 * and memory slope. Tries dockmedic's series first, then cAdvisor's; says which the server has none of.
 */
export async function readPrometheusHistory(
	baseUrl: string,
	container: string,
	rangeSeconds: number,
	points: number,
	signal?: AbortSignal,
): Promise<MetricHistory> {
	const base = prometheusBase(baseUrl);
	const to = Math.floor(Date.now() / 1000);
	const start = to - rangeSeconds;
	const step = Math.max(1, Math.ceil(rangeSeconds / points));
	const range = (query: string) =>
		ask(
			base,
			'/api/v1/query_range',
			{ query, start: String(start), end: String(to), step: `${step}s` },
			signal,
		);
	const instant = (query: string) => ask(base, '/api/v1/query', { query, time: String(to) }, signal);
	// Every step of the window, its end included.
	const count = Math.floor(rangeSeconds / step) + 1;
	for (const source of ['dockmedic', 'cadvisor'] as const) {
		const q = historyQueries(source, container, rangeSeconds, step);
		const memoryPoints = rangePoints(await range(q.memory));
		if (memoryPoints.length === 0) continue;
		const [cpuBody, limit, restarts, peakCpu, peakMemory] = await Promise.all([
			range(q.cpu),
			instant(q.limit).then(instantValue),
			instant(q.restarts).then(instantValue),
			instant(q.peakCpu).then(instantValue),
			instant(q.peakMemory).then(instantValue),
		]);
		const memory = onGrid(memoryPoints, start, step, count);
		// On memory's steps: both charts share one time axis.
		const cpu = onGrid(rangePoints(cpuBody), start, step, count, memory);
		return {
			source,
			from: start + memory.firstStep * step,
			until: start + memory.lastStep * step,
			to,
			stepSeconds: step,
			cpuPercent: cpu.values,
			memoryBytes: memory.values,
			memoryLimitBytes: limit,
			peakCpuPercent: peakCpu ?? Math.max(0, ...cpu.values),
			peakMemoryBytes: peakMemory ?? Math.max(0, ...memory.values),
			restarts,
			memorySlopePerHour: slopePerHour(memory.values, step),
			gaps: memory.gaps,
		};
	}
	throw new Error(
		`Prometheus at ${base} has no series for ${container} in the last ${Math.round(rangeSeconds / 60)} min ` +
			"(neither dockmedic_container_memory_bytes from `dockmedic watch --metrics` nor cAdvisor's container_memory_working_set_bytes).",
	);
}

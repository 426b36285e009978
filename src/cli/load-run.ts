/**
 * One bounded HTTP load run with autocannon (the maintained Node HTTP benchmarker: keep-alive
 * connections, HdrHistogram latencies, per-response events for live figures).
 */
import autocannon from 'autocannon';
import { type LoadFigures, type LoadProgress, latencySummary } from '../model/load-result.js';

export type { LoadProgress };

export type LoadRunOptions = {
	readonly url: string;
	readonly requests: number;
	readonly connections: number;
	/** The time bound: the run stops then even if requests remain. */
	readonly durationS: number;
	/** Seconds one request may take before it counts as a timeout. */
	readonly timeoutS: number;
};

/** Largest run kept in memory for exact percentiles: 8 bytes a response. */
const MAX_RECORDED = 2_000_000;

export function runLoad(
	options: LoadRunOptions,
	onProgress: (progress: LoadProgress) => void = () => undefined,
	signal?: AbortSignal,
): Promise<LoadFigures> {
	const startedAt = Date.now();
	const latencies = new Float64Array(Math.min(options.requests, MAX_RECORDED));
	let recorded = 0;
	let lastSecondFrom = 0;
	let errors = 0;
	let non2xx = 0;
	let endedBy: LoadFigures['endedBy'] = 'requests';
	let lastAnswerAt = startedAt;
	return new Promise((resolve, reject) => {
		const instance = autocannon(
			{
				url: options.url,
				connections: Math.min(options.connections, options.requests),
				amount: options.requests,
				timeout: options.timeoutS,
				// Its sampling tick is when it notices the end: a finer one ends a short run sooner.
				sampleInt: 100,
			},
			(error: Error | null, result: autocannon.Result) => {
				clearTimeout(timeBound);
				clearInterval(progress);
				signal?.removeEventListener('abort', stop);
				if (error) return reject(error);
				const statusCodes: Record<string, number> = {};
				for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
					statusCodes[code] = (stats as { count: number }).count;
				// To the last answer: autocannon notices the end only at its next sampling tick.
				const durationS = ((recorded > 0 ? lastAnswerAt : Date.now()) - startedAt) / 1000;
				resolve({
					url: options.url,
					startedAt,
					durationS: Math.round(durationS * 100) / 100,
					requests: recorded,
					requestsPerSecond: durationS > 0 ? Math.round(recorded / durationS) : 0,
					latencyMs: latencySummary(latencies.subarray(0, recorded)),
					errors: result.errors - result.timeouts,
					timeouts: result.timeouts,
					non2xx: result.non2xx,
					statusCodes,
					connections: Math.min(options.connections, options.requests),
					endedBy,
				});
			},
		);
		instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
			if (recorded < latencies.length) latencies[recorded++] = responseTime;
			lastAnswerAt = Date.now();
			if (statusCode < 200 || statusCode > 299) non2xx++;
		});
		instance.on('reqError', () => {
			errors++;
		});
		const stopAs = (why: LoadFigures['endedBy']) => () => {
			endedBy = why;
			instance.stop();
		};
		const timeBound = setTimeout(stopAs('duration'), options.durationS * 1000);
		const stop = stopAs('stopped');
		// An already-aborted signal fires no event: stopped at once.
		if (signal?.aborted) stop();
		else signal?.addEventListener('abort', stop, { once: true });
		let lastTick = startedAt;
		const progress = setInterval(() => {
			const now = Date.now();
			const lastSecond = latencies.subarray(lastSecondFrom, recorded);
			lastSecondFrom = recorded;
			// Per the time since the last tick: a loaded machine fires timers late.
			const tickS = Math.max(0.001, (now - lastTick) / 1000);
			lastTick = now;
			onProgress({
				elapsedS: Math.round((now - startedAt) / 1000),
				requests: recorded,
				requestsPerSecond: Math.round(lastSecond.length / tickS),
				latencyMs: latencySummary(lastSecond),
				errors,
				non2xx,
			});
		}, 1000);
	});
}

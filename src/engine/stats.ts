/** Container stats: one reading, or a series of them (read at the caller's pace, or streamed). */
import { afterReading, type RawStats } from '../model/stats.js';
import { sleep } from '../util/sleep.js';
import { type Connection, callWithOptions } from './calls.js';
import { consumeLines } from './streams.js';

export type { RawStats };

export type StatsClient = {
	/** One sample with its previous one filled in (the engine waits about a second for that). */
	once(idOrName: string): Promise<RawStats>;
	/** One reading at once, without the previous one (counters since start: throttling, pids, memory). */
	now(idOrName: string): Promise<RawStats>;
	/**
	 * Readings until the signal aborts or the container goes away; `onSample` returns how long to wait
	 * before the next one. A stream makes the engine collect every second, whatever the container does;
	 * readings let the caller ask less often of a quiet one.
	 */
	poll(idOrName: string, signal: AbortSignal, onSample: (raw: RawStats) => number): Promise<void>;
	/** Follows stats (about one sample a second) until the signal aborts or the container goes away. */
	stream(idOrName: string, signal: AbortSignal, onSample: (raw: RawStats) => void): Promise<void>;
};

export function statsClient(conn: Connection): StatsClient {
	/** One reading; one-shot skips the engine's second of waiting for the previous one. */
	const read = (idOrName: string, oneShot: boolean) =>
		conn.call(`read stats of ${idOrName}`, (abortSignal) =>
			callWithOptions<RawStats>(conn.docker.getContainer(idOrName), 'stats', {
				stream: false,
				...(oneShot ? { 'one-shot': true } : {}),
				abortSignal,
			}),
		);
	return {
		once: (idOrName) => read(idOrName, false),
		now: (idOrName) => read(idOrName, true),

		async poll(idOrName, signal, onSample) {
			let previous = await read(idOrName, true);
			// The first figures come after a second (CPU needs two readings); later ones when asked.
			for (let wait = 1000; await sleep(wait, signal); ) {
				const current = await read(idOrName, true);
				wait = onSample(afterReading(previous, current));
				previous = current;
			}
		},

		async stream(idOrName, signal, onSample) {
			const stream = (await conn.call(`open the stats of ${idOrName}`, (abortSignal) =>
				callWithOptions<NodeJS.ReadableStream>(conn.docker.getContainer(idOrName), 'stats', {
					stream: true,
					abortSignal,
				}),
			)) as NodeJS.ReadableStream & { destroy?: () => void };
			await consumeLines(stream, signal, (line) => {
				try {
					onSample(JSON.parse(line) as RawStats);
				} catch {
					// A partial or garbled sample is skipped; the next one comes within a second.
				}
			});
		},
	};
}

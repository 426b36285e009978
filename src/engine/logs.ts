/** Container logs: the last lines at once, or followed as they come. */
import { type Connection, callWithOptions } from './calls.js';
import { demultiplex, type OutputChunk } from './demux.js';
import { consumeOutput } from './streams.js';

export type LogClient = {
	/**
	 * The last lines a container wrote, stdout and stderr kept apart, oldest first. With `timestamps`
	 * each line starts with the engine's RFC 3339 time; `since` and `until` are in epoch seconds
	 * (with a fraction: the engine reads nanoseconds).
	 */
	read(
		idOrName: string,
		options: { tail: number | 'all'; tty?: boolean; timestamps?: boolean; since?: number; until?: number },
	): Promise<OutputChunk[]>;
	/** Follows the logs (the last `tail` lines first), demultiplexed, until the signal aborts. */
	follow(
		idOrName: string,
		options: { tail?: number; since?: number; tty: boolean; timestamps?: boolean },
		signal: AbortSignal,
		onChunk: (chunk: OutputChunk) => void,
	): Promise<void>;
};

export function logClient(conn: Connection): LogClient {
	return {
		async read(idOrName, options) {
			const raw = await conn.call(`read the logs of ${idOrName}`, (abortSignal) =>
				callWithOptions<Buffer>(conn.docker.getContainer(idOrName), 'logs', {
					stdout: true,
					stderr: true,
					tail: options.tail,
					follow: false,
					...(options.timestamps ? { timestamps: true } : {}),
					...(options.since !== undefined ? { since: options.since } : {}),
					...(options.until !== undefined ? { until: Math.ceil(options.until) } : {}),
					abortSignal,
				}),
			);
			const buffer: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
			return demultiplex(buffer, options.tty ?? false).chunks;
		},

		async follow(idOrName, options, signal, onChunk) {
			const stream = (await conn.call(`follow the logs of ${idOrName}`, (abortSignal) =>
				callWithOptions<NodeJS.ReadableStream>(conn.docker.getContainer(idOrName), 'logs', {
					follow: true,
					stdout: true,
					stderr: true,
					...(options.since === undefined ? { tail: options.tail ?? 'all' } : { since: options.since }),
					timestamps: options.timestamps ?? false,
					abortSignal,
				}),
			)) as NodeJS.ReadableStream & { destroy?: () => void };
			await consumeOutput(stream, signal, options.tty, (chunks) => {
				for (const chunk of chunks) onChunk(chunk);
			});
		},
	};
}

/** The engine host itself: what it has to give its containers. */
import { type Connection, callWithOptions } from './calls.js';

export type SystemClient = {
	/** The host's CPU count and memory, as `docker info` reports them (NCPU, MemTotal). */
	resources(): Promise<{ readonly cpus: number; readonly memoryBytes: number }>;
};

export function systemClient(conn: Connection): SystemClient {
	return {
		async resources() {
			const info = (await conn.call('read the engine info', (abortSignal) =>
				callWithOptions(conn.docker, 'info', { abortSignal }),
			)) as { NCPU?: number; MemTotal?: number };
			return { cpus: info.NCPU ?? 1, memoryBytes: info.MemTotal ?? 0 };
		},
	};
}

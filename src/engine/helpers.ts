/**
 * Helper containers: short-lived ones dockmedic runs itself, for probes when the target has no tools or
 * to look at a mount source. Each runs with a read-only root, no capabilities and no network unless told,
 * carries the caller's labels (so a killed run's can be swept) and is always removed after its run.
 */
import type Docker from 'dockerode';
import { nullOnTimeout, withDeadline } from '../util/deadline.js';
import type { Connection } from './calls.js';
import type { ContainerClient } from './containers.js';
import { streamText } from './demux.js';
import type { ExecResult } from './exec.js';
import type { LogClient } from './logs.js';

export type HelperOptions = {
	readonly image: string;
	/** none unless told, e.g. container:ID to join a container's network namespace. */
	readonly networkMode?: string;
	readonly binds?: readonly string[];
	readonly user?: string;
	readonly entrypoint?: readonly string[];
	readonly labels: Readonly<Record<string, string>>;
};

export type HelperClient = {
	/** Runs a helper to its end (or `timeoutMs`), and returns its output. */
	run(options: HelperOptions, command: readonly string[], timeoutMs: number): Promise<ExecResult>;
};

export function helperClient(conn: Connection, containers: ContainerClient, logs: LogClient): HelperClient {
	return {
		async run(options, command, timeoutMs) {
			const container = await conn.call('create a helper container', (abortSignal) =>
				conn.docker.createContainer({
					Image: options.image,
					Cmd: [...command],
					...(options.entrypoint ? { Entrypoint: [...options.entrypoint] } : {}),
					Labels: { ...options.labels },
					...(options.user ? { User: options.user } : {}),
					HostConfig: {
						NetworkMode: options.networkMode ?? 'none',
						Binds: [...(options.binds ?? [])],
						ReadonlyRootfs: true,
						CapDrop: ['ALL'],
					},
					abortSignal,
				} as Docker.ContainerCreateOptions),
			);
			try {
				await conn.call('start the helper container', (abortSignal) => container.start({ abortSignal }));
				const exitCode = await withDeadline(timeoutMs, (abortSignal) =>
					container.wait({ abortSignal }).then((r: { StatusCode: number }) => r.StatusCode),
				).catch(nullOnTimeout);
				const chunks = await logs.read(container.id, { tail: 1000 });
				return {
					exitCode: exitCode ?? -1,
					stdout: streamText(chunks, 'stdout'),
					stderr: streamText(chunks, 'stderr'),
					timedOut: exitCode === null,
				};
			} finally {
				await containers.act('remove', container.id, { volumes: true }).catch(() => undefined);
			}
		},
	};
}

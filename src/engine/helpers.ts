/**
 * Helper containers: short-lived ones dockmedic runs itself, for probes when the target has no tools or
 * to look at a mount source. Each runs with a read-only root, no capabilities and no network unless told,
 * is labelled with its owner (host:pid) and always removed after its run; one left behind by a killed
 * run is swept once its owner is gone.
 */
import os from 'node:os';
import type Docker from 'dockerode';
import { nullOnTimeout, withDeadline } from '../util/deadline.js';
import type { Connection } from './calls.js';
import type { ContainerClient } from './containers.js';
import { streamText } from './demux.js';
import type { ExecResult } from './exec.js';
import type { LogClient } from './logs.js';

/** Label on helper containers; its value names the owner (host:pid). */
export const HELPER_LABEL = 'dockmedic.helper';

export type HelperOptions = {
	readonly image: string;
	/** none unless told, e.g. container:ID to join a container's network namespace. */
	readonly networkMode?: string;
	readonly binds?: readonly string[];
	readonly user?: string;
	readonly entrypoint?: readonly string[];
};

export type HelperClient = {
	/** Runs a helper to its end (or `timeoutMs`), and returns its output. */
	run(options: HelperOptions, command: readonly string[], timeoutMs: number): Promise<ExecResult>;
	/**
	 * Removes helpers whose owner process is gone (a dockmedic killed with -9 mid-probe); returns their
	 * names. Only helpers made on this host are judged; a live owner's helpers are left alone.
	 */
	sweepOrphans(): Promise<string[]>;
	/**
	 * Creates a helper that is never started, only to hold mounts for the archive calls (backup and
	 * restore of a volume no container uses), gives its id to `use`, and removes it after. Any local
	 * image will do: nothing of it runs.
	 */
	holding<T>(
		options: { image: string; binds: readonly string[] },
		use: (id: string) => Promise<T>,
	): Promise<T>;
	/**
	 * Starts a toolbox for a container and returns its id: a helper of a local image with tools, kept
	 * alive until removed, labelled as a helper (swept if its owner dies). For a running target it
	 * shares the target's network and processes, and shows the target's root (mounts included) at
	 * /target; for a stopped one it joins `networkMode` and mounts `binds` (its mounts, read-only).
	 */
	startToolbox(options: ToolboxOptions): Promise<string>;
};

export type ToolboxOptions = {
	readonly image: string;
	/** The target, by name, for the toolbox's label. */
	readonly target: string;
	/** A running target's id: its network and PID namespaces are shared. */
	readonly joinRunning?: string;
	readonly networkMode?: string;
	readonly binds?: readonly string[];
};

/** Label on a toolbox: the container it is for. */
export const TOOLBOX_LABEL = 'dockmedic.toolbox';

/** Keeps the toolbox alive for the shells exec'd into it; a shared PID namespace has it as one more process. */
const TOOLBOX_IDLE = 'while :; do sleep 3600; done';

export function helperClient(conn: Connection, containers: ContainerClient, logs: LogClient): HelperClient {
	const remove = (id: string) => containers.act('remove', id, { volumes: true });
	return {
		async run(options, command, timeoutMs) {
			const container = await conn.call('create a helper container', (abortSignal) =>
				conn.docker.createContainer({
					Image: options.image,
					Cmd: [...command],
					...(options.entrypoint ? { Entrypoint: [...options.entrypoint] } : {}),
					Labels: { [HELPER_LABEL]: `${os.hostname()}:${process.pid}` },
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
				await remove(container.id).catch(() => undefined);
			}
		},

		async holding(options, use) {
			const container = await conn.call('create a helper container to hold a volume', (abortSignal) =>
				conn.docker.createContainer({
					Image: options.image,
					Cmd: ['true'],
					Labels: { [HELPER_LABEL]: `${os.hostname()}:${process.pid}` },
					HostConfig: { NetworkMode: 'none', Binds: [...options.binds] },
					abortSignal,
				} as Docker.ContainerCreateOptions),
			);
			try {
				return await use(container.id);
			} finally {
				// The volume itself stays: removing the holder's anonymous volumes would touch nothing named.
				await containers.act('remove', container.id).catch(() => undefined);
			}
		},

		async startToolbox(options) {
			const running = options.joinRunning;
			const container = await conn.call('create a toolbox container', (abortSignal) =>
				conn.docker.createContainer({
					Image: options.image,
					Entrypoint: ['sh', '-c'],
					// In the target's PID namespace its PID 1 is /proc/1: its root, with its mounts, is /proc/1/root.
					Cmd: [running ? `ln -sfn /proc/1/root /target; ${TOOLBOX_IDLE}` : TOOLBOX_IDLE],
					Labels: { [HELPER_LABEL]: `${os.hostname()}:${process.pid}`, [TOOLBOX_LABEL]: options.target },
					HostConfig: running
						? {
								NetworkMode: `container:${running}`,
								PidMode: `container:${running}`,
								// Reading another user's /proc/1/root needs it (as `docker debug` and nsenter do).
								CapAdd: ['SYS_PTRACE'],
							}
						: { NetworkMode: options.networkMode ?? 'none', Binds: [...(options.binds ?? [])] },
					abortSignal,
				} as Docker.ContainerCreateOptions),
			);
			try {
				await conn.call('start the toolbox container', (abortSignal) => container.start({ abortSignal }));
			} catch (error) {
				await remove(container.id).catch(() => undefined);
				throw error;
			}
			return container.id;
		},

		async sweepOrphans() {
			const helpers = await containers.listByLabel(HELPER_LABEL);
			const swept: string[] = [];
			for (const helper of helpers) {
				const [host, pid] = (helper.labels[HELPER_LABEL] ?? '').split(':');
				if (host !== os.hostname() || !pid || isAlive(Number(pid))) continue;
				await remove(helper.id);
				swept.push(helper.name);
			}
			return swept;
		},
	};
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

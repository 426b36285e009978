/**
 * Containers: listing, inspecting and creating them, the lifecycle verbs, limits, and a path's metadata.
 *
 * The lifecycle verbs follow one policy, whoever calls them (console actions, remedies, labs, helpers):
 * - stop and restart give the process `stopTimeoutS` seconds (10 unless told) between SIGTERM and
 *   SIGKILL; the call is given that long on top of the usual call bound, so a process that ignores
 *   SIGTERM is killed by the engine rather than reported as an engine that did not answer.
 * - 304 "already so" (starting a running container, stopping a stopped one) counts as done.
 * - remove is forced (a running container is killed first, as `docker rm -f`), 404 "already gone"
 *   counts as done, and the container's anonymous volumes go only when asked (`volumes: true`).
 */
import type Docker from 'dockerode';
import type { ContainerDetails, ContainerSummary } from '../model/container.js';
import type { ContainerSpec } from '../model/container-spec.js';
import type { TuningUpdate } from '../model/tuning.js';
import { type Connection, callWithOptions, ignoreStatus } from './calls.js';
import { toDetails, toSummary } from './convert.js';
import { toCreateOptions } from './create-options.js';
import { readAtMost } from './streams.js';
import { type PathStat, pathStatOf, TAR_HEADER_BYTES } from './tar-header.js';

export type { PathStat };

/** The lifecycle verbs, as the docker CLI verbs of the same names. */
export type ContainerVerb = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'remove';

export type VerbOptions = {
	/** stop and restart: seconds between SIGTERM and SIGKILL. @default 10 */
	readonly stopTimeoutS?: number;
	/** remove: the container's anonymous volumes too (lab and test clean-up, helpers). @default false */
	readonly volumes?: boolean;
};

/** Seconds a stopped or restarted process is given to exit, as `docker stop` gives it. */
export const DEFAULT_STOP_TIMEOUT_S = 10;

/** Reading containers; nothing here changes one. */
export type ContainerReads = {
	/** All containers (or only running ones), as the list endpoint reports them. */
	list(options: { all: boolean }): Promise<ContainerSummary[]>;
	/** Containers carrying a label (key or key=value), stopped ones included. */
	listByLabel(label: string): Promise<ContainerSummary[]>;
	/** One container by id or name; ContainerNotFoundError when it does not exist. */
	inspect(idOrName: string): Promise<ContainerDetails>;
	/**
	 * Owner, group and mode of a path in a container's filesystem (its image, writable layer and mounts),
	 * with up to `contentBytes` of a file's content. Read-only, and works on stopped containers, where
	 * exec cannot. Null when the path does not exist.
	 */
	statPath(idOrName: string, path: string, contentBytes?: number): Promise<PathStat | null>;
	/** Its processes as the engine host's `ps` lists them (docker top): column titles and rows. */
	top(idOrName: string, psArgs?: string): Promise<{ titles: string[]; processes: string[][] }>;
	/**
	 * A directory (or file) of a container's filesystem as a tar stream, as `docker cp` copies it out:
	 * entries under the path's base name. Works on stopped and never-started containers. The caller
	 * reads it to the end or destroys it.
	 */
	readArchive(idOrName: string, path: string): Promise<NodeJS.ReadableStream>;
};

/** Resource limits `docker update` changes in place: the advice of a tuning, as the Engine API takes it. */
export type LimitUpdate = TuningUpdate;

/** Reading and changing containers. */
export type ContainerClient = ContainerReads & {
	/** Creates (without starting) a container from a spec; returns its id. */
	create(spec: ContainerSpec): Promise<string>;
	/** One lifecycle verb, under the policy at the top of this module. */
	act(verb: ContainerVerb, idOrName: string, options?: VerbOptions): Promise<void>;
	/** Changes resource limits of a container in place (docker update). */
	update(idOrName: string, limits: LimitUpdate): Promise<void>;
	/**
	 * Unpacks a tar stream into a directory of a container, as `docker cp` copies in: the owners the archive
	 * records are kept (copyUIDGID would instead give every file to the container's user). Works on
	 * never-started containers, into their volumes too.
	 */
	writeArchive(idOrName: string, path: string, tar: NodeJS.ReadableStream): Promise<void>;
	/** Running containers that mount a volume (docker ps --filter volume=NAME). */
	listUsingVolume(volume: string): Promise<ContainerSummary[]>;
};

/** Bound of a whole archive upload: volumes can be large, but a hung engine must still let go. */
const ARCHIVE_UPLOAD_TIMEOUT_MS = 30 * 60_000;

export function containerClient(conn: Connection): ContainerClient {
	const { docker } = conn;
	return {
		async list(options) {
			const raw = await conn.call('list containers', (abortSignal) =>
				docker.listContainers({ all: options.all, abortSignal }),
			);
			return raw.map(toSummary);
		},

		async listByLabel(label) {
			const raw = await conn.call(`list containers labelled ${label}`, (abortSignal) =>
				docker.listContainers({ all: true, filters: { label: [label] }, abortSignal }),
			);
			return raw.map(toSummary);
		},

		async inspect(idOrName) {
			const raw = await conn.call(`inspect container ${idOrName}`, (abortSignal) =>
				docker.getContainer(idOrName).inspect({ abortSignal }),
			);
			return toDetails(raw);
		},

		async statPath(idOrName, path, contentBytes = 512) {
			let stream: NodeJS.ReadableStream;
			try {
				stream = await conn.call(`read ${path} in ${idOrName}`, (abortSignal) =>
					callWithOptions<NodeJS.ReadableStream>(docker.getContainer(idOrName), 'getArchive', {
						path,
						abortSignal,
					}),
				);
			} catch (error) {
				if ((error as { statusCode?: number }).statusCode === 404) return null;
				throw error;
			}
			// The first header, and the start of a file's content (a shebang, an ELF header, /etc/passwd).
			return pathStatOf(await readAtMost(stream, TAR_HEADER_BYTES + contentBytes), contentBytes);
		},

		async top(idOrName, psArgs) {
			const raw = await conn.call(`list the processes of ${idOrName}`, (abortSignal) =>
				callWithOptions<{ Titles?: string[]; Processes?: string[][] }>(docker.getContainer(idOrName), 'top', {
					...(psArgs ? { ps_args: psArgs } : {}),
					abortSignal,
				}),
			);
			return { titles: raw.Titles ?? [], processes: raw.Processes ?? [] };
		},

		async readArchive(idOrName, path) {
			return conn.call(`read ${path} in ${idOrName}`, (abortSignal) =>
				callWithOptions<NodeJS.ReadableStream>(docker.getContainer(idOrName), 'getArchive', {
					path,
					abortSignal,
				}),
			);
		},

		async listUsingVolume(volume) {
			const raw = await conn.call(`list containers using volume ${volume}`, (abortSignal) =>
				docker.listContainers({ filters: { volume: [volume] }, abortSignal }),
			);
			return raw.map(toSummary);
		},

		async writeArchive(idOrName, path, tar) {
			await conn.call(
				`copy files into ${path} of ${idOrName}`,
				(abortSignal) =>
					docker.getContainer(idOrName).putArchive(tar, {
						path,
						abortSignal,
					} as object),
				ARCHIVE_UPLOAD_TIMEOUT_MS,
			);
		},

		async create(spec) {
			const container = await conn.call(`create container ${spec.name}`, (abortSignal) =>
				docker.createContainer({ ...toCreateOptions(spec), abortSignal } as Docker.ContainerCreateOptions),
			);
			return container.id;
		},

		async act(verb, idOrName, options = {}) {
			const c = docker.getContainer(idOrName);
			const t = options.stopTimeoutS ?? DEFAULT_STOP_TIMEOUT_S;
			const send = (abortSignal: AbortSignal): Promise<unknown> => {
				switch (verb) {
					case 'start':
						return c.start({ abortSignal });
					case 'stop':
						return c.stop({ t, abortSignal });
					case 'restart':
						return c.restart({ t, abortSignal });
					case 'kill':
						return c.kill({ abortSignal });
					case 'pause':
						return c.pause({ abortSignal });
					case 'unpause':
						return c.unpause({ abortSignal });
					case 'remove':
						return c.remove({ force: true, ...(options.volumes ? { v: true } : {}), abortSignal });
				}
			};
			const alreadySo = verb === 'remove' ? 404 : 304;
			const waitsForExit = verb === 'stop' || verb === 'restart';
			await conn.call(
				`${verb} container ${idOrName}`,
				(abortSignal) => send(abortSignal).catch(ignoreStatus(alreadySo)),
				conn.callTimeoutMs + (waitsForExit ? t * 1000 : 0),
			);
		},

		async update(idOrName, limits) {
			await conn.call(`update container ${idOrName}`, (abortSignal) =>
				callWithOptions(docker.getContainer(idOrName), 'update', {
					...(limits.pidsLimit ? { PidsLimit: limits.pidsLimit } : {}),
					...(limits.nanoCpus ? { NanoCpus: limits.nanoCpus } : {}),
					...(limits.cpuQuota ? { CpuQuota: limits.cpuQuota } : {}),
					...(limits.memoryBytes ? { Memory: limits.memoryBytes } : {}),
					...(limits.memorySwapBytes ? { MemorySwap: limits.memorySwapBytes } : {}),
					...(limits.restartPolicy ? { RestartPolicy: { Name: limits.restartPolicy } } : {}),
					abortSignal,
				}),
			);
		},
	};
}

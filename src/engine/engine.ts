import Docker from 'dockerode';
import type { ContainerDetails, ContainerEvent, ContainerSummary, EngineInfo } from '../model/container.js';
import type { ContainerSpec } from '../model/container-spec.js';
import { afterReading, type RawStats } from '../model/stats.js';
import type { ServiceSummary, TaskSummary } from '../model/swarm.js';
import { nullOnTimeout, withDeadline } from '../util/deadline.js';
import { sleep } from '../util/sleep.js';
import { bounded, callWithOptions, dockerodeOptions, ignoreStatus, lowerVersion } from './calls.js';
import { toDetails, toSummary } from './convert.js';
import { type RawNode, type RawService, type RawTask, toService, toTask } from './convert-swarm.js';
import { toCreateOptions } from './create-options.js';
import { demultiplex, type OutputChunk, streamText } from './demux.js';
import type { Endpoint } from './endpoint.js';
import { consumeLines, consumeOutput, parseEvent, readText } from './streams.js';

export type { RawStats };

/** What a command run inside a container printed, and how it ended. */
export type ExecResult = {
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
	readonly timedOut: boolean;
};

/** Newest Engine API version dockmedic speaks; older engines are spoken to in their own version. */
const MAX_API_VERSION = '1.45';
/** Bound for one request/response call. Streams are bounded by their owner's AbortSignal instead. */
export const DEFAULT_CALL_TIMEOUT_MS = 8000;

export type EngineOptions = {
	/** Per-call timeout in milliseconds. @default 8000 */
	readonly callTimeoutMs?: number;
};

/**
 * The gateway to one Docker engine: the only code that talks to dockerode.
 * Every call is bounded by a timeout and every failure is mapped to a DockmedicError.
 */
export class Engine {
	readonly endpoint: Endpoint;
	readonly info: EngineInfo;
	private readonly docker: Docker;
	private readonly callTimeoutMs: number;

	private constructor(endpoint: Endpoint, docker: Docker, info: EngineInfo, callTimeoutMs: number) {
		this.endpoint = endpoint;
		this.docker = docker;
		this.info = info;
		this.callTimeoutMs = callTimeoutMs;
	}

	/** Connects and negotiates the API version (the lower of the engine's and ours). */
	static async connect(endpoint: Endpoint, options: EngineOptions = {}): Promise<Engine> {
		const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
		const docker = new Docker(dockerodeOptions(endpoint));
		// dockerode's typings omit version()'s options, but it honours abortSignal like every call.
		const versionWithOptions = docker.version as unknown as (options: {
			abortSignal: AbortSignal;
		}) => Promise<Docker.DockerVersion>;
		const version = await bounded(endpoint, 'ask the engine its version', callTimeoutMs, (abortSignal) =>
			versionWithOptions.call(docker, { abortSignal }),
		);
		const apiVersion = lowerVersion(version.ApiVersion, MAX_API_VERSION);
		(docker.modem as { version?: string }).version = `v${apiVersion}`;
		const info: EngineInfo = {
			endpoint: endpoint.url,
			version: version.Version,
			apiVersion,
			os: version.Os,
			arch: version.Arch,
		};
		return new Engine(endpoint, docker, info, callTimeoutMs);
	}

	/** All containers (or only running ones), as the list endpoint reports them. */
	async listContainers(options: { all: boolean }): Promise<ContainerSummary[]> {
		const raw = await this.call('list containers', (abortSignal) =>
			this.docker.listContainers({ all: options.all, abortSignal }),
		);
		return raw.map(toSummary);
	}

	/** Inspect one container by id or name; ContainerNotFoundError when it does not exist. */
	async inspectContainer(idOrName: string): Promise<ContainerDetails> {
		const raw = await this.call(`inspect container ${idOrName}`, (abortSignal) =>
			this.docker.getContainer(idOrName).inspect({ abortSignal }),
		);
		return toDetails(raw);
	}

	/**
	 * Streams container events until the signal aborts or the stream breaks.
	 * Resolves when the stream ends (cleanly or not); rejects only if it cannot be opened.
	 */
	async streamContainerEvents(signal: AbortSignal, onEvent: (event: ContainerEvent) => void): Promise<void> {
		const stream = (await this.call('open the events stream', (abortSignal) =>
			this.docker.getEvents({ filters: { type: ['container'] }, abortSignal }),
		)) as NodeJS.ReadableStream & { destroy?: () => void };
		await consumeLines(stream, signal, (line) => {
			const event = parseEvent(line);
			if (event) onEvent(event);
		});
	}

	/** Containers carrying a label (key or key=value), stopped ones included. */
	async listContainersByLabel(label: string): Promise<ContainerSummary[]> {
		const raw = await this.call(`list containers labelled ${label}`, (abortSignal) =>
			this.docker.listContainers({ all: true, filters: { label: [label] }, abortSignal }),
		);
		return raw.map(toSummary);
	}

	/** Creates (without starting) a container from a spec; returns its id. */
	async createContainer(spec: ContainerSpec): Promise<string> {
		const container = await this.call(`create container ${spec.name}`, (abortSignal) =>
			this.docker.createContainer({ ...toCreateOptions(spec), abortSignal } as Docker.ContainerCreateOptions),
		);
		return container.id;
	}

	async startContainer(idOrName: string): Promise<void> {
		await this.call(`start container ${idOrName}`, (abortSignal) =>
			this.docker.getContainer(idOrName).start({ abortSignal }),
		);
	}

	async stopContainer(idOrName: string, timeoutS: number): Promise<void> {
		await this.call(`stop container ${idOrName}`, (abortSignal) =>
			this.docker.getContainer(idOrName).stop({ t: timeoutS, abortSignal }).catch(ignoreStatus(304)),
		);
	}

	async removeContainer(idOrName: string): Promise<void> {
		await this.call(`remove container ${idOrName}`, (abortSignal) =>
			this.docker
				.getContainer(idOrName)
				.remove({ force: true, v: true, abortSignal })
				.catch(ignoreStatus(404)),
		);
	}

	/** A lifecycle action, as the docker CLI verb of the same name. 304 (already so) counts as done. */
	async containerAction(
		idOrName: string,
		action: 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'remove',
	): Promise<void> {
		const c = this.docker.getContainer(idOrName);
		await this.call(`${action} container ${idOrName}`, (abortSignal) => {
			switch (action) {
				case 'start':
					return c.start({ abortSignal }).catch(ignoreStatus(304));
				case 'stop':
					return c.stop({ t: 10, abortSignal }).catch(ignoreStatus(304));
				case 'restart':
					return c.restart({ t: 10, abortSignal });
				case 'kill':
					return c.kill({ abortSignal });
				case 'pause':
					return c.pause({ abortSignal });
				case 'unpause':
					return c.unpause({ abortSignal });
				case 'remove':
					return c.remove({ force: true, abortSignal });
			}
		});
	}

	async restartContainer(idOrName: string): Promise<void> {
		await this.call(`restart container ${idOrName}`, (abortSignal) =>
			this.docker.getContainer(idOrName).restart({ abortSignal }),
		);
	}

	async connectNetwork(network: string, container: string): Promise<void> {
		await this.call(`connect ${container} to network ${network}`, (abortSignal) =>
			callWithOptions(this.docker.getNetwork(network), 'connect', { Container: container, abortSignal }),
		);
	}

	/** Changes resource limits of a container in place (docker update). */
	async updateLimits(idOrName: string, limits: { pidsLimit?: number; nanoCpus?: number }): Promise<void> {
		await this.call(`update container ${idOrName}`, (abortSignal) =>
			callWithOptions(this.docker.getContainer(idOrName), 'update', {
				...(limits.pidsLimit ? { PidsLimit: limits.pidsLimit } : {}),
				...(limits.nanoCpus ? { NanoCpus: limits.nanoCpus } : {}),
				abortSignal,
			}),
		);
	}

	async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
		await this.call(`create network ${name}`, (abortSignal) =>
			this.docker.createNetwork({
				Name: name,
				Labels: labels,
				CheckDuplicate: true,
				abortSignal,
			} as Docker.NetworkCreateOptions),
		);
	}

	/** Network names carrying a label. */
	async listNetworksByLabel(
		label: string,
	): Promise<{ id: string; name: string; labels: Record<string, string> }[]> {
		const raw = await this.call(`list networks labelled ${label}`, (abortSignal) =>
			callWithOptions<Docker.NetworkInspectInfo[]>(this.docker, 'listNetworks', {
				filters: { label: [label] },
				abortSignal,
			}),
		);
		return raw.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
	}

	async removeNetwork(idOrName: string): Promise<void> {
		await this.call(`remove network ${idOrName}`, (abortSignal) =>
			this.docker.getNetwork(idOrName).remove({ abortSignal }).catch(ignoreStatus(404)),
		);
	}

	/** The first of the images that is on this engine (never pulled), or undefined. */
	async firstLocalImage(candidates: readonly string[]): Promise<string | undefined> {
		for (const image of candidates) if (await this.imageExists(image)) return image;
		return undefined;
	}

	async imageExists(reference: string): Promise<boolean> {
		try {
			await this.call(`inspect image ${reference}`, (abortSignal) =>
				callWithOptions(this.docker.getImage(reference), 'inspect', { abortSignal }),
			);
			return true;
		} catch (error) {
			if ((error as { statusCode?: number }).statusCode === 404) return false;
			throw error;
		}
	}

	/**
	 * Runs a command in a running container (no shell, no stdin, no TTY) and collects its output.
	 * The Exec API cannot kill a process, so past the deadline the result says timedOut and the
	 * caller should have wrapped the command in `timeout` itself.
	 */
	async exec(
		idOrName: string,
		command: readonly string[],
		options: { user?: string; timeoutMs?: number } = {},
	): Promise<ExecResult> {
		const timeoutMs = options.timeoutMs ?? this.callTimeoutMs;
		const container = this.docker.getContainer(idOrName);
		const exec = await this.call(`exec in ${idOrName}`, () =>
			container.exec({
				Cmd: [...command],
				AttachStdout: true,
				AttachStderr: true,
				AttachStdin: false,
				Tty: false,
				...(options.user ? { User: options.user } : {}),
			}),
		);
		const stream = await this.call(`start exec in ${idOrName}`, () =>
			exec.start({ hijack: true, stdin: false }),
		);
		const out: OutputChunk[] = [];
		const ended = await withDeadline(timeoutMs, (signal) =>
			consumeOutput(stream, signal, false, (chunks) => out.push(...chunks)).then(() => true),
		).catch(nullOnTimeout);
		// A hijacked exec socket can stay open after the output ends (seen when the command does
		// not exist); left alone it would keep the process alive.
		stream.destroy();
		const output = { stdout: streamText(out, 'stdout'), stderr: streamText(out, 'stderr') };
		if (ended === null) return { exitCode: -1, ...output, timedOut: true };
		const info = await this.call(`inspect exec in ${idOrName}`, () => exec.inspect());
		return { exitCode: info.ExitCode ?? -1, ...output, timedOut: false };
	}

	/**
	 * The last lines a container wrote, stdout and stderr kept apart, oldest first. With
	 * `timestamps` each line starts with the engine's RFC 3339 time; `since` is in epoch seconds.
	 */
	async readLogs(
		idOrName: string,
		options: { tail: number; tty?: boolean; timestamps?: boolean; since?: number },
	): Promise<OutputChunk[]> {
		const raw = await this.call(`read the logs of ${idOrName}`, (abortSignal) =>
			callWithOptions<Buffer>(this.docker.getContainer(idOrName), 'logs', {
				stdout: true,
				stderr: true,
				tail: options.tail,
				follow: false,
				...(options.timestamps ? { timestamps: true } : {}),
				...(options.since !== undefined ? { since: Math.floor(options.since) } : {}),
				abortSignal,
			}),
		);
		const buffer: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
		return demultiplex(buffer, options.tty ?? false).chunks;
	}

	/**
	 * Owner, group and mode of a path in a container's filesystem (its image, writable layer and
	 * mounts), read from the first header of the engine's tar archive of the path. Read-only, and
	 * works on stopped containers, where exec cannot. Null when the path does not exist.
	 */
	async statPath(
		idOrName: string,
		path: string,
		contentBytes = 512,
	): Promise<{
		uid: number;
		gid: number;
		mode: number;
		type: 'file' | 'dir' | 'link' | 'other';
		head: Buffer;
	} | null> {
		const container = this.docker.getContainer(idOrName);
		let stream: NodeJS.ReadableStream;
		try {
			stream = await this.call(`read ${path} in ${idOrName}`, (abortSignal) =>
				callWithOptions<NodeJS.ReadableStream>(container, 'getArchive', { path, abortSignal }),
			);
		} catch (error) {
			if ((error as { statusCode?: number }).statusCode === 404) return null;
			throw error;
		}
		// The first header, and the start of a file's content (a shebang, an ELF header, /etc/passwd).
		const head = await readAtMost(stream, 512 + contentBytes);
		if (head.length < 512) return null;
		const octal = (offset: number, length: number) =>
			Number.parseInt(
				head
					.subarray(offset, offset + length)
					.toString('latin1')
					.replace(/\0.*$/s, '')
					.trim() || '0',
				8,
			);
		const flag = String.fromCharCode(head[156] ?? 0);
		const type =
			flag === '5' ? 'dir' : flag === '2' ? 'link' : flag === '0' || flag === '\0' ? 'file' : 'other';
		const size = type === 'file' ? octal(124, 12) : 0;
		return {
			uid: octal(108, 8),
			gid: octal(116, 8),
			mode: octal(100, 8) & 0o7777,
			type,
			head: head.subarray(512, 512 + Math.min(size, contentBytes)),
		};
	}

	/**
	 * Runs a short-lived helper container (for probes when the target has no tools, or to look at a
	 * mount source) and returns its output. Labelled so a killed run can be swept; always removed.
	 */
	async runHelper(
		options: {
			image: string;
			networkMode?: string;
			binds?: string[];
			user?: string;
			entrypoint?: string[];
			labels: Record<string, string>;
		},
		command: readonly string[],
		timeoutMs: number,
	): Promise<ExecResult> {
		const container = await this.call('create a helper container', (abortSignal) =>
			this.docker.createContainer({
				Image: options.image,
				Cmd: [...command],
				...(options.entrypoint ? { Entrypoint: options.entrypoint } : {}),
				Labels: options.labels,
				...(options.user ? { User: options.user } : {}),
				HostConfig: {
					NetworkMode: options.networkMode ?? 'none',
					Binds: options.binds ?? [],
					ReadonlyRootfs: true,
					CapDrop: ['ALL'],
				},
				abortSignal,
			} as Docker.ContainerCreateOptions),
		);
		try {
			await this.call('start the helper container', (abortSignal) => container.start({ abortSignal }));
			const waited = await withDeadline(timeoutMs, (abortSignal) =>
				container.wait({ abortSignal }).then((r: { StatusCode: number }) => r.StatusCode),
			).catch(nullOnTimeout);
			const chunks = await this.readLogs(container.id, { tail: 1000 });
			return {
				exitCode: waited ?? -1,
				stdout: streamText(chunks, 'stdout'),
				stderr: streamText(chunks, 'stderr'),
				timedOut: waited === null,
			};
		} finally {
			await this.removeContainer(container.id).catch(() => undefined);
		}
	}

	/** One stats sample with its previous one filled in (the engine waits about a second for that). */
	async statsOnce(idOrName: string): Promise<RawStats> {
		return await this.readStats(idOrName, false);
	}

	/** One stats reading at once, without the previous one (counters since start: throttling, pids, memory). */
	async statsNow(idOrName: string): Promise<RawStats> {
		return await this.readStats(idOrName, true);
	}

	/** One stats reading; one-shot skips the engine's second of waiting for the previous one. */
	private readStats(idOrName: string, oneShot: boolean): Promise<RawStats> {
		return this.call(`read stats of ${idOrName}`, (abortSignal) =>
			callWithOptions<RawStats>(this.docker.getContainer(idOrName), 'stats', {
				stream: false,
				...(oneShot ? { 'one-shot': true } : {}),
				abortSignal,
			}),
		);
	}

	/**
	 * Reads stats with one-shot reads until the signal aborts or the container goes away; `onSample` returns
	 * how long to wait before the next reading. A stream makes the engine collect every second, whatever the
	 * container does; readings let the caller ask less often of a quiet one.
	 */
	async pollStats(idOrName: string, signal: AbortSignal, onSample: (raw: RawStats) => number): Promise<void> {
		const read = () => this.readStats(idOrName, true);
		let previous = await read();
		// The first figures come after a second (CPU needs two readings); later ones when asked.
		for (let wait = 1000; await sleep(wait, signal); ) {
			const current = await read();
			wait = onSample(afterReading(previous, current));
			previous = current;
		}
	}

	/** Follows stats (about one sample a second) until the signal aborts or the container goes away. */
	async streamStats(idOrName: string, signal: AbortSignal, onSample: (raw: RawStats) => void): Promise<void> {
		const stream = (await this.call(`open the stats of ${idOrName}`, (abortSignal) =>
			callWithOptions<NodeJS.ReadableStream>(this.docker.getContainer(idOrName), 'stats', {
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
	}

	/** Follows the logs (the last `tail` lines first), demultiplexed, until the signal aborts. */
	async followLogs(
		idOrName: string,
		options: { tail?: number; since?: number; tty: boolean; timestamps?: boolean },
		signal: AbortSignal,
		onChunk: (chunk: OutputChunk) => void,
	): Promise<void> {
		const stream = (await this.call(`follow the logs of ${idOrName}`, (abortSignal) =>
			callWithOptions<NodeJS.ReadableStream>(this.docker.getContainer(idOrName), 'logs', {
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
	}

	/** Past events of one container between two times (seconds since the epoch), oldest first. */
	async containerEventHistory(id: string, sinceS: number, untilS: number): Promise<ContainerEvent[]> {
		const what = `read the event history of ${id}`;
		const stream = (await this.call(what, (abortSignal) =>
			this.docker.getEvents({
				since: sinceS,
				until: untilS,
				filters: { type: ['container'], container: [id] },
				abortSignal,
			}),
		)) as NodeJS.ReadableStream & { destroy?: () => void };
		// The engine ends the stream at `until`; reading it is bounded like a call of its own.
		const text = await this.call(what, (signal) => readText(stream, signal));
		return text
			.split('\n')
			.map((line) => (line.trim() ? parseEvent(line.trim()) : undefined))
			.filter((e): e is ContainerEvent => e !== undefined);
	}

	/** Runs one request/response call under the timeout, mapping failures to clear errors. */
	/** Whether this engine is a Swarm manager, the only kind that can list services and tasks. */
	async isSwarmManager(): Promise<boolean> {
		const info = (await this.call('read the engine info', (abortSignal) =>
			callWithOptions(this.docker, 'info', { abortSignal }),
		)) as { Swarm?: { ControlAvailable?: boolean } };
		return info.Swarm?.ControlAvailable === true;
	}

	/** Swarm services with their running and desired task counts (a manager only). */
	async listServices(): Promise<ServiceSummary[]> {
		const raw = (await this.call('list services', (abortSignal) =>
			callWithOptions(this.docker, 'listServices', { status: true, abortSignal }),
		)) as RawService[];
		return raw.map(toService);
	}

	/** The tasks of one service (by id or name), with node host names. */
	async listTasks(service: string): Promise<TaskSummary[]> {
		const [tasks, nodes] = await Promise.all([
			this.call(`list the tasks of service ${service}`, (abortSignal) =>
				callWithOptions(this.docker, 'listTasks', { filters: { service: [service] }, abortSignal }),
			) as Promise<RawTask[]>,
			this.call('list swarm nodes', (abortSignal) =>
				callWithOptions(this.docker, 'listNodes', { abortSignal }),
			) as Promise<RawNode[]>,
		]);
		const hostOf = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
		return tasks.map((t) => toTask(t, hostOf));
	}

	private call<T>(what: string, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
		return bounded(this.endpoint, what, this.callTimeoutMs, run);
	}
}

/** Reads up to `limit` bytes of a stream, then stops it (a directory's archive can be large). */
function readAtMost(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		let size = 0;
		const done = () => {
			(stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
			resolve(Buffer.concat(parts).subarray(0, limit));
		};
		stream.on('data', (chunk: Buffer) => {
			parts.push(chunk);
			size += chunk.length;
			if (size >= limit) done();
		});
		stream.on('end', done);
		stream.on('error', (error) => (size > 0 ? done() : reject(error)));
	});
}

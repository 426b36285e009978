import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import type { ContainerDetails, ContainerEvent, ContainerSummary, EngineInfo } from '../model/container.js';
import { toDetails, toSummary } from './convert.js';
import type { Endpoint } from './endpoint.js';
import { mapEngineError } from './map-error.js';

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
		await new Promise<void>((resolve) => {
			let buffered = '';
			const finish = () => {
				signal.removeEventListener('abort', onAbort);
				resolve();
			};
			const onAbort = () => {
				stream.destroy?.();
				finish();
			};
			signal.addEventListener('abort', onAbort, { once: true });
			stream.on('data', (chunk: Buffer) => {
				buffered += chunk.toString('utf8');
				let newline = buffered.indexOf('\n');
				while (newline >= 0) {
					const line = buffered.slice(0, newline).trim();
					buffered = buffered.slice(newline + 1);
					if (line) {
						const event = parseEvent(line);
						if (event) onEvent(event);
					}
					newline = buffered.indexOf('\n');
				}
			});
			stream.on('end', finish);
			stream.on('close', finish);
			stream.on('error', finish);
		});
	}

	/** Runs one request/response call under the timeout, mapping failures to clear errors. */
	private call<T>(what: string, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
		return bounded(this.endpoint, what, this.callTimeoutMs, run);
	}
}

async function bounded<T>(
	endpoint: Endpoint,
	what: string,
	timeoutMs: number,
	run: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			controller.abort();
			reject(
				Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: 'DOCKMEDIC_TIMEOUT', timeoutMs }),
			);
		}, timeoutMs);
	});
	try {
		return await Promise.race([run(controller.signal), timeout]);
	} catch (error) {
		throw mapEngineError(error, endpoint, what);
	} finally {
		clearTimeout(timer);
	}
}

function dockerodeOptions(endpoint: Endpoint): Docker.DockerOptions {
	switch (endpoint.kind) {
		case 'unix':
			return { socketPath: endpoint.socketPath };
		case 'tcp': {
			if (!endpoint.tls) return { protocol: 'http', host: endpoint.host, port: endpoint.port };
			const read = (file: string) => readFileSync(file);
			return {
				protocol: 'https',
				host: endpoint.host,
				port: endpoint.port,
				ca: read(endpoint.tls.caPath),
				cert: read(endpoint.tls.certPath),
				key: read(endpoint.tls.keyPath),
				...(endpoint.tls.verify ? {} : { checkServerIdentity: () => undefined }),
			} as Docker.DockerOptions;
		}
		case 'ssh':
			return {
				protocol: 'ssh',
				host: endpoint.host,
				port: endpoint.port,
				...(endpoint.username ? { username: endpoint.username } : {}),
				sshOptions: { agent: process.env.SSH_AUTH_SOCK },
			} as Docker.DockerOptions;
	}
}

function parseEvent(line: string): ContainerEvent | undefined {
	try {
		const raw = JSON.parse(line) as {
			id?: string;
			Action?: string;
			status?: string;
			time?: number;
			Actor?: { ID?: string; Attributes?: Record<string, string> };
		};
		const id = raw.Actor?.ID ?? raw.id;
		const action = raw.Action ?? raw.status;
		if (!id || !action) return undefined;
		const attributes = raw.Actor?.Attributes ?? {};
		return { id, action, name: attributes.name ?? '', time: raw.time ?? 0, attributes };
	} catch {
		return undefined;
	}
}

/** Compares dotted API versions and returns the lower one. */
export function lowerVersion(a: string, b: string): string {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const x = pa[i] ?? 0;
		const y = pb[i] ?? 0;
		if (x !== y) return x < y ? a : b;
	}
	return a;
}

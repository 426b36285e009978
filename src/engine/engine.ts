/** The gateway to one Docker engine: a connection and its clients, one per concern. */
import Docker from 'dockerode';
import type { EngineInfo } from '../model/container.js';
import { callWithOptions, connection } from './calls.js';
import { type ContainerClient, containerClient } from './containers.js';
import type { Endpoint } from './endpoint.js';
import { type EventClient, eventClient } from './events.js';
import { type ExecClient, execClient } from './exec.js';
import { type HelperClient, helperClient } from './helpers.js';
import { type ImageClient, imageClient } from './images.js';
import { type LogClient, logClient } from './logs.js';
import { type NetworkClient, networkClient } from './networks.js';
import { type StatsClient, statsClient } from './stats.js';
import { type SwarmClient, swarmClient } from './swarm.js';
import { type SystemClient, systemClient } from './system.js';
import { dockerodeOptions } from './transport.js';
import { type VolumeClient, volumeClient } from './volumes.js';

/** Newest Engine API version dockmedic speaks; older engines are spoken to in their own version. */
const MAX_API_VERSION = '1.45';
/** Bound for one request/response call. Streams are bounded by their owner's AbortSignal instead. */
export const DEFAULT_CALL_TIMEOUT_MS = 8000;

export type EngineOptions = {
	/** Per-call timeout in milliseconds. @default 8000 */
	readonly callTimeoutMs?: number;
};

/**
 * One Docker engine: the only code that talks to dockerode, through one client per concern. Every call
 * is bounded by a timeout and every failure is mapped to a DockmedicError.
 */
export class Engine {
	readonly endpoint: Endpoint;
	readonly info: EngineInfo;
	readonly containers: ContainerClient;
	readonly exec: ExecClient;
	readonly helpers: HelperClient;
	readonly logs: LogClient;
	readonly stats: StatsClient;
	readonly events: EventClient;
	readonly networks: NetworkClient;
	readonly images: ImageClient;
	readonly swarm: SwarmClient;
	readonly volumes: VolumeClient;
	readonly system: SystemClient;

	private constructor(endpoint: Endpoint, docker: Docker, info: EngineInfo, callTimeoutMs: number) {
		const conn = connection(docker, endpoint, callTimeoutMs);
		this.endpoint = endpoint;
		this.info = info;
		this.containers = containerClient(conn);
		this.exec = execClient(conn);
		this.logs = logClient(conn);
		this.helpers = helperClient(conn, this.containers, this.logs);
		this.stats = statsClient(conn);
		this.events = eventClient(conn);
		this.networks = networkClient(conn);
		this.images = imageClient(conn);
		this.swarm = swarmClient(conn);
		this.volumes = volumeClient(conn);
		this.system = systemClient(conn);
	}

	/** Connects and negotiates the API version (the lower of the engine's and ours). */
	static async connect(endpoint: Endpoint, options: EngineOptions = {}): Promise<Engine> {
		// DOCKMEDIC_CALL_TIMEOUT_MS (the config file's timeouts.engineCallMs) is read when connecting, after the config.
		const callTimeoutMs =
			options.callTimeoutMs ?? (Number(process.env.DOCKMEDIC_CALL_TIMEOUT_MS) || DEFAULT_CALL_TIMEOUT_MS);
		const docker = new Docker(dockerodeOptions(endpoint));
		// dockerode's typings omit version()'s options, but it honours abortSignal like every call.
		const version = await connection(docker, endpoint, callTimeoutMs).call(
			'ask the engine its version',
			(abortSignal) => callWithOptions<Docker.DockerVersion>(docker, 'version', { abortSignal }),
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

/** The engine module: the only place that talks to the Docker engine. */

export type {
	ContainerClient,
	ContainerReads,
	ContainerVerb,
	LimitUpdate,
	PathStat,
	VerbOptions,
} from './containers.js';
export type { OutputChunk } from './demux.js';
export { DEFAULT_SOCKET, type Endpoint, type EndpointSources, parseHost } from './endpoint.js';
export { DEFAULT_CALL_TIMEOUT_MS, Engine, type EngineOptions } from './engine.js';
export * from './errors.js';
export type { EventClient } from './events.js';
export type { ExecClient, ExecResult } from './exec.js';
export { type HelperClient, type HelperOptions, TOOLBOX_LABEL, type ToolboxOptions } from './helpers.js';
export type { ImageClient } from './images.js';
export type { LogClient } from './logs.js';
export type { NetworkClient, NetworkSummary } from './networks.js';
export {
	type ContextEntry,
	listContexts,
	type NamedEndpoint,
	resolveEndpoint,
	resolveEndpoints,
} from './resolve-endpoint.js';
export type { RawStats, StatsClient } from './stats.js';
export type { SwarmClient } from './swarm.js';
export type { SystemClient } from './system.js';
export type { VolumeClient, VolumeSummary } from './volumes.js';

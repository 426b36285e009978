/** The engine module: the only place that talks to the Docker engine. */

export type { OutputChunk } from './demux.js';
export { DEFAULT_SOCKET, type Endpoint, type EndpointSources, parseHost } from './endpoint.js';
export type { ExecResult, RawStats } from './engine.js';
export { DEFAULT_CALL_TIMEOUT_MS, Engine } from './engine.js';
export * from './errors.js';
export {
	type ContextEntry,
	listContexts,
	type NamedEndpoint,
	resolveEndpoint,
	resolveEndpoints,
} from './resolve-endpoint.js';

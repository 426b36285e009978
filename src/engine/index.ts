/** The engine module: the only place that talks to the Docker engine. */

export {
	DEFAULT_SOCKET,
	type Endpoint,
	type EndpointSources,
	parseHost,
	resolveEndpoint,
} from './endpoint.js';
export { DEFAULT_CALL_TIMEOUT_MS, Engine } from './engine.js';
export * from './errors.js';

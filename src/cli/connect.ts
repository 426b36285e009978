import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import {
	type ContextEntry,
	type Endpoint,
	type EndpointSources,
	Engine,
	listContexts,
	type NamedEndpoint,
	resolveEndpoint,
	resolveEndpoints,
} from '../engine/index.js';

/** Global options every command accepts. */
export type GlobalOptions = {
	readonly host?: string;
	/** One context, or several separated by commas. */
	readonly context?: string;
	/** Every docker context at once. */
	readonly allContexts?: boolean;
	readonly color?: boolean;
	/** No action that changes a container is offered. */
	readonly readOnly?: boolean;
	/** Secret-looking environment values are shown rather than masked. */
	readonly showSecrets?: boolean;
	/** A Prometheus to read containers' history from (the console's stats pane). */
	readonly prometheus?: string;
};

function sourcesFrom(options: GlobalOptions, env: NodeJS.ProcessEnv): EndpointSources {
	return {
		flags: { host: options.host, context: options.context },
		env,
		homeDir: os.homedir(),
		readFile: (file) => {
			try {
				return readFileSync(file, 'utf8');
			} catch {
				return undefined;
			}
		},
		listDir: (dir) => {
			try {
				return readdirSync(dir);
			} catch {
				return [];
			}
		},
	};
}

/** The endpoint the flags and environment choose, as the docker CLI would. */
export function endpointFrom(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Endpoint {
	return resolveEndpoint(sourcesFrom(options, env));
}

/** The engines to work on: one, or several with --context a,b or --all-contexts. */
export function endpointsFrom(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): NamedEndpoint[] {
	return resolveEndpoints(sourcesFrom(options, env), { allContexts: options.allContexts });
}

/** The docker contexts, as `docker context ls` lists them. */
export function contextsFrom(env: NodeJS.ProcessEnv = process.env): ContextEntry[] {
	return listContexts(sourcesFrom({}, env));
}

export async function connectEngine(options: GlobalOptions): Promise<Engine> {
	return Engine.connect(endpointFrom(options));
}

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { type Endpoint, Engine, resolveEndpoint } from '../engine/index.js';

/** Global options every command accepts. */
export type GlobalOptions = {
	readonly host?: string;
	readonly context?: string;
	readonly color?: boolean;
	/** No action that changes a container is offered. */
	readonly readOnly?: boolean;
	/** Secret-looking environment values are shown rather than masked. */
	readonly showSecrets?: boolean;
};

/** The endpoint the flags and environment choose, as the docker CLI would. */
export function endpointFrom(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Endpoint {
	return resolveEndpoint({
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
	});
}

export async function connectEngine(options: GlobalOptions): Promise<Engine> {
	return Engine.connect(endpointFrom(options));
}

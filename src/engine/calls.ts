import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint.js';
import { mapEngineError } from './map-error.js';

/** Runs one request/response call under a timeout (aborting the request), mapping failures to clear errors. */
export async function bounded<T>(
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

/**
 * Calls a dockerode method with an options object, in its promise form. Some typings omit the
 * options (or abortSignal) that the implementation honours; this keeps that cast in one place.
 */
export function callWithOptions<T>(target: object, method: string, options: object): Promise<T> {
	const fn = (target as Record<string, (options: object) => Promise<T>>)[method];
	if (!fn) throw new Error(`dockerode has no ${method}()`);
	return fn.call(target, options);
}

/** For calls where one status code means "already done": 304 not modified, 404 already gone. */
export function ignoreStatus(code: number) {
	return (error: { statusCode?: number }) => {
		if (error?.statusCode !== code) throw error;
	};
}

export function dockerodeOptions(endpoint: Endpoint): Docker.DockerOptions {
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

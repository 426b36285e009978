/** One connection's calls: every request/response call bounded by a deadline, failures mapped to clear errors. */
import type Docker from 'dockerode';
import { withDeadline } from '../util/deadline.js';
import type { Endpoint } from './endpoint.js';
import { mapEngineError } from './map-error.js';

/** One engine connection as its sub-clients share it: dockerode, where it points, and its call bound. */
export type Connection = {
	readonly docker: Docker;
	readonly endpoint: Endpoint;
	/** Bound of one request/response call. Streams are bounded by their owner's AbortSignal instead. */
	readonly callTimeoutMs: number;
	/** Runs one call under the bound (or `timeoutMs`), aborting it past the deadline; `what` names it in errors. */
	call<T>(what: string, run: (abortSignal: AbortSignal) => Promise<T>, timeoutMs?: number): Promise<T>;
};

export function connection(docker: Docker, endpoint: Endpoint, callTimeoutMs: number): Connection {
	return {
		docker,
		endpoint,
		callTimeoutMs,
		call: (what, run, timeoutMs = callTimeoutMs) => bounded(endpoint, what, timeoutMs, run),
	};
}

/** Runs one request/response call under a timeout (aborting the request), mapping failures to clear errors. */
async function bounded<T>(
	endpoint: Endpoint,
	what: string,
	timeoutMs: number,
	run: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
	try {
		return await withDeadline(timeoutMs, run);
	} catch (error) {
		throw mapEngineError(error, endpoint, what);
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

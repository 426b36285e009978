/** What a deadline rejects with; the engine layer maps this shape (code DOCKMEDIC_TIMEOUT) to an EngineTimeoutError. */
export type TimeoutError = Error & { readonly code: 'DOCKMEDIC_TIMEOUT'; readonly timeoutMs: number };

export function isTimeout(error: unknown): error is TimeoutError {
	return (error as { code?: unknown } | null)?.code === 'DOCKMEDIC_TIMEOUT';
}

/**
 * Runs `run` with a signal that aborts after `timeoutMs`, and rejects with a TimeoutError at that moment
 * whether or not `run` heeds the signal: a hung call must not hang its caller.
 */
export async function withDeadline<T>(
	timeoutMs: number,
	run: (signal: AbortSignal) => Promise<T>,
	message = `timed out after ${timeoutMs} ms`,
): Promise<T> {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			// Rejected before the abort, so that work which ends at once on the abort cannot win the race.
			reject(Object.assign(new Error(message), { code: 'DOCKMEDIC_TIMEOUT', timeoutMs }));
			controller.abort();
		}, timeoutMs);
	});
	try {
		return await Promise.race([run(controller.signal), expired]);
	} finally {
		clearTimeout(timer);
	}
}

/** For a deadline whose passing is an answer rather than a failure: `.catch(nullOnTimeout)` makes it null. */
export function nullOnTimeout(error: unknown): null {
	if (isTimeout(error)) return null;
	throw error;
}

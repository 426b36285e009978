/** Waits `ms`, or less if the signal aborts first; resolves true when the full time passed. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve(false);
		const timer = setTimeout(() => finish(true), ms);
		const onAbort = () => finish(false);
		function finish(elapsed: boolean) {
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			resolve(elapsed);
		}
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

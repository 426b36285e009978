import { sleep } from '../util/sleep.js';

/** How often a pane whose stream stopped asks for it again. */
const RESUME_EVERY_MS = 2000;

/** Whether an engine error says the container no longer exists: then nothing is left to resume. */
export function isGone(message: string): boolean {
	return /no such container/i.test(message);
}

/**
 * Runs a pane's stream again and again until the signal aborts or the container is gone: a stream
 * ends when the container stops or restarts or the engine goes away, and the pane wants it back by
 * itself. `onStop` hears how each run ended (the error's message, or undefined when it simply ended)
 * and returns false to give up.
 */
export async function keepFollowing(
	signal: AbortSignal,
	follow: () => Promise<void>,
	onStop: (error: string | undefined) => boolean,
): Promise<void> {
	for (;;) {
		let error: string | undefined;
		try {
			await follow();
		} catch (e) {
			if (signal.aborted) return;
			error = (e as Error).message;
		}
		if (signal.aborted || !onStop(error) || (error !== undefined && isGone(error))) return;
		if (!(await sleep(RESUME_EVERY_MS, signal))) return;
	}
}

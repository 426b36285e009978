/**
 * When the log triage reads a running container's logs next, paced like the rows' stats: busy
 * containers on screen often, quiet ones and those off screen rarely, but never so rarely that the
 * read's tail limit would drop lines. Pure.
 */

/** What the last read of a container found. */
export type TriageRead = {
	/** Lines that were new since the read before. */
	readonly newLines: number;
	/** Seconds the read covered (since the read before). */
	readonly spanS: number;
	/** Its recent lines keep matching error signatures (it is marked as failing). */
	readonly failing: boolean;
	/** Its row is on screen. */
	readonly onScreen: boolean;
	/** The delay used after the read before, ms; null after the first read. */
	readonly previousDelayMs: number | null;
};

/** At most this many lines are read at once (the engine's tail); a read sooner than that fills it. */
export const TRIAGE_TAIL = 200;

/**
 * Milliseconds until the next read. `baseMs` (15 s) for a container on screen that logs or is failing;
 * a quiet one backs off, doubling, to 4x on screen and 8x off screen; a busy one off screen is read
 * at 4x. Whatever the pace, the next read comes before the tail limit would be reached at the rate
 * just seen (with a fifth to spare), and never sooner than `baseMs`.
 */
export function nextTriageDelay(read: TriageRead, baseMs: number): number {
	const quietCap = baseMs * (read.onScreen ? 4 : 8);
	let delay: number;
	if (read.failing || (read.onScreen && read.newLines > 0)) delay = baseMs;
	else if (read.newLines > 0) delay = baseMs * 4;
	else delay = Math.min(quietCap, Math.max(baseMs, (read.previousDelayMs ?? baseMs / 2) * 2));
	if (read.newLines > 0 && read.spanS > 0) {
		const ratePerS = read.newLines / read.spanS;
		const beforeFullMs = ((TRIAGE_TAIL * 0.8) / ratePerS) * 1000;
		delay = Math.min(delay, Math.max(baseMs, beforeFullMs));
	}
	return delay;
}

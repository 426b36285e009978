/**
 * Waiting for what a UI test expects to see, instead of sleeping a fixed time and hoping the frame is there.
 *
 * Ink draws a frame some time after an input or a change (React schedules the render; a lone Esc is held a
 * moment in case a sequence follows; log lines are flushed every 250 ms...). These helpers poll the last frame
 * until it shows what the test expects, and fail with that last frame printed when the deadline passes.
 */

// Taken at load: a test that fakes timers (vi.useFakeTimers) does not stop the waiting itself.
const realSetTimeout = globalThis.setTimeout;
const realSetImmediate = globalThis.setImmediate;
const realNow = performance.now.bind(performance);

/** What a test waits to see: text the frame contains, a pattern it matches, or any test of the frame. */
export type FrameExpectation = string | RegExp | ((frame: string) => boolean);

/** The part of an ink-testing-library render the helpers read and type into. */
export type Screen = {
	lastFrame(): string | undefined;
	readonly frames: readonly string[];
	readonly stdin: { write(data: string): void };
};

export type WaitOptions = {
	/** How long to wait before failing; 5 s by default (a frame normally comes within milliseconds). */
	readonly timeoutMs?: number;
	/** Only frames drawn after the first `after` count: proves the frame answers what came since. */
	readonly after?: number;
};

const POLL_MS = 5;
const DEFAULT_TIMEOUT_MS = 5000;

function matches(frame: string, expected: FrameExpectation): boolean {
	if (typeof expected === 'string') return frame.includes(expected);
	if (expected instanceof RegExp) return expected.test(frame);
	return expected(frame);
}

function describeExpectation(expected: FrameExpectation): string {
	if (typeof expected === 'string') return JSON.stringify(expected);
	if (expected instanceof RegExp) return String(expected);
	const source = expected.toString().replace(/\s+/g, ' ');
	return `a frame where ${source.length > 160 ? `${source.slice(0, 160)}…` : source}`;
}

/**
 * Polls the last frame until it shows `expected` (contains the text, matches the pattern, or satisfies the
 * predicate), and returns that frame. Fails after `timeoutMs` with the last frame in the message.
 *
 * Once the frame matches, the helper lets the work already queued on the event loop run before returning:
 * React may have drawn a frame but not yet run that render's effects, which is where Ink attaches the
 * input handlers of the new render; the next key typed must reach those, not the ones of the render before.
 */
export async function waitForFrame(
	screen: Pick<Screen, 'lastFrame' | 'frames'>,
	expected: FrameExpectation,
	{ timeoutMs = DEFAULT_TIMEOUT_MS, after = 0 }: WaitOptions = {},
): Promise<string> {
	const deadline = realNow() + timeoutMs;
	const current = () => (screen.frames.length > after ? (screen.lastFrame() ?? '') : null);
	for (;;) {
		const frame = current();
		if (frame !== null && matches(frame, expected)) {
			await new Promise((resolve) => realSetImmediate(resolve));
			const settled = current();
			if (settled !== null && matches(settled, expected)) return settled;
		}
		if (realNow() > deadline) {
			const newer = after > 0 ? ` in a frame drawn after frame ${after} (${screen.frames.length} drawn)` : '';
			throw new Error(
				`Timed out after ${timeoutMs} ms waiting for ${describeExpectation(expected)}${newer}. Last frame:\n${
					screen.lastFrame() ?? '(nothing drawn yet)'
				}`,
			);
		}
		await new Promise((resolve) => realSetTimeout(resolve, POLL_MS));
	}
}

/**
 * Types `keys` and waits for a frame, drawn after them, that shows `expected`: the visible effect proving the
 * keys were handled. Returns that frame.
 */
export async function press(
	screen: Screen,
	keys: string,
	expected: FrameExpectation,
	options: Omit<WaitOptions, 'after'> = {},
): Promise<string> {
	const after = screen.frames.length;
	screen.stdin.write(keys);
	return waitForFrame(screen, expected, { ...options, after });
}

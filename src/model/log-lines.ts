import { sanitizeLine } from './sanitize.js';
import { splitToWidth } from './text-width.js';

/** One line of container output, safe to print, and which stream it came from. */
export type LogLine = { readonly stream: 'stdout' | 'stderr'; readonly text: string };

/** Longest line kept; a 1 MB line is cut so that one line never costs more than a screenful. */
export const MAX_LINE_CHARS = 4096;

/**
 * Splits a chunk of output into complete lines, carrying an unfinished last line over to the next
 * chunk of the same stream. Every line is sanitised (no escape sequences reach the terminal).
 */
export function splitLines(carry: string, text: string): { lines: string[]; carry: string } {
	const parts = (carry + text).split('\n');
	const rest = parts.pop() ?? '';
	// A line that never ends still has to show up, and must not grow without bound.
	const lines = parts.map((l) => sanitizeLine(l.replace(/\r$/, '')).slice(0, MAX_LINE_CHARS));
	if (rest.length > MAX_LINE_CHARS)
		return { lines: [...lines, sanitizeLine(rest).slice(0, MAX_LINE_CHARS)], carry: '' };
	return { lines, carry: rest };
}

/** A bounded log: past the budget the oldest lines are dropped (and counted). */
export class LogBuffer {
	private lines: LogLine[] = [];
	private carry: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };
	dropped = 0;

	constructor(readonly budget: number) {}

	push(stream: LogLine['stream'], text: string): void {
		const before = this.carry[stream].length;
		const { lines, carry } = splitLines(this.carry[stream], text);
		this.carry[stream] = carry;
		// A line split out of a chunk is a slice that keeps the whole chunk alive in V8. That costs
		// little while the lines kept are most of the chunk (a flood of short lines), so they stay
		// slices; a chunk that was mostly a long line cut short is copied out, so that memory follows
		// the line budget and not the size of what was cut.
		const kept = lines.reduce((n, line) => n + line.length, 0);
		const copy = before + text.length > 2 * kept + MAX_LINE_CHARS;
		for (const line of lines) this.lines.push({ stream, text: copy ? Buffer.from(line).toString() : line });
		const excess = this.lines.length - this.budget;
		if (excess > 0) {
			// Trim in batches so that a flood does not copy the array on every line.
			const cut = Math.max(excess, Math.floor(this.budget / 10));
			this.lines = this.lines.slice(cut);
			this.dropped += cut;
		}
	}

	get size(): number {
		return this.lines.length;
	}

	/** Every line kept, oldest first (read-only view; do not hold on to it across pushes). */
	all(): readonly LogLine[] {
		return this.lines;
	}

	/** `count` lines ending `fromEnd` lines before the newest. */
	window(count: number, fromEnd: number): LogLine[] {
		const end = Math.max(0, this.lines.length - fromEnd);
		return this.lines.slice(Math.max(0, end - count), end);
	}
}

/** One row of the screen: a whole line, or a piece of a wrapped one. */
export type ScreenRow = { readonly line: LogLine; readonly text: string; readonly continued: boolean };

/**
 * The newest `rows` rows of the screen that these lines take when each is wrapped every `width`
 * columns of terminal (a CJK character takes two; a grapheme is never split).
 */
export function wrapRows(lines: readonly LogLine[], width: number, rows: number): ScreenRow[] {
	const out: ScreenRow[][] = [];
	let count = 0;
	for (let i = lines.length - 1; i >= 0 && count < rows; i--) {
		const line = lines[i] as LogLine;
		const pieces: ScreenRow[] = splitToWidth(line.text, width).map((text, at) => ({
			line,
			text,
			continued: at > 0,
		}));
		out.push(pieces);
		count += pieces.length;
	}
	return out.reverse().flat().slice(-rows);
}

import { EntryGrouper } from './log-entries.js';
import { atLeast, type Level, levelOfText, lineFacts } from './log-levels.js';
import { sanitizeLine } from './sanitize.js';

/** The entry a line belongs to (a stack trace's lines share their first line's); its level is the entry's. */
export type LogEntry = { level: Level | null };

/** One line of container output, safe to print, which stream it came from, and the entry it is part of. */
export type LogLine = {
	readonly stream: 'stdout' | 'stderr';
	readonly text: string;
	/** What the line itself states; the entry's level is what filters go by. */
	readonly level: Level | null;
	readonly entry: LogEntry;
	/** A later line of its entry (a stack frame), not the line that started it. */
	readonly continues: boolean;
	/** Which container wrote it, in a merged view. */
	readonly source?: string;
	/** Its place in everything the buffer was given (0 the first), which trimming does not change. */
	readonly seq: number;
};

/**
 * The RFC 3339 time the engine puts before each line when asked for timestamps, and its space: date
 * and time, fraction (trailing zeros trimmed by the engine), zone.
 */
export const ENGINE_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d) ?/;

/** A line read with the engine's timestamps, as [the stamp and its space, the line as written]. */
export function splitStamp(text: string): [string, string] {
	const m = ENGINE_STAMP.exec(text);
	return m ? [m[0], text.slice(m[0].length)] : ['', text];
}

/** The line as written, after an engine timestamp if it has one (no allocation for a line without). */
function withoutStamp(text: string): string {
	const first = text.charCodeAt(0);
	if (first < 48 || first > 57) return text;
	const m = ENGINE_STAMP.exec(text);
	return m ? text.slice(m[0].length) : text;
}

/** The level a line states, read fast: JSON and logfmt lines parsed, others by their words. */
export function levelOf(text: string): Level | null {
	return /^\s*(?:\{|[\w.@/-]+=)/.test(text) ? lineFacts(text).level : levelOfText(text);
}

/** Lines and error entries written in one second, for the pane's rate sparklines. */
export type RateSample = { readonly second: number; lines: number; errors: number };
/** Seconds of rates kept. */
export const RATE_SECONDS = 60;

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
	/** Unfinished last lines and entry state, per container and stream (a merged view interleaves them). */
	private readonly streams = new Map<string, { carry: string; grouper: EntryGrouper; entry: LogEntry }>();
	private readonly rates: RateSample[] = [];
	dropped = 0;
	/** Lines ever kept: a position in the stream that new lines do not move (a paused view holds on to it). */
	pushed = 0;

	constructor(
		readonly budget: number,
		private readonly clock: () => number = Date.now,
		/** Applied to each whole line as it comes (secrets masked before anything shows or keeps them). */
		private readonly mask: (line: string) => string = (line) => line,
		/** Levels and entries read from each line; off, every line is its own entry with no level. */
		private readonly reading = true,
	) {}

	push(stream: LogLine['stream'], text: string, source?: string): void {
		const key = `${source ?? ''}\0${stream}`;
		let state = this.streams.get(key);
		if (!state) {
			state = { carry: '', grouper: new EntryGrouper(), entry: { level: null } };
			this.streams.set(key, state);
		}
		const before = state.carry.length;
		const { lines, carry } = splitLines(state.carry, text);
		state.carry = carry;
		// A line split out of a chunk is a slice that keeps the whole chunk alive in V8. That costs
		// little while the lines kept are most of the chunk (a flood of short lines), so they stay
		// slices; a chunk that was mostly a long line cut short is copied out, so that memory follows
		// the line budget and not the size of what was cut.
		const kept = lines.reduce((n, line) => n + line.length, 0);
		const copy = before + text.length > 2 * kept + MAX_LINE_CHARS;
		const rate = this.rateNow();
		for (const written of lines) {
			const line = this.mask(written);
			// With the engine's timestamps on, the line as written comes after them: that is what is read.
			const body = this.reading ? withoutStamp(line) : line;
			const level = this.reading ? levelOf(body) : null;
			const continues = this.reading && state.grouper.continues(body, level);
			if (continues) {
				// java.util.logging states the level on the entry's second line.
				if (state.entry.level === null && level !== null) {
					state.entry.level = level;
					if (atLeast(level, 'error')) rate.errors++;
				}
			} else {
				state.entry = { level };
				if (atLeast(level, 'error')) rate.errors++;
			}
			const kept = copy ? Buffer.from(line).toString() : line;
			this.lines.push({
				stream,
				text: kept,
				level,
				entry: state.entry,
				continues,
				seq: this.pushed++,
				// Always present, so every line has one shape (and no object is made to spread).
				source,
			});
		}
		rate.lines += lines.length;
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

	private rateNow(): RateSample {
		const second = Math.floor(this.clock() / 1000);
		const last = this.rates.at(-1);
		if (last?.second === second) return last;
		const sample = { second, lines: 0, errors: 0 };
		this.rates.push(sample);
		if (this.rates.length > RATE_SECONDS) this.rates.shift();
		return sample;
	}

	/** Forgets the rates so far: the backlog read on opening is no rate of writing. */
	clearRates(): void {
		this.rates.length = 0;
	}

	/** Lines and errors per second over the last `seconds` (quiet seconds count as 0), oldest first. */
	ratesOver(seconds: number): { lines: number[]; errors: number[] } {
		const now = Math.floor(this.clock() / 1000);
		const lines = new Array<number>(seconds).fill(0);
		const errors = new Array<number>(seconds).fill(0);
		for (const r of this.rates) {
			const at = seconds - 1 - (now - r.second);
			if (at < 0 || at >= seconds) continue;
			lines[at] = r.lines;
			errors[at] = r.errors;
		}
		return { lines, errors };
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

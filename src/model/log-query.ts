/**
 * Logs of one or several containers as records on one time axis: read with the engine's
 * timestamps, grouped into entries, filtered by level, pattern or field, merged in time order.
 * What `dockmedic logs` prints and what the pane's export writes. Pure.
 */
import { EntryGrouper } from './log-entries.js';
import { atLeast, type Level, lineFacts, matchesField, parseFieldFilter } from './log-levels.js';
import { ENGINE_STAMP, splitLines } from './log-lines.js';

export type LogRecord = {
	readonly container: string;
	/** The engine's RFC 3339 time in UTC with nine fraction digits, so that text order is time order. */
	readonly time: string;
	readonly stream: 'stdout' | 'stderr';
	readonly text: string;
	/** The level of the entry the line belongs to. */
	readonly level: Level | null;
	/** A later line of a multi-line entry (a stack frame). */
	readonly continues: boolean;
};

/** An engine timestamp as a fixed-width UTC string (the engine trims trailing zeros of the fraction). */
export function normalizeStamp(stamp: string): string | null {
	const m = ENGINE_STAMP.exec(stamp);
	if (!m) return null;
	const fraction = (m[2] ?? '').padEnd(9, '0').slice(0, 9);
	if (m[3] === 'Z') return `${m[1]}.${fraction}Z`;
	const ms = Date.parse(`${m[1]}${m[3]}`);
	return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z` : null;
}

/**
 * Reads one container's timestamped output, chunk by chunk, into records: lines completed across
 * chunks, each stream's entries grouped on their own (a trace on stderr, requests on stdout).
 */
export class RecordReader {
	private readonly streams = {
		stdout: { carry: '', grouper: new EntryGrouper(), head: { level: null as Level | null }, last: '' },
		stderr: { carry: '', grouper: new EntryGrouper(), head: { level: null as Level | null }, last: '' },
	};

	constructor(readonly container: string) {}

	/** The complete lines of this chunk (and the ones it completes) as records, in the order written. */
	push(stream: 'stdout' | 'stderr', data: string): LogRecord[] {
		const state = this.streams[stream];
		const { lines, carry } = splitLines(state.carry, data);
		state.carry = carry;
		const out: { time: string; text: string; continues: boolean; head: { level: Level | null } }[] = [];
		for (const line of lines) {
			if (line === '') continue;
			const m = ENGINE_STAMP.exec(line);
			const time = (m && normalizeStamp(line)) ?? state.last;
			state.last = time;
			const body = m ? line.slice(m[0].length) : line;
			const level = lineFacts(body).level;
			const continues = state.grouper.continues(body, level);
			if (continues) state.head.level ??= level;
			else state.head = { level };
			out.push({ time, text: body, continues, head: state.head });
		}
		// The entry's level is known once its lines are read (java.util.logging says it on the second).
		return out.map(({ head, ...r }) => ({ container: this.container, stream, ...r, level: head.level }));
	}

	/** What is left: a last line without its newline. */
	end(): LogRecord[] {
		return (['stdout', 'stderr'] as const).flatMap((stream) =>
			this.push(stream, this.streams[stream].carry ? '\n' : ''),
		);
	}
}

/** One container's output, read whole with timestamps, as records in the order it was written. */
export function recordsOf(
	container: string,
	chunks: readonly { stream: 'stdout' | 'stderr'; data: Buffer }[],
) {
	const reader = new RecordReader(container);
	const records = [...chunks.flatMap((c) => reader.push(c.stream, c.data.toString('utf8'))), ...reader.end()];
	// stdout and stderr back in one order; an entry's lines share (or follow) its first line's time.
	return mergeRecords([records]);
}

/** Records cut into entries: each entry's first line and the lines that continue it. */
export function entriesOf(records: readonly LogRecord[]): LogRecord[][] {
	const entries: LogRecord[][] = [];
	const open = new Map<string, LogRecord[]>();
	for (const record of records) {
		const key = `${record.container}\0${record.stream}`;
		const current = open.get(key);
		if (record.continues && current) current.push(record);
		else {
			const entry = [record];
			entries.push(entry);
			open.set(key, entry);
		}
	}
	return entries;
}

/**
 * Several containers' records in one time order, whole entries kept together (a stack trace is
 * never cut by another container's line). Entries that start at the same instant keep their order.
 */
export function mergeRecords(lists: readonly (readonly LogRecord[])[]): LogRecord[] {
	const entries = lists.flatMap((list) => entriesOf(list));
	const indexed = entries.map((entry, at) => ({ entry, at, time: entry[0]?.time ?? '' }));
	indexed.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.at - b.at));
	return indexed.flatMap((e) => e.entry);
}

export type LogFilter = {
	/** This level and up. */
	readonly level?: Level;
	/** A regular expression any line of the entry matches. */
	readonly grep?: RegExp;
	/** Only records at or after / before these times (normalised stamps). */
	readonly since?: string;
	readonly until?: string;
};

/** The entries that pass every filter, whole. A `key=value` grep is a field filter (see matchesField). */
export function filterRecords(records: readonly LogRecord[], filter: LogFilter): LogRecord[] {
	const field = filter.grep ? parseFieldFilter(filter.grep.source) : null;
	return entriesOf(records)
		.filter((entry) => {
			const head = entry[0];
			if (!head) return false;
			if (filter.level && !atLeast(head.level, filter.level)) return false;
			if (filter.since && head.time < filter.since) return false;
			if (filter.until && head.time >= filter.until) return false;
			if (field) return entry.some((r) => matchesField(lineFacts(r.text), r.text, field));
			if (filter.grep) {
				const grep = filter.grep;
				return entry.some((r) => grep.test(r.text));
			}
			return true;
		})
		.flat();
}

/**
 * What the logs pane shows of its buffer: whole entries that pass the level floor and the search
 * (a word, or a `key=value` field), and how each line reads on screen (a JSON or logfmt line as its
 * message first, then its fields). Pure.
 */
import {
	atLeast,
	compactText,
	expandedText,
	type Level,
	type LineFacts,
	lineFacts,
	matchesField,
	parseFieldFilter,
} from './log-levels.js';
import { type LogEntry, type LogLine, splitStamp } from './log-lines.js';
import { splitToWidth } from './text-width.js';

export type LogSelection = {
	/** The search typed: a word, or key=value for a field. */
	readonly search: string;
	/** Only the entries the search matches. */
	readonly onlyMatching: boolean;
	/** Only entries of this level and up. */
	readonly floor: Level | null;
};

/** Whether a line matches a search: the word anywhere in it, or the field's value (see matchesField). */
export function lineMatcher(search: string): ((line: LogLine) => boolean) | null {
	const trimmed = search.trim();
	if (!trimmed) return null;
	const field = parseFieldFilter(trimmed);
	if (field) return (line) => matchesField(factsOf(line), splitStamp(line.text)[1], field);
	const needle = search.toLowerCase();
	return (line) => line.text.toLowerCase().includes(needle);
}

/**
 * The lines of the entries that pass the filters, in order, and which of them match the search (for
 * n/N and highlighting). An entry passes or fails whole: a stack trace stays with its error line.
 */
export function selectLines(
	all: readonly LogLine[],
	selection: LogSelection,
): { lines: readonly LogLine[]; matches: number[] } {
	const matcher = lineMatcher(selection.search);
	const floor = selection.floor;
	let lines: readonly LogLine[] = all;
	if (floor || (matcher && selection.onlyMatching)) {
		const matched = new Set<LogEntry>();
		if (matcher && selection.onlyMatching) for (const line of all) if (matcher(line)) matched.add(line.entry);
		lines = all.filter(
			(line) =>
				(!floor || atLeast(line.entry.level, floor)) &&
				(!(matcher && selection.onlyMatching) || matched.has(line.entry)),
		);
	}
	const matches: number[] = [];
	if (matcher)
		lines.forEach((line, i) => {
			if (matcher(line)) matches.push(i);
		});
	return { lines, matches };
}

const TAG: Record<Level, string> = {
	fatal: 'FATAL',
	error: 'ERROR',
	warn: 'WARN ',
	info: 'INFO ',
	debug: 'DEBUG',
	trace: 'TRACE',
};

/**
 * A line as the pane shows it: a structured line as its level, message and other fields (the
 * time left to the engine's timestamps), expanded to its whole object when asked; else as written.
 */
export function displayLines(line: LogLine, expanded: boolean): string[] {
	const [stamp, body] = splitStamp(line.text);
	const structured = /^\s*(?:\{|[\w.@/-]+=)/.test(body) ? factsOf(line, body).structured : null;
	if (!structured) return [line.text];
	if (expanded) return [stamp, ...expandedText(structured)].filter((row) => row !== '');
	const tag = structured.level ? `${TAG[structured.level]} ` : '';
	return [`${stamp}${tag}${compactText(structured)}`];
}

/** Facts of a line, read once per line however many frames and filters ask (a field search reads every line). */
const facts = new WeakMap<LogLine, LineFacts>();
function factsOf(line: LogLine, body: string = splitStamp(line.text)[1]): LineFacts {
	let known = facts.get(line);
	if (!known) {
		known = lineFacts(body);
		facts.set(line, known);
	}
	return known;
}

/** One row of the screen: a whole line as shown, or a piece of a wrapped or expanded one. */
export type ScreenRow = { readonly line: LogLine; readonly text: string; readonly continued: boolean };

/**
 * The rows these lines take: each as shown (a structured line message first), wrapped every `width`
 * columns when asked (a CJK character takes two; a grapheme is never split), the expanded entry
 * whole; the newest rows that fit, so the pane never grows.
 */
export function screenRows(
	lines: readonly LogLine[],
	options: { width: number; rows: number; wrap: boolean; expand?: LogEntry | undefined },
): ScreenRow[] {
	const out: ScreenRow[][] = [];
	let count = 0;
	for (let i = lines.length - 1; i >= 0 && count < options.rows; i--) {
		const line = lines[i] as LogLine;
		const expand = options.expand === line.entry;
		const pieces: ScreenRow[] = [];
		displayLines(line, expand).forEach((text, at) => {
			const parts = options.wrap || expand ? splitToWidth(text, options.width) : [text];
			parts.forEach((piece, k) => {
				pieces.push({ line, text: piece, continued: at > 0 || k > 0 });
			});
		});
		out.push(pieces);
		count += pieces.length;
	}
	return out.reverse().flat().slice(-options.rows);
}

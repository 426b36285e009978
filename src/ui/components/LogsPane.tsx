import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { sparkline } from '../../model/format.js';
import type { Level } from '../../model/log-levels.js';
import type { LogLine } from '../../model/log-lines.js';
import { type ScreenRow, screenRows, selectLines } from '../../model/log-view.js';
import { cutToWidth } from '../../model/text-width.js';
import type { DetailsService } from '../details-service.js';
import { useLogStream } from '../hooks/use-log-stream.js';
import type { LogView, LogWindow } from '../panes/logs.js';
import type { Theme } from '../theme.js';

type LogsPaneProps = {
	readonly id: string;
	readonly service: DetailsService;
	/** Lines of screen the pane may use. */
	readonly height: number;
	/** Columns of screen the pane may use. */
	readonly width: number;
	/** Search, filters, timestamps, wrap, window, and how far it is scrolled up from the newest line. */
	readonly view: LogView;
	readonly theme: Theme;
};

/** Seconds of line and error rates in the status line. */
const RATE_SECONDS = 12;
/** Columns before each row: the stream ("!" stderr), the level mark (E, W, F) or the selection, a space. */
const GUTTER = 3;
/** Merged: the widest container name shown before each line. */
const NAME_MAX = 16;
/** How long "saved to…" and "copied…" stay in the status line. */
const NOTICE_MS = 8000;

const WINDOW_LABEL: Record<LogWindow, string> = {
	kept: '',
	'5m': 'last 5 min',
	'1h': 'last hour',
	start: 'since the container started',
};

/**
 * The selected container's output, followed live: levels coloured (marked without colour), JSON and
 * logfmt lines shown message first, entries (stack traces) filtered whole, rates in the status line.
 * Only the visible window is rendered, whatever the buffer holds.
 */
export function LogsPane({ id, service, height, width, view, theme }: LogsPaneProps) {
	const { buffer, problem, ended, sources, alone } = useLogStream(id, service, {
		timestamps: view.timestamps,
		window: view.window,
		merged: view.merged,
	});
	const [notice, setNotice] = useState<string | null>(null);
	/** The newest line when the view paused: lines after it do not move what is shown. */
	const anchor = useRef<number | null>(null);
	/** What the last frame showed, for saving (the filtered view) and copying (the screen). */
	const viewed = useRef<{ all: readonly LogLine[]; screen: readonly LogLine[] }>({ all: [], screen: [] });
	// A new stream (another container, window or merge) starts unpaused.
	// biome-ignore lint/correctness/useExhaustiveDependencies: the buffer's identity is the stream's
	useEffect(() => {
		anchor.current = null;
	}, [buffer]);

	useEffect(() => {
		if (notice === null) return;
		const timer = setTimeout(() => setNotice(null), NOTICE_MS);
		return () => clearTimeout(timer);
	}, [notice]);
	// s and y act once per press: the counters seen when the pane was drawn are not presses (it is drawn
	// again each time it is shown, and for each container).
	const savesSeen = useRef(view.saves);
	const copiesSeen = useRef(view.copies);
	useEffect(() => {
		if (view.saves === savesSeen.current) return;
		savesSeen.current = view.saves;
		const lines = viewed.current.all.map(asWritten);
		service.saveLogs(id, lines).then(
			(file) => setNotice(`saved ${plural(lines.length, 'line')} to ${file}`),
			(error: Error) => setNotice(`could not save: ${error.message}`),
		);
	}, [view.saves, id, service]);
	useEffect(() => {
		if (view.copies === copiesSeen.current) return;
		copiesSeen.current = view.copies;
		const lines = viewed.current.screen.map(asWritten);
		service.copyToClipboard(lines).then(
			(sent) =>
				setNotice(
					sent
						? `copied ${plural(lines.length, 'line')} to the clipboard (OSC 52; a terminal that refuses it gets nothing: s saves)`
						: 'this terminal takes no clipboard sequence (OSC 52): s saves to a file instead',
				),
			(error: Error) => setNotice(`could not copy: ${error.message}`),
		);
	}, [view.copies, service]);

	if (problem) return <LogsProblem problem={problem} theme={theme} />;

	const rows = Math.max(1, height - 1);
	const all = buffer.all();
	const { lines: source, matches } = selectLines(all, {
		search: view.search,
		onlyMatching: view.filter,
		floor: view.floor,
	});
	// Paused (scrolled up, or a line expanded), the view holds still while new lines come in below it.
	const paused = view.scroll > 0 || view.expanded;
	if (!paused) anchor.current = null;
	else if (anchor.current === null) anchor.current = all.at(-1)?.seq ?? -1;
	const arrived = anchor.current === null ? 0 : countAfter(source, anchor.current);
	const scroll = view.scroll + arrived;
	const matchNumber = matches.length ? Math.min(view.match, matches.length - 1) : 0;
	const target = matches[matches.length - 1 - matchNumber];
	// With a search, the current match is kept in view; otherwise the scroll position rules.
	const fromEnd =
		target !== undefined && (view.match > 0 || view.scroll === 0)
			? Math.max(0, source.length - 1 - target - Math.floor(rows / 2))
			: Math.min(scroll, Math.max(0, source.length - rows));
	const end = Math.max(0, source.length - fromEnd);
	const shown = source.slice(Math.max(0, end - rows), end);
	// The line a search went to, else the newest in view, is the one Enter expands and y copies.
	const selected = paused ? (target !== undefined ? source[target] : shown.at(-1))?.entry : undefined;
	// Merged, each line starts with its container's name, in one column and a colour of its own.
	const nameWidth = sources ? Math.min(NAME_MAX, Math.max(...sources.map((s) => s.name.length))) : 0;
	const tones = [theme.color.accent, theme.color.info, theme.color.ok, theme.color.warn];
	const toneOf = (name: string) =>
		tones[Math.max(0, sources?.findIndex((s) => s.name === name) ?? 0) % tones.length];
	const rowsShown = screenRows(shown, {
		width: width - GUTTER - (nameWidth ? nameWidth + 3 : 0),
		rows,
		wrap: view.wrap,
		expand: view.expanded ? selected : undefined,
	});
	viewed.current = {
		all: source,
		screen: view.expanded && selected ? source.filter((l) => l.entry === selected) : shown,
	};
	const needle = view.search.toLowerCase();
	const rates = buffer.ratesOver(RATE_SECONDS);
	const spark = (values: number[]) => sparkline(values, RATE_SECONDS, { ascii: !theme.unicode });
	// The last five whole seconds: the current one is still being counted.
	const perSecond = (values: number[]) => round(values.slice(-6, -1).reduce((a, b) => a + b, 0) / 5);
	const status = [
		...(notice ? [notice] : []),
		fromEnd > 0
			? `paused, ${fromEnd} lines up (G returns to the tail)`
			: view.expanded
				? 'paused on the expanded line (Enter folds it)'
				: ended
					? 'no more output for now: the container stopped or the engine went away (resumes by itself)'
					: 'following',
		`${all.length} lines${buffer.dropped ? `, ${buffer.dropped} older dropped` : ''}`,
		...(sources ? [`merged: ${sources.length} containers of the project`] : []),
		...(alone ? ['not part of a Compose project: this container alone'] : []),
		...(WINDOW_LABEL[view.window] ? [WINDOW_LABEL[view.window]] : []),
		...(view.floor ? [view.floor === 'error' ? 'errors only' : 'warnings and errors'] : []),
		...(needle
			? [
					`"${view.search}": ${matches.length ? `match ${matches.length - matchNumber} of ${matches.length}` : 'no match'}`,
				]
			: []),
		...(view.filter && needle ? ['only matching lines'] : []),
		...(view.timestamps ? ['timestamps'] : []),
		...(view.wrap ? ['wrap'] : []),
		`${perSecond(rates.lines)}/s ${spark(rates.lines)}`,
		`errors ${perSecond(rates.errors)}/s ${spark(rates.errors)}`,
	].join(' · ');
	return (
		// Its own clip, vertical only: lines are already cut (or wrapped) to the width, and clipping them
		// sideways as well made the renderer re-slice every line of every frame under a flood.
		<Box flexDirection="column" height={height} overflowY="hidden">
			{view.editing ? (
				<Text>
					<Text color={theme.color.accent}>search /</Text>
					{view.search}
					<Text inverse> </Text>
					<Text color={theme.color.muted}> Enter find · Esc cancel · key=value matches a field</Text>
				</Text>
			) : (
				<Text color={theme.color.muted} wrap="truncate-end">
					{status}
				</Text>
			)}
			{shown.length === 0 ? (
				<Text color={theme.color.muted}>
					{all.length && view.floor
						? `No ${view.floor === 'error' ? 'error' : 'warning'} among these lines.`
						: 'No output yet.'}
				</Text>
			) : null}
			{rowsShown.map((row, i) => (
				<LogRow
					// biome-ignore lint/suspicious/noArrayIndexKey: a window of an append-only list; position is the identity
					key={i}
					row={row}
					needle={needle}
					theme={theme}
					selected={row.line.entry === selected}
					name={nameWidth ? { width: nameWidth, tone: toneOf(row.line.source ?? '') } : undefined}
				/>
			))}
		</Box>
	);
}

/** A line as the container wrote it, after its container's name in a merged view (saved and copied so). */
const asWritten = (line: LogLine) => (line.source ? `${line.source} | ${line.text}` : line.text);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const round = (n: number) => (n >= 10 ? Math.round(n) : Math.round(n * 10) / 10);

/** How many of these lines came after the one numbered `seq` (they are in order: counted from the end). */
function countAfter(lines: readonly LogLine[], seq: number): number {
	let n = 0;
	for (let i = lines.length - 1; i >= 0 && (lines[i]?.seq ?? -1) > seq; i--) n++;
	return n;
}

const MARK: Partial<Record<Level, string>> = { fatal: 'F', error: 'E', warn: 'W' };

function LogRow({
	row,
	needle,
	theme,
	selected,
	name,
}: {
	readonly row: ScreenRow;
	readonly needle: string;
	readonly theme: Theme;
	readonly selected: boolean;
	/** Merged: the container's name column. */
	readonly name?: { readonly width: number; readonly tone: string | undefined } | undefined;
}) {
	// The tone is the entry's, so that the rest of a wrapped error and its stack trace stay red.
	const level = row.line.entry.level;
	const tone =
		level === 'error' || level === 'fatal'
			? theme.color.error
			: level === 'warn'
				? theme.color.warn
				: level === 'debug' || level === 'trace'
					? theme.color.muted
					: undefined;
	// The level is also a letter beside the entry's first row: it reads without colour (NO_COLOR, a paste).
	const first = !row.continued && !row.line.continues;
	const mark = selected ? theme.glyph.pointer.slice(0, 1) : first && level ? (MARK[level] ?? ' ') : ' ';
	return (
		<Text wrap="truncate-end" color={tone}>
			{row.line.stream === 'stderr' && first ? '!' : ' '}
			{mark}{' '}
			{name ? (
				<Text color={name.tone}>
					{first ? cutToWidth(row.line.source ?? '', name.width).padEnd(name.width) : ' '.repeat(name.width)}
					{' │ '}
				</Text>
			) : null}
			{highlight(row.text, needle).map((part) => (
				<Text key={part.at} inverse={part.hit}>
					{part.text}
				</Text>
			))}
		</Text>
	);
}

/** Splits a line around every (case-insensitive) occurrence of the needle. */
export function highlight(text: string, needle: string): { text: string; hit: boolean; at: number }[] {
	if (!needle) return [{ text, hit: false, at: 0 }];
	const parts: { text: string; hit: boolean; at: number }[] = [];
	const lower = text.toLowerCase();
	let at = 0;
	for (let found = lower.indexOf(needle); found >= 0; found = lower.indexOf(needle, found + needle.length)) {
		if (found > at) parts.push({ text: text.slice(at, found), hit: false, at });
		parts.push({ text: text.slice(found, found + needle.length), hit: true, at: found });
		at = found + needle.length;
	}
	if (at < text.length) parts.push({ text: text.slice(at), hit: false, at });
	return parts;
}

function LogsProblem({ problem, theme }: { readonly problem: string; readonly theme: Theme }) {
	const driver = /does not support reading|logging driver/i.test(problem);
	return (
		<Box flexDirection="column">
			<Text color={theme.color.warn} wrap="wrap">
				{driver
					? "This container's logging driver does not keep logs that can be read back (none, syslog, gelf...), so there is nothing to show here."
					: problem.split('\n')[0]}
			</Text>
			{driver ? (
				<Text wrap="wrap">
					Read them where the driver sends them, or recreate the container with --log-driver json-file (or
					local).
				</Text>
			) : null}
		</Box>
	);
}

import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { LogBuffer, type ScreenRow, wrapRows } from '../../model/log-lines.js';

import type { DetailsService } from '../details-service.js';
import { keepFollowing } from '../keep-following.js';
import type { LogView } from '../panes/logs.js';
import type { Theme } from '../theme.js';

type LogsPaneProps = {
	readonly id: string;
	readonly service: DetailsService;
	/** Lines of screen the pane may use. */
	readonly height: number;
	/** Columns of screen the pane may use. */
	readonly width: number;
	/** Search, filter, timestamps, wrap, and how far it is scrolled up from the newest line. */
	readonly view: LogView;
	readonly theme: Theme;
};

/** Line budget: the oldest lines go first, so memory stays flat under a flood. */
export const LINE_BUDGET = Number(process.env.DOCKMEDIC_LOG_LINES) || 5000;
/** Redraws at most four times a second for new lines, however fast the container writes; keys redraw at once. */
const FLUSH_MS = 250;

/**
 * The selected container's output, followed live; stderr marked with "!", errors highlighted.
 * Only the visible window is rendered, whatever the buffer holds.
 */
export function LogsPane({ id, service, height, width, view, theme }: LogsPaneProps) {
	const { scroll } = view;
	const buffer = useRef(new LogBuffer(LINE_BUDGET));
	const [, setVersion] = useState(0);
	const [problem, setProblem] = useState<string | null>(null);
	const [ended, setEnded] = useState(false);
	useEffect(() => {
		buffer.current = new LogBuffer(LINE_BUDGET);
		setProblem(null);
		setEnded(false);
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		let stopped = false;
		const onOutput = (stream: 'stdout' | 'stderr', text: string) => {
			if (stopped) {
				stopped = false;
				setEnded(false);
			}
			buffer.current.push(stream, text);
			timer ??= setTimeout(() => {
				timer = undefined;
				setVersion((v) => v + 1);
			}, FLUSH_MS);
		};
		// What was read stays; following resumes from the moment the stream ended (no line twice).
		let since: number | undefined;
		void keepFollowing(
			controller.signal,
			() =>
				service.logs(id, controller.signal, onOutput, {
					timestamps: view.timestamps,
					...(since === undefined ? {} : { since }),
				}),
			(error) => {
				// A first open that fails is the pane's problem to explain (a logging driver that cannot be read).
				if (error !== undefined && since === undefined) {
					setProblem(error);
					return false;
				}
				if (!stopped) {
					stopped = true;
					since = Date.now() / 1000;
					setEnded(true);
				}
				return true;
			},
		);
		return () => {
			controller.abort();
			clearTimeout(timer);
		};
	}, [id, service, view.timestamps]);
	if (problem) return <LogsProblem problem={problem} theme={theme} />;

	const rows = Math.max(1, height - 1);
	const needle = view.search.toLowerCase();
	const all = buffer.current.all();
	const source = view.filter && needle ? all.filter((l) => l.text.toLowerCase().includes(needle)) : all;
	const matches = needle ? source.flatMap((l, i) => (l.text.toLowerCase().includes(needle) ? [i] : [])) : [];
	const matchNumber = matches.length ? Math.min(view.match, matches.length - 1) : 0;
	const target = matches[matches.length - 1 - matchNumber];
	// With a search, the current match is kept in view; otherwise the scroll position rules.
	const fromEnd =
		target !== undefined && (view.match > 0 || scroll === 0)
			? Math.max(0, source.length - 1 - target - Math.floor(rows / 2))
			: Math.min(scroll, Math.max(0, source.length - rows));
	const end = Math.max(0, source.length - fromEnd);
	const shown = source.slice(Math.max(0, end - rows), end);
	// Wrapped, a long line takes several rows: the newest rows that fit are shown, the pane never grows.
	const screenRows: ScreenRow[] = view.wrap
		? wrapRows(shown, width - 2, rows)
		: shown.map((line) => ({ line, text: line.text, continued: false }));
	const status = [
		fromEnd > 0
			? `paused, ${fromEnd} lines up (G returns to the tail)`
			: ended
				? 'no more output for now: the container stopped or the engine went away (resumes by itself)'
				: 'following',
		`${all.length} lines${buffer.current.dropped ? `, ${buffer.current.dropped} older dropped` : ''}`,
		...(needle
			? [
					`"${view.search}": ${matches.length ? `match ${matches.length - matchNumber} of ${matches.length}` : 'no match'}`,
				]
			: []),
		...(view.filter && needle ? ['only matching lines'] : []),
		...(view.timestamps ? ['timestamps'] : []),
		...(view.wrap ? ['wrap'] : []),
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
					<Text color={theme.color.muted}> Enter find · Esc cancel</Text>
				</Text>
			) : (
				<Text color={theme.color.muted} wrap="truncate-end">
					{status}
				</Text>
			)}
			{shown.length === 0 ? <Text color={theme.color.muted}>No output yet.</Text> : null}
			{screenRows.map((row, i) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a window of an append-only list; position is the identity
				<LogRow key={i} row={row} needle={needle} theme={theme} />
			))}
		</Box>
	);
}

function LogRow({
	row,
	needle,
	theme,
}: {
	readonly row: ScreenRow;
	readonly needle: string;
	readonly theme: Theme;
}) {
	// The tone is the whole line's, so that the rest of a wrapped error stays red.
	const tone = /\b(ERROR|FATAL|PANIC)\b/i.test(row.line.text)
		? theme.color.error
		: /\bWARN(ING)?\b/i.test(row.line.text)
			? theme.color.warn
			: undefined;
	return (
		<Text wrap="truncate-end" color={tone}>
			{row.line.stream === 'stderr' && !row.continued ? '! ' : '  '}
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

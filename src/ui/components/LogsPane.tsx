import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { LogBuffer } from '../../model/log-lines.js';
import type { DetailsService } from '../details-service.js';
import type { Theme } from '../theme.js';

type LogsPaneProps = {
	readonly id: string;
	readonly service: DetailsService;
	/** Lines of screen the pane may use. */
	readonly height: number;
	/** Lines scrolled up from the newest; 0 follows the tail. */
	readonly scroll: number;
	readonly theme: Theme;
};

/** Line budget: the oldest lines go first, so memory stays flat under a flood. */
const LINE_BUDGET = 5000;
/** Redraws at most ten times a second, however fast the container writes. */
const FLUSH_MS = 100;

/** The selected container's output, followed live; stderr marked with "!", errors highlighted. */
export function LogsPane({ id, service, height, scroll, theme }: LogsPaneProps) {
	const buffer = useRef(new LogBuffer(LINE_BUDGET));
	const [, setVersion] = useState(0);
	const [problem, setProblem] = useState<string | null>(null);
	useEffect(() => {
		buffer.current = new LogBuffer(LINE_BUDGET);
		setProblem(null);
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		service
			.logs(id, controller.signal, (stream, text) => {
				buffer.current.push(stream, text);
				timer ??= setTimeout(() => {
					timer = undefined;
					setVersion((v) => v + 1);
				}, FLUSH_MS);
			})
			.catch((e: Error) => setProblem(e.message));
		return () => {
			controller.abort();
			clearTimeout(timer);
		};
	}, [id, service]);
	if (problem) {
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
	const rows = Math.max(1, height - 1);
	const scrolled = Math.min(scroll, Math.max(0, buffer.current.size - rows));
	const shown = buffer.current.window(rows, scrolled);
	return (
		<Box flexDirection="column">
			<Text color={theme.color.muted}>
				{scrolled > 0 ? `paused, ${scrolled} lines up (G returns to the tail)` : 'following'} ·{' '}
				{buffer.current.size} lines
				{buffer.current.dropped ? `, ${buffer.current.dropped} older dropped` : ''}
			</Text>
			{shown.length === 0 ? <Text color={theme.color.muted}>No output yet.</Text> : null}
			{shown.map((line, i) => (
				<Text
					// biome-ignore lint/suspicious/noArrayIndexKey: a window of an append-only list; position is the identity
					key={i}
					wrap="truncate-end"
					color={
						/\b(ERROR|FATAL|PANIC)\b/i.test(line.text)
							? theme.color.error
							: /\bWARN(ING)?\b/i.test(line.text)
								? theme.color.warn
								: undefined
					}
				>
					{line.stream === 'stderr' ? '! ' : '  '}
					{line.text}
				</Text>
			))}
		</Box>
	);
}

import { Box, Text } from 'ink';
import type { DetailsService } from '../details-service.js';
import { usePolled } from '../hooks/use-polled.js';
import type { Theme } from '../theme.js';
import { definePane } from './pane.js';

/** Read again this often while shown: a crash loop adds to it every few seconds. */
const REFRESH_MS = 5000;

export const timelinePane = definePane<null>({
	id: 'timeline',
	key: '6',
	title: 'Timeline',
	description:
		'Details: the last hour on one time axis (starts, deaths with exit codes, OOM kills, signals, health, execs), each death with its last log lines',
	initial: null,
	render: ({ id, service, height, theme }) => (
		<TimelinePane id={id} service={service} height={height} theme={theme} />
	),
});

const clock = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 23);

/** Newest last, as a log reads; what fits of the end of the hour, with the loop's rate above it. */
function TimelinePane(props: {
	readonly id: string;
	readonly service: DetailsService;
	readonly height: number;
	readonly theme: Theme;
}) {
	const { id, service, height, theme } = props;
	const { value: timeline, problem } = usePolled(service.timeline, id, REFRESH_MS);
	if (problem) return <Text color={theme.color.error}>{problem}</Text>;
	if (!timeline) return <Text color={theme.color.muted}>Reading the event history…</Text>;
	const rows = timeline.entries.flatMap((e) => [
		{ key: `${e.time} ${e.action}`, text: `${clock(e.time)} ${e.bad ? '!' : ' '} ${e.summary}`, bad: e.bad },
		...(e.lastLines ?? []).map((line, i) => ({
			key: `${e.time} ${i}`,
			text: `               | ${line}`,
			bad: false,
		})),
	]);
	const summary =
		timeline.deaths === 0
			? 'Last hour (UTC): no death.'
			: `Last hour (UTC): ${timeline.deaths} deaths, ${timeline.restarts} restarts${timeline.secondsBetweenDeaths !== null ? `, one every ${timeline.secondsBetweenDeaths} s` : ''}.`;
	return (
		<Box flexDirection="column">
			<Text bold color={timeline.deaths ? theme.color.warn : theme.color.muted} wrap="truncate-end">
				{summary}
			</Text>
			{rows.length === 0 ? <Text color={theme.color.muted}>No events in the last hour.</Text> : null}
			{rows.slice(-Math.max(1, height - 2)).map((r) => (
				<Text key={r.key} color={r.bad ? theme.color.warn : undefined} wrap="truncate-end">
					{r.text}
				</Text>
			))}
		</Box>
	);
}

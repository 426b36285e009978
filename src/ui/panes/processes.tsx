import { Box, Text } from 'ink';
import { PROCESS_SORTS, type ProcessRow, type ProcessSort, sortProcesses } from '../../model/processes.js';
import { sanitizeLine } from '../../model/sanitize.js';
import type { DetailsService } from '../details-service.js';
import { usePolled } from '../hooks/use-polled.js';
import type { Theme } from '../theme.js';
import { definePane } from './pane.js';

/** Read again this often while shown: processes come and go. */
const REFRESH_MS = 2000;

export const processesPane = definePane<{ readonly sort: ProcessSort }>({
	id: 'processes',
	key: '4',
	title: 'Processes',
	description: 'Details: processes (docker top), zombies and a shell as PID 1 marked; o changes the order',
	bindings: [
		{
			id: 'processes.sort',
			description: 'Processes: order by pid, CPU time or command',
			category: 'Details',
			keys: ['o'],
		},
	],
	hints: [{ command: 'processes.sort', label: 'order' }],
	initial: { sort: 'pid' },
	reduce: (state, command) =>
		command === 'processes.sort'
			? { sort: PROCESS_SORTS[(PROCESS_SORTS.indexOf(state.sort) + 1) % PROCESS_SORTS.length] ?? 'pid' }
			: undefined,
	render: ({ id, service, width, height, theme, state }) => (
		<ProcessesPane id={id} service={service} width={width} height={height} theme={theme} sort={state.sort} />
	),
});

type ProcessesPaneProps = {
	readonly id: string;
	readonly service: DetailsService;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
	readonly sort: ProcessSort;
};

/** The processes of the container with user, PID, state, CPU time and command; marked ones say why. */
function ProcessesPane({ id, service, width, height, theme, sort }: ProcessesPaneProps) {
	const { value: rows, problem } = usePolled(service.processes, id, REFRESH_MS);
	if (problem) return <Text color={theme.color.error}>{problem}</Text>;
	if (!rows) return <Text color={theme.color.muted}>Reading the processes…</Text>;
	const marked = rows.filter((r) => r.mark);
	const shown = sortProcesses(rows, sort).slice(0, Math.max(1, height - 2 - marked.length));
	const line = (r: ProcessRow) =>
		`${r.mark ? '!' : ' '} ${String(r.pid).padStart(7)} ${r.user.slice(0, 10).padEnd(10)} ${r.stat.padEnd(4)} ${r.time.padStart(9)}  ${sanitizeLine(r.command)}`;
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color.muted} wrap="truncate-end">
				{`      PID USER       STAT      TIME  COMMAND   (${rows.length}, by ${sort}; host PIDs)`.slice(
					0,
					width,
				)}
			</Text>
			{shown.map((r) => (
				<Text key={r.pid} color={r.mark ? theme.color.warn : undefined} wrap="truncate-end">
					{line(r)}
				</Text>
			))}
			{marked.map((r) => (
				<Text key={`why-${r.pid}`} color={theme.color.warn} wrap="truncate-end">
					{`! ${r.pid}: ${r.mark}`}
				</Text>
			))}
		</Box>
	);
}

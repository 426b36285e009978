import { Box, Text } from 'ink';
import { describeTask, failedTasks } from '../../model/swarm.js';
import type { ServiceRow } from '../swarm-service.js';
import type { Theme } from '../theme.js';

type ServicesViewProps = {
	/** Null while the first read is on its way. */
	readonly services: readonly ServiceRow[] | null;
	readonly problem: string | null;
	readonly message: string | null;
	readonly selected: number;
	readonly height: number;
	readonly theme: Theme;
};

/**
 * Swarm services: replicas running against desired, and for the selected one its tasks with node,
 * state and the error the orchestrator recorded (d diagnoses the service through one of its tasks).
 */
export function ServicesView({ services, problem, message, selected, height, theme }: ServicesViewProps) {
	const rows = services ?? [];
	const index = Math.min(selected, Math.max(0, rows.length - 1));
	const current = rows[index];
	if (problem) return <Text color={theme.color.error}>{problem}</Text>;
	if (!services) return <Text color={theme.color.muted}>Reading Swarm services…</Text>;
	if (!rows.length)
		return <Text color={theme.color.muted}>No Swarm services (or no engine here is a Swarm manager).</Text>;
	const tasks = current ? [...current.tasks].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)) : [];
	const taskLines = Math.max(0, height - rows.length - 3);
	return (
		<Box flexDirection="column">
			<Text bold>
				{'  '}
				{[
					...(rows.some((r) => r.host) ? ['HOST'.padEnd(10)] : []),
					'SERVICE'.padEnd(24),
					'REPLICAS',
					' LAST FAILED TASK',
				].join(' ')}
			</Text>
			{rows.map((row, i) => {
				const last = failedTasks(row.tasks)[0];
				const tone = row.running < row.desired ? theme.color.error : theme.color.ok;
				return (
					<Text key={`${row.host ?? ''}/${row.id}`} inverse={i === index} wrap="truncate-end">
						{i === index ? '› ' : '  '}
						{row.host ? `${row.host.padEnd(10)} ` : ''}
						{row.name.padEnd(24)} <Text color={tone}>{`${row.running}/${row.desired}`.padEnd(8)}</Text>{' '}
						{last ? describeTask(row.name, last) : ''}
					</Text>
				);
			})}
			<Text color={theme.color.accent}>{current ? `Tasks of ${current.name}, newest first:` : ''}</Text>
			{tasks.slice(0, taskLines).map((task) => (
				<Text
					key={task.id}
					wrap="truncate-end"
					color={task.state === 'running' ? undefined : theme.color.muted}
				>
					{'  '}
					{describeTask(current?.name ?? '', task)}
					{task.updatedAt ? `  (${task.updatedAt.slice(0, 19).replace('T', ' ')})` : ''}
				</Text>
			))}
			{message ? <Text color={theme.color.info}>{message}</Text> : null}
		</Box>
	);
}

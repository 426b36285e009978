import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { describeTask, failedTasks } from '../../model/swarm.js';
import { splitKeys } from '../split-keys.js';
import type { ServiceRow, SwarmService } from '../swarm-service.js';
import type { Theme } from '../theme.js';

type ServicesViewProps = {
	readonly swarm: SwarmService;
	readonly height: number;
	readonly theme: Theme;
	/** Takes keys while shown (↑↓ select, d diagnose). */
	readonly active: boolean;
	readonly onDiagnose: (target: { readonly id: string; readonly name: string }) => void;
};

/** Read again this often while the view is open: Swarm reschedules tasks by itself. */
const REFRESH_MS = 3000;

/**
 * Swarm services: replicas running against desired, and for the selected one its tasks with node,
 * state and the error the orchestrator recorded; d diagnoses the service through one of its tasks.
 */
export function ServicesView({ swarm, height, theme, active, onDiagnose }: ServicesViewProps) {
	const [services, setServices] = useState<readonly ServiceRow[] | null>(null);
	const [problem, setProblem] = useState<string | null>(null);
	const [selected, setSelected] = useState(0);
	const [message, setMessage] = useState<string | null>(null);
	useEffect(() => {
		let live = true;
		const read = () =>
			swarm.services().then(
				(rows) => {
					if (!live) return;
					setServices(rows);
					setProblem(null);
				},
				(error: Error) => live && setProblem(error.message.split('\n')[0] ?? 'cannot read services'),
			);
		void read();
		const timer = setInterval(read, REFRESH_MS);
		return () => {
			live = false;
			clearInterval(timer);
		};
	}, [swarm]);
	const rows = services ?? [];
	const index = Math.min(selected, Math.max(0, rows.length - 1));
	const current = rows[index];
	useInput(
		(chunk, flags) => {
			// Keys typed quickly arrive as one chunk ("jd"): each is taken in turn, against the selection so far.
			let at = index;
			for (const [input, key] of splitKeys(chunk, flags)) {
				if (key.upArrow || input === 'k') at = Math.max(0, at - 1);
				if (key.downArrow || input === 'j') at = Math.min(rows.length - 1, at + 1);
				const service = rows[at];
				if (input === 'd' && service) diagnoseService(service);
			}
			setSelected(at);
		},
		{ isActive: active },
	);
	function diagnoseService(service: ServiceRow): void {
		setMessage(`Finding a task of ${service.name} to diagnose…`);
		swarm.taskToDiagnose(service).then(
			(target) =>
				target ? onDiagnose(target) : setMessage(`${service.name} has no task container to examine.`),
			(error: Error) => setMessage(error.message.split('\n')[0] ?? 'failed'),
		);
	}
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

import { Box, Text } from 'ink';
import type { ListLine } from '../../model/list-lines.js';
import type { ContainerListSnapshot } from '../../store/container-store.js';
import type { RowStats } from '../../store/stats-store.js';
import type { Column } from '../format/list-columns.js';
import type { ListState } from '../state/list-view.js';
import type { Theme } from '../theme.js';
import { ContainerTable } from './ContainerTable.js';

type ListViewProps = {
	readonly snapshot: ContainerListSnapshot;
	readonly list: ListState;
	readonly lines: readonly ListLine[];
	readonly columns: readonly Column[];
	readonly selected: number;
	readonly height: number;
	readonly now: number;
	readonly theme: Theme;
	readonly stats: ReadonlyMap<string, RowStats>;
};

/** The container table, or why there is none yet; a lost engine keeps the last known list under a warning. */
export function ListView({
	snapshot,
	list,
	lines,
	columns,
	selected,
	height,
	now,
	theme,
	stats,
}: ListViewProps) {
	const connection = snapshot.connection;
	const problem =
		connection.status === 'unreachable' || connection.status === 'reconnecting' ? connection.message : null;
	if (problem && !snapshot.loaded)
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text color={theme.color.error} wrap="wrap">
					{problem}
				</Text>
				<Text color={theme.color.muted}>Retrying in the background; q quits.</Text>
			</Box>
		);
	const emptyText = !snapshot.loaded
		? connection.status === 'connecting'
			? 'Connecting to the engine…'
			: 'No container list yet.'
		: list.filter
			? `No container matches "${list.filter}".`
			: list.showAll
				? 'No containers on this engine.'
				: 'No running containers (a shows all).';
	return (
		<>
			{problem ? (
				<Text color={theme.color.error} wrap="truncate-end">
					{problem.split('\n')[0]} (showing the last known list)
				</Text>
			) : null}
			<ContainerTable
				lines={lines}
				columns={columns}
				selected={selected}
				height={height - (problem ? 1 : 0)}
				now={now}
				theme={theme}
				emptyText={emptyText}
				stats={stats}
			/>
		</>
	);
}

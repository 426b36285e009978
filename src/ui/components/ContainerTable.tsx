import { Box, Text } from 'ink';
import { memo } from 'react';
import { type ContainerRow, needsAttention } from '../../model/container-list.js';
import { padEnd } from '../../model/format.js';
import { type ListLine, type ProjectLine, projectSummary } from '../../model/list-lines.js';
import type { RowStats } from '../../store/stats-store.js';
import { type Column, cellText, POINTER_WIDTH, stateBadge } from '../format/list-columns.js';
import type { Theme } from '../theme.js';

type ContainerTableProps = {
	/** Lines in display order (already filtered, sorted, grouped under their Compose projects). */
	readonly lines: readonly ListLine[];
	readonly columns: readonly Column[];
	/** Index of the selected row in rows, -1 for none. */
	readonly selected: number;
	/** Number of rows that fit; only these are rendered. */
	readonly height: number;
	readonly now: number;
	readonly theme: Theme;
	/** Shown instead of rows when there are none. */
	readonly emptyText: string;
	/** Recent stats of the rows on screen, by container id. */
	readonly stats?: ReadonlyMap<string, RowStats>;
};

/** The container list: a title line and the visible window of rows, keeping the selection in view. */
export function ContainerTable({
	lines,
	columns,
	selected,
	height,
	now,
	theme,
	emptyText,
	stats,
}: ContainerTableProps) {
	const start = windowStart(lines.length, selected, height);
	const shown = lines.slice(start, start + height);
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color.muted}>
				{' '.repeat(POINTER_WIDTH)}
				{columns.map((c) => padEnd(c.title, c.width)).join(' ')}
			</Text>
			{shown.length === 0 ? <Text color={theme.color.muted}> {emptyText}</Text> : null}
			{shown.map((line, i) =>
				line.kind === 'project' ? (
					<ProjectRow key={line.id} line={line} selected={start + i === selected} theme={theme} />
				) : (
					<TableRow
						key={line.id}
						row={line.row}
						columns={columns}
						selected={start + i === selected}
						now={now}
						theme={theme}
						stats={stats?.get(line.id)}
					/>
				),
			)}
		</Box>
	);
}

/** A Compose project's header: open or collapsed, its name and state counts, ! when one of its containers needs attention. */
function ProjectRow({
	line,
	selected,
	theme,
}: {
	readonly line: ProjectLine;
	readonly selected: boolean;
	readonly theme: Theme;
}) {
	const mark = selected ? `${theme.glyph.pointer} ` : line.attention ? `${theme.glyph.attention} ` : '  ';
	return (
		<Text inverse={selected} bold wrap="truncate-end">
			<Text color={!selected && line.attention ? theme.color.warn : undefined}>{mark}</Text>
			{`${line.collapsed ? theme.glyph.collapsed : theme.glyph.expanded} `}
			{projectSummary(line).replaceAll(' · ', ` ${theme.glyph.separator} `)}
		</Text>
	);
}

/** One row; re-rendered only when its own data (or the clock) changes. */
const TableRow = memo(function TableRow(props: {
	readonly row: ContainerRow;
	readonly columns: readonly Column[];
	readonly selected: boolean;
	readonly now: number;
	readonly theme: Theme;
	readonly stats: RowStats | undefined;
}) {
	const { row, columns, selected, now, theme, stats } = props;
	const badge = stateBadge(row, theme);
	return (
		<Text inverse={selected} wrap="truncate-end">
			{selected ? (
				`${theme.glyph.pointer} `
			) : needsAttention(row) ? (
				<Text color={theme.color.warn}>{`${theme.glyph.attention} `}</Text>
			) : (
				'  '
			)}
			{columns.map((column, i) => {
				const text =
					padEnd(cellText(row, column.id, now, theme, stats), column.width) +
					(i < columns.length - 1 ? ' ' : '');
				// Memory near its limit is the one figure that warns before an OOM kill.
				const tone = row.hostDown
					? theme.color.muted
					: column.id === 'state'
						? theme.color[badge.tone]
						: column.id === 'memory' && (stats?.last.memoryPercent ?? 0) >= 90
							? theme.color.error
							: undefined;
				return (
					<Text key={column.id} color={tone}>
						{text}
					</Text>
				);
			})}
		</Text>
	);
});

/** First row to show so that the selection stays visible, scrolling as little as possible. */
export function windowStart(total: number, selected: number, height: number): number {
	if (total <= height || selected < 0) return 0;
	const half = Math.floor(height / 2);
	return Math.max(0, Math.min(total - height, selected - half));
}

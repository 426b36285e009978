import type { EngineInfo } from '../../model/container.js';
import {
	type ContainerRow,
	countByState,
	needsAttention,
	stateCountsText,
} from '../../model/container-list.js';
import { padEnd, truncate } from '../../model/format.js';
import { listLines, matchedCount, projectSummary } from '../../model/list-lines.js';
import { firstContainer, initialListState } from '../state/list-view.js';
import type { Theme } from '../theme.js';
import { cellText, layoutColumns, measureColumns, POINTER_WIDTH } from './list-columns.js';

/** The console's lines besides the table's rows: the header's two, the table's title, the key hints. */
export const CHROME_LINES = 4;

/**
 * The console's first screen as plain text, from the list call alone: the header, the table's title
 * and the rows in the order, columns and widths the console draws them (the same functions), the
 * first container selected. It is on screen while Ink and React load, which then draw the same
 * rows over it with colour, live figures and the key hints. Pure.
 */
export function plainFirstFrame(input: {
	readonly rows: readonly ContainerRow[];
	readonly endpoint: string;
	readonly engine: EngineInfo | null;
	readonly columns: number;
	readonly lines: number;
	readonly theme: Theme;
	readonly now: number;
}): string[] {
	const { theme, now } = input;
	const lines = listLines(input.rows, initialListState);
	const rows = lines.flatMap((l) => (l.kind === 'container' ? [l.row] : []));
	const columns = layoutColumns(input.columns, measureColumns(rows, now, theme));
	const counts = countByState(input.rows);
	const sep = ` ${theme.glyph.separator} `;
	const byState = stateCountsText(counts, sep);
	const matched = matchedCount(lines);
	const engine = input.engine ? ` engine ${input.engine.version} (API ${input.engine.apiVersion})` : '';
	const selected = firstContainer(lines);
	// The console leaves the terminal's last row free.
	const tableHeight = Math.max(1, input.lines - 1 - CHROME_LINES);
	const body = lines.slice(0, tableHeight).map((line, i) => {
		if (line.kind === 'project') {
			const mark =
				i === selected ? `${theme.glyph.pointer} ` : line.attention ? `${theme.glyph.attention} ` : '  ';
			const fold = line.collapsed ? theme.glyph.collapsed : theme.glyph.expanded;
			return `${mark}${fold} ${projectSummary(line).replaceAll(' · ', sep)}`;
		}
		const mark =
			i === selected
				? `${theme.glyph.pointer} `
				: needsAttention(line.row)
					? `${theme.glyph.attention} `
					: '  ';
		return mark + columns.map((c) => padEnd(cellText(line.row, c.id, now, theme), c.width)).join(' ');
	});
	return [
		`dockmedic ${input.endpoint}${engine}`,
		`${counts.total} containers${byState ? `: ${byState}` : ''}${sep}showing ${matched} (all) sorted by state`,
		' '.repeat(POINTER_WIDTH) + columns.map((c) => padEnd(c.title, c.width)).join(' '),
		...body,
	].map((line) => truncate(line, input.columns).trimEnd());
}

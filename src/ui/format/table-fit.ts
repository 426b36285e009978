import { truncate } from '../../model/format.js';
import { displayWidth } from '../../model/text-width.js';

/** A table row: column name to the text of its cell. */
export type TableRow = Record<string, string>;

/** Width of a drawn table: each column, one space of padding either side, and the borders. */
export const drawnWidth = (columnWidths: readonly number[]) => columnWidths.reduce((n, w) => n + w + 3, 1);

/**
 * Narrows the widest columns, cutting their cells (and headers) with an ellipsis, until the table
 * fits in `width` columns of terminal. A table that already fits comes back as it was.
 */
export function fitTable(rows: readonly TableRow[], width: number, narrowest = 4): TableRow[] {
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const widths = columns.map((c) =>
		Math.max(displayWidth(c), ...rows.map((row) => displayWidth(row[c] ?? ''))),
	);
	while (drawnWidth(widths) > width) {
		const widest = widths.indexOf(Math.max(...widths));
		if ((widths[widest] ?? 0) <= narrowest) break;
		widths[widest] = (widths[widest] ?? 0) - 1;
	}
	return rows.map((row) =>
		Object.fromEntries(
			columns.map((c, i) => [
				truncate(c, widths[i] ?? displayWidth(c)),
				truncate(row[c] ?? '', widths[i] ?? 0),
			]),
		),
	);
}

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
	const widths = columns.map((c) => Math.max(c.length, ...rows.map((row) => (row[c] ?? '').length)));
	while (drawnWidth(widths) > width) {
		const widest = widths.indexOf(Math.max(...widths));
		if ((widths[widest] ?? 0) <= narrowest) break;
		widths[widest] = (widths[widest] ?? 0) - 1;
	}
	const cut = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text);
	return rows.map((row) =>
		Object.fromEntries(
			columns.map((c, i) => [cut(c, widths[i] ?? c.length), cut(row[c] ?? '', widths[i] ?? 0)]),
		),
	);
}

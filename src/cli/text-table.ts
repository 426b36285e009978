import { padEnd } from '../model/format.js';
import { displayWidth } from '../model/text-width.js';

/** A plain aligned text table, like the docker CLI's, for non-interactive output. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
	const widths = headers.map((h, i) =>
		Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
	);
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, i) => (i === cells.length - 1 ? cell : padEnd(cell, widths[i] ?? 0)))
			.join('   ')
			.trimEnd();
	return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

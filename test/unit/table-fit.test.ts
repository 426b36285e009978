import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawnWidth, fitTable } from '../../src/ui/format/table-fit.js';

const widthOf = (rows: Record<string, string>[]) => {
	const columns = Object.keys(rows[0] ?? {});
	return drawnWidth(columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length))));
};

describe('fitting a table to the terminal', () => {
	it('leaves a table that fits as it was', () => {
		const rows = [{ field: 'status', value: 'running' }];
		expect(fitTable(rows, 80)).toEqual(rows);
	});

	it('cuts the widest columns first, each cut cell a prefix of the text with an ellipsis', () => {
		const rows = [{ type: 'bind', source: 's'.repeat(60), destination: 'd'.repeat(60), rw: 'rw' }];
		const fitted = fitTable(rows, 80);
		expect(widthOf(fitted)).toBeLessThanOrEqual(80);
		expect(fitted[0]?.type).toBe('bind');
		expect(fitted[0]?.rw).toBe('rw');
		expect(fitted[0]?.source).toMatch(/^s+…$/);
		expect(fitted[0]?.destination).toMatch(/^d+…$/);
	});

	it('fits any table into any width that leaves every column a few characters', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.string({ maxLength: 70 }), { minLength: 5, maxLength: 5 }), {
					minLength: 1,
					maxLength: 6,
				}),
				fc.integer({ min: 40, max: 200 }),
				(cells, width) => {
					const columns = ['type', 'source', 'destination', 'rw', 'propagation'];
					const rows = cells.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? ''])));
					const fitted = fitTable(rows, width);
					expect(widthOf(fitted)).toBeLessThanOrEqual(width);
					fitted.forEach((row, r) => {
						Object.values(row).forEach((cell, i) => {
							const text = rows[r]?.[columns[i] ?? ''] ?? '';
							if (cell !== text) expect(cell.endsWith('…') && text.startsWith(cell.slice(0, -1))).toBe(true);
						});
					});
				},
			),
		);
	});
});

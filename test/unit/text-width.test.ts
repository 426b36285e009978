import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/text-table.js';
import { padEnd, truncate } from '../../src/model/format.js';
import { cutToWidth, displayWidth, splitToWidth } from '../../src/model/text-width.js';
import { drawnWidth, fitTable } from '../../src/ui/format/table-fit.js';
import { wrapWords } from '../../src/ui/format/wrap-words.js';

/** Text as logs and labels hold it: ASCII, CJK (two columns), emoji, combining accents, ZWJ sequences. */
const unit = fc.constantFrom('a', 'Z', ' ', '-', '中', '文', '日本', '한', '😀', 'é', 'e\u0301', '👩‍💻');
const text = fc.string({ unit, maxLength: 30 });

describe('text measured in terminal columns', () => {
	it('counts a CJK character and an emoji as two columns, a combining accent as none', () => {
		expect(displayWidth('db')).toBe(2);
		expect(displayWidth('数据库')).toBe(6);
		expect(displayWidth('😀')).toBe(2);
		expect(displayWidth('e\u0301')).toBe(1);
		expect(cutToWidth('数据库', 5)).toBe('数据');
	});

	it('pads and cuts to exactly the width asked, never splitting a character', () => {
		fc.assert(
			fc.property(text, fc.integer({ min: 1, max: 20 }), (t, w) => {
				const padded = padEnd(t, w);
				// A two-column character that does not fit leaves one column of padding instead.
				expect(displayWidth(padded)).toBe(w);
				expect(displayWidth(truncate(t, w))).toBeLessThanOrEqual(w);
				if (displayWidth(t) <= w) expect(truncate(t, w)).toBe(t);
				else expect(truncate(t, w).endsWith('…')).toBe(true);
				for (const piece of splitToWidth(t, Math.max(2, w)))
					expect(displayWidth(piece)).toBeLessThanOrEqual(Math.max(2, w));
				expect(splitToWidth(t, Math.max(2, w)).join('')).toBe(t);
			}),
		);
	});

	it('word-wraps CJK text without spaces into rows that fit', () => {
		expect(wrapWords('连接数据库失败，请检查配置', 10)).toEqual(['连接数据库', '失败，请检', '查配置']);
		fc.assert(
			fc.property(text, fc.integer({ min: 2, max: 20 }), (t, w) => {
				for (const row of wrapWords(t, w)) expect(displayWidth(row)).toBeLessThanOrEqual(w);
			}),
		);
	});

	it('fits inspect tables with wide text into the terminal width', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ key: text, value: text }), { minLength: 1, maxLength: 6 }),
				fc.integer({ min: 30, max: 100 }),
				(rows, width) => {
					const fitted = fitTable(rows, width);
					const columns = Object.keys(fitted[0] ?? {});
					const widths = columns.map((c, i) =>
						Math.max(displayWidth(c), ...fitted.map((r) => displayWidth(Object.values(r)[i] ?? ''))),
					);
					if (widths.every((w) => w > 4)) expect(drawnWidth(widths)).toBeLessThanOrEqual(width);
				},
			),
		);
	});

	it('aligns the CLI tables by display width', () => {
		const table = renderTable(
			['NAME', 'IMAGE'],
			[
				['数据库', 'postgres'],
				['web', 'nginx'],
			],
		);
		const [header, first, second] = table.split('\n');
		expect(displayWidth(header?.slice(0, header.indexOf('IMAGE')) ?? '')).toBe(
			displayWidth(first?.slice(0, first.indexOf('postgres')) ?? ''),
		);
		expect(second?.indexOf('nginx')).toBe(header?.indexOf('IMAGE'));
	});
});

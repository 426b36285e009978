import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import fastStringWidth from '../../src/model/fast-width.js';

/** The ranges the fast path takes, as [first, last] code points (its regular expression's classes). */
const FAST_RANGES: [number, number][] = [
	[0x20, 0x7e],
	[0xa0, 0x2ff],
	[0x370, 0x482],
	[0x48a, 0x52f],
	[0x2010, 0x2027],
	[0x2030, 0x205f],
	[0x2070, 0x20cf],
	[0x2100, 0x2bff],
	[0x3000, 0x3029],
	[0x3030, 0x303f],
	[0x3041, 0x3096],
	[0x30a0, 0x30ff],
	[0x4e00, 0x9fff],
	[0xac00, 0xd7a3],
	[0xff01, 0xff9d],
	[0xffe0, 0xffe6],
];
const fastCharacters = FAST_RANGES.flatMap(([first, last]) =>
	Array.from({ length: last - first + 1 }, (_, i) => String.fromCharCode(first + i)),
);

describe('fast string width', () => {
	it('agrees with string-width on every character it measures itself', () => {
		const differing = fastCharacters.filter((c) => fastStringWidth(c) !== stringWidth(c));
		expect(differing.map((c) => c.codePointAt(0)?.toString(16))).toEqual([]);
	});

	it('agrees with string-width on strings of those characters, escapes and others mixed in', () => {
		const character = fc.oneof(
			{ weight: 8, arbitrary: fc.constantFrom(...fastCharacters) },
			// What leaves the fast path: combining marks, joiners, variation selectors, emoji, jamo, controls.
			fc.constantFrom('\u0301', '\u200d', '\ufe0f', '👍', '🇫', '\u1100', '\u1161', '\t', '\u0483', '\u3099'),
			fc.constantFrom('\u001b[31m', '\u001b[39m', '\u001b[1m'),
		);
		fc.assert(
			fc.property(fc.array(character, { maxLength: 40 }), (parts) => {
				const text = parts.join('');
				expect(fastStringWidth(text)).toBe(stringWidth(text));
			}),
			{ numRuns: 3000 },
		);
	});

	it('measures what a console row shows: badges, sparklines, CJK, Hangul, an emoji', () => {
		expect(fastStringWidth('● running')).toBe(9);
		expect(fastStringWidth('cpu ▁▂▃▄▅▆▇█ 12%')).toBe(16);
		expect(fastStringWidth('接続が拒否されました')).toBe(20);
		expect(fastStringWidth('연결 실패')).toBe(9);
		expect(fastStringWidth('\u001b[31merror\u001b[39m')).toBe(5);
		expect(fastStringWidth('ok 👍🏽')).toBe(5);
		expect(fastStringWidth('e\u0301')).toBe(1);
	});

	it('passes options it does not handle to string-width', () => {
		expect(fastStringWidth('±', { ambiguousIsNarrow: false })).toBe(2);
		expect(fastStringWidth('\u001b[31ma', { countAnsiEscapeCodes: true })).toBe(
			stringWidth('\u001b[31ma', { countAnsiEscapeCodes: true }),
		);
	});
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/ui/format/wrap-words.js';

describe('word wrap', () => {
	it('breaks between words, and cuts only a word longer than a line', () => {
		expect(wrapWords('kill, pause, unpause, remove (each asks first)', 16)).toEqual([
			'kill, pause,',
			'unpause, remove',
			'(each asks',
			'first)',
		]);
		expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
		expect(wrapWords('', 10)).toEqual(['']);
	});

	it('keeps every word in order, each line within the width', () => {
		fc.assert(
			fc.property(
				fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 30 }),
				fc.integer({ min: 1, max: 40 }),
				(words, width) => {
					const lines = wrapWords(words.join(' '), width);
					for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
					expect(lines.join('').replaceAll(' ', '')).toBe(words.join(''));
					if (words.every((w) => w.length <= width))
						expect(lines.join(' ').split(' ').filter(Boolean)).toEqual(words);
				},
			),
		);
	});
});

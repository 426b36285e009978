import asciichart from 'asciichart';
import { describe, expect, it } from 'vitest';
import { forTerminal, resolveTheme } from '../../src/ui/theme.js';

describe('the console on a terminal that is not UTF-8', () => {
	const ascii = resolveTheme({ LANG: 'C' });
	const utf8 = resolveTheme({ LANG: 'C.UTF-8' });

	it('spells its key names, separators and chart lines in ASCII, and leaves them as they are in UTF-8', () => {
		expect(forTerminal(ascii, '↑↓/jk move · ← → switch')).toBe('^v/jk move | < > switch');
		expect(forTerminal(utf8, '↑↓/jk move · ← → switch')).toBe('↑↓/jk move · ← → switch');
		const plot = asciichart.plot([1, 3, 2, 5], { height: 4 });
		expect(forTerminal(ascii, plot)).toMatch(/^[\x20-\x7e\n]+$/);
		expect(resolveTheme({ LANG: 'C.UTF-8', DOCKMEDIC_UNICODE: '0' }).unicode).toBe(false);
	});
});

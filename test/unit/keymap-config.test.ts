import { afterEach, describe, expect, it } from 'vitest';
import { footerHints } from '../../src/ui/footer-hints.js';
import { bindingFor, bindingsOf, commands } from '../../src/ui/keymap.js';
import { applyKeyRemaps, keyRemapProblems } from '../../src/ui/keymap-config.js';

/** An ordinary keypress, as Ink reports one. */
const plainKey = {
	ctrl: false,
	meta: false,
	shift: false,
	return: false,
	escape: false,
	tab: false,
} as never;

describe('keys remapped by the config file', () => {
	const original = [...commands['logs.errorsOnly'].keys];
	afterEach(() => applyKeyRemaps({ 'logs.errorsOnly': original }));

	it('accepts a free key, and names an unknown command, a non-key and a clash where both are active', () => {
		expect(keyRemapProblems({ 'logs.errorsOnly': ['O'], 'list.sort': ['o'] })).toEqual([]);
		expect(keyRemapProblems({ 'logs.nope': ['x'] })).toEqual([
			{ command: 'logs.nope', message: expect.stringContaining('no such command') },
		]);
		expect(keyRemapProblems({ 'logs.save': ['Ctrl-Q'] })[0]?.message).toContain('"Ctrl-Q" is not a key');
		expect(keyRemapProblems({ 'logs.errorsOnly': ['W'] })).toEqual([
			{
				command: 'logs.errorsOnly',
				message: '"W" would mean both logs.errorsOnly and logs.warningsUp in the logs pane',
			},
		]);
		// A key used in another view only is free: `s` sorts the list and saves logs.
		expect(keyRemapProblems({ 'inspect.next': ['s'] })).toEqual([]);
		expect(keyRemapProblems({ 'app.help': ['2'] })[0]?.message).toBe(
			'"2" would mean both app.help and opening a pane in the details view',
		);
	});

	it('puts the new key in every binding made from the keymap, and in the footer', () => {
		const logsBindings = bindingsOf(['logs.errorsOnly', 'logs.warningsUp'], [], false);
		applyKeyRemaps({ 'logs.errorsOnly': ['O'] });
		expect(bindingFor(logsBindings, 'O', plainKey)?.id).toBe('logs.errorsOnly');
		expect(bindingFor(logsBindings, 'e', plainKey)).toBeUndefined();
		expect(
			footerHints([{ command: 'logs.errorsOnly', keys: 'e/W', label: 'errors/warnings' }], logsBindings),
		).toEqual([{ keys: 'O', label: 'errors/warnings' }]);
	});
});

import { describe, expect, it } from 'vitest';
import { layoutColumns } from '../../src/ui/format/list-columns.js';
import { commandFor, commands } from '../../src/ui/keymap.js';
import { initialListState, listReducer, selectionIndex } from '../../src/ui/list-state.js';

const key = (over: Record<string, boolean> = {}) =>
	({
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		pageDown: false,
		pageUp: false,
		home: false,
		end: false,
		return: false,
		escape: false,
		ctrl: false,
		shift: false,
		tab: false,
		backspace: false,
		delete: false,
		meta: false,
		super: false,
		hyper: false,
		capsLock: false,
		numLock: false,
		...over,
	}) as Parameters<typeof commandFor>[1];

describe('column layout', () => {
	it.each([80, 100, 120, 200])('fills exactly the terminal width minus one at %i columns', (width) => {
		const columns = layoutColumns(width, { name: 30, image: 30, status: 25, ports: 30 });
		const used = 2 + columns.reduce((sum, c) => sum + c.width, 0) + (columns.length - 1);
		expect(used).toBe(width - 1);
	});

	it('gives short names only the room they need and adds an uptime column when wide', () => {
		const narrow = layoutColumns(80, { name: 5, image: 7 });
		expect(narrow.find((c) => c.id === 'name')?.width).toBe(10);
		expect(narrow.some((c) => c.id === 'uptime')).toBe(false);
		expect(layoutColumns(120).some((c) => c.id === 'uptime')).toBe(true);
	});
});

describe('list state', () => {
	const ids = ['a', 'b', 'c'];
	it('moves the selection within bounds and follows the container when rows reorder', () => {
		let state = listReducer(initialListState, { type: 'move', by: 1, ids });
		expect(state.selectedId).toBe('b');
		state = listReducer(state, { type: 'move', by: 10, ids });
		expect(state.selectedId).toBe('c');
		expect(selectionIndex(state, ['c', 'a', 'b'])).toBe(0);
		// The selected container vanished: the cursor stays on the same row number, clamped.
		expect(selectionIndex(state, ['a', 'b'])).toBe(1);
	});

	it('edits and clears the filter', () => {
		let state = listReducer(initialListState, { type: 'filter-start' });
		state = listReducer(state, { type: 'filter-input', text: 'we' });
		state = listReducer(state, { type: 'filter-input', text: 'bx' });
		state = listReducer(state, { type: 'filter-backspace' });
		expect(state).toMatchObject({ filter: 'web', editingFilter: true });
		expect(listReducer(state, { type: 'filter-commit' })).toMatchObject({
			filter: 'web',
			editingFilter: false,
		});
		expect(listReducer(state, { type: 'filter-clear' })).toMatchObject({ filter: '', editingFilter: false });
	});
});

describe('keymap', () => {
	// The help overlay and footer show these key names: each must really trigger its command.
	const press: Record<string, [string, Record<string, boolean>]> = {
		'↑': ['', { upArrow: true }],
		'↓': ['', { downArrow: true }],
		PgUp: ['', { pageUp: true }],
		PgDn: ['', { pageDown: true }],
		Home: ['', { home: true }],
		End: ['', { end: true }],
		Esc: ['', { escape: true }],
		Enter: ['', { return: true }],
		Tab: ['', { tab: true }],
		'Ctrl-C': ['c', { ctrl: true }],
	};

	it('every documented key triggers its command, and unknown keys do nothing', () => {
		for (const [id, command] of Object.entries(commands)) {
			expect(command.description).not.toBe('');
			if ('local' in command) continue;
			for (const name of command.keys) {
				const [input, flags] = press[name] ?? [name, {}];
				expect(commandFor(input, key(flags)), `${name} should mean ${id}`).toBe(id);
			}
		}
		expect(commandFor('Z', key())).toBeUndefined();
	});
});

import { describe, expect, it } from 'vitest';
import {
	bindingFor,
	bindingsOf,
	type CommandId,
	commands,
	keyMatches,
	viewCommands,
} from '../../src/ui/keymap.js';
import { PANES } from '../../src/ui/panes/index.js';
import { activeBindings, footerOf } from '../../src/ui/state/active-keys.js';
import {
	type ConsoleState,
	initialConsoleState,
	type KeyContext,
	reduceKey,
	type Transition,
} from '../../src/ui/state/console-state.js';
import { paneBindings } from '../../src/ui/state/details-view.js';
import {
	initialListState,
	reduceFilterKey,
	reduceListCommand,
	selectionIndex,
} from '../../src/ui/state/list-view.js';
import { key } from '../helpers/keys.js';
import { makeRow } from '../helpers/list-source.js';

/** How a key name is typed: the input and flags Ink reports for it. */
const PRESS: Record<string, [string, Record<string, boolean>]> = {
	'↑': ['', { upArrow: true }],
	'↓': ['', { downArrow: true }],
	'←': ['', { leftArrow: true }],
	'→': ['', { rightArrow: true }],
	PgUp: ['', { pageUp: true }],
	PgDn: ['', { pageDown: true }],
	Home: ['', { home: true }],
	End: ['', { end: true }],
	Esc: ['', { escape: true }],
	Enter: ['', { return: true }],
	Tab: ['', { tab: true }],
	Space: [' ', {}],
	'Ctrl-C': ['c', { ctrl: true }],
};
const typed = (name: string) => {
	const [input, flags] = PRESS[name] ?? [name, {}];
	return { input, flags: key(flags) };
};

const rows = ['web', 'db', 'cache'].map((name) =>
	makeRow({ name, id: `${name}-id`, image: `shop/${name}:1` }),
);
const context: KeyContext = {
	rows,
	page: 10,
	readOnly: false,
	fixAvailable: true,
	servicesAvailable: true,
	serviceCount: 3,
	help: { count: 40, window: 10 },
};

/** Types keys (names as the help shows them, or text) one after the other, collecting the effects. */
function press(
	names: readonly string[],
	state: ConsoleState = initialConsoleState,
	over: Partial<KeyContext> = {},
) {
	let current: Transition = { state, effects: [] };
	const effects = [];
	for (const name of names) {
		const { input, flags } = typed(name);
		current = reduceKey(current.state, input, flags, { ...context, ...over });
		effects.push(...current.effects);
	}
	return { state: current.state, effects };
}

describe('keymap', () => {
	const views: ConsoleState[] = [
		initialConsoleState,
		{ ...initialConsoleState, view: 'details' },
		{ ...initialConsoleState, view: 'diagnosis' },
		{ ...initialConsoleState, view: 'services' },
		{ ...initialConsoleState, help: { open: true, scroll: 0 } },
		...PANES.map((p) => ({
			...initialConsoleState,
			view: 'details' as const,
			details: { ...initialConsoleState.details, pane: p.id },
		})),
	];

	it('every key a view shows triggers its command there, and no two commands of a view share a key', () => {
		for (const state of views) {
			const bindings = activeBindings(state, context);
			expect(bindings.length).toBeGreaterThan(2);
			for (const binding of bindings)
				for (const name of binding.keys) {
					const { input, flags } = typed(name);
					expect(bindingFor(bindings, input, flags)?.id, `${name} in ${state.view}`).toBe(binding.id);
				}
			const { input, flags } = typed('Z');
			expect(bindingFor(bindings, input, flags)).toBeUndefined();
		}
	});

	it('every command is taken by some view (a command no view takes would be a dead line in the help)', () => {
		const taken = new Set<string>([
			...Object.values(viewCommands).flat(),
			...PANES.flatMap((p) => (p.bindings ?? []).map((b) => b.id)),
		]);
		for (const id of Object.keys(commands)) expect(taken, id).toContain(id);
		expect(paneBindings.map((b) => b.keys[0])).toEqual(PANES.map((p) => p.key));
	});

	it('--read-only drops every changing command, in one place, from the keys and the footer', () => {
		const changing = (Object.keys(commands) as CommandId[]).filter((id) => 'changes' in commands[id]);
		expect(changing).toEqual(expect.arrayContaining(['container.actions', 'diagnose.apply']));
		const all = bindingsOf(Object.keys(commands) as CommandId[], [], true).map((b) => b.id);
		for (const id of changing) expect(all).not.toContain(id);
		const details = { ...initialConsoleState, view: 'details' as const };
		expect(footerOf(details, context).map((h) => h.label)).toContain('diagnose');
		const readOnlyDiagnosis = { ...initialConsoleState, view: 'diagnosis' as const };
		expect(footerOf(readOnlyDiagnosis, { ...context, readOnly: true }).map((h) => h.label)).not.toContain(
			'apply the fix',
		);
		expect(press(['x'], initialConsoleState, { readOnly: true }).state.prompt).toBeNull();
		expect(press(['x']).state.prompt?.target.name).toBe('cache');
	});

	it('the footer shows each view its own keys, the diagnosis its fix only when there is one', () => {
		const diagnosis = { ...initialConsoleState, view: 'diagnosis' as const };
		const labels = (state: ConsoleState, over: Partial<KeyContext> = {}) =>
			footerOf(state, { ...context, ...over }).map((h) => `${h.keys} ${h.label}`);
		expect(labels(diagnosis)).toEqual(
			expect.arrayContaining(['Enter next step', 'e show all', 'f apply the fix']),
		);
		expect(labels(diagnosis, { fixAvailable: false })).not.toContain('f apply the fix');
		expect(labels(initialConsoleState)).toEqual(
			expect.arrayContaining(['↑↓/jk move', '/ filter', 'd diagnose']),
		);
		const logs = {
			...initialConsoleState,
			view: 'details' as const,
			details: { ...initialConsoleState.details, pane: 'logs' },
		};
		expect(labels(logs)).toEqual(expect.arrayContaining(['1-6/Tab panes', 'PgUp/PgDn G scroll logs']));
		expect(labels({ ...logs, details: { ...logs.details, pane: 'stats' } })).not.toContain(
			'PgUp/PgDn G scroll logs',
		);
		expect(keyMatches('Space', ' ', key())).toBe(true);
	});
});

describe('console state', () => {
	it('moves the selection within bounds and follows the container when rows reorder', () => {
		const ids = ['a', 'b', 'c'];
		let list = reduceListCommand(initialListState, 'nav.down', ids, 10) ?? initialListState;
		expect(list.selectedId).toBe('b');
		list = reduceListCommand(list, 'nav.pageDown', ids, 10) ?? list;
		expect(list.selectedId).toBe('c');
		expect(selectionIndex(list, ['c', 'a', 'b'])).toBe(0);
		// The selected container vanished: the cursor stays on the same row number, clamped.
		expect(selectionIndex(list, ['a', 'b'])).toBe(1);
	});

	it('a burst of keys acts on what the earlier keys left: "/we", Enter, "d" diagnoses web', () => {
		const { state, effects } = press(['/', 'w', 'e', 'Enter', 'd']);
		expect(state.list.filter).toBe('we');
		expect(state.view).toBe('diagnosis');
		expect(effects).toEqual([{ type: 'diagnose', target: { id: 'web-id', name: 'web' } }]);
		// Control characters never enter the filter.
		const edited = reduceFilterKey({ ...initialListState, editingFilter: true }, '\u0007', key(), []);
		expect(edited.filter).toBe('');
	});

	it('an action runs once, on y, and never on another key', () => {
		expect(press(['x', 'r', 'n']).effects).toEqual([]);
		const confirmed = press(['x', 'r', 'y']);
		expect(confirmed.effects).toEqual([
			{ type: 'act', target: { id: 'cache-id', name: 'cache' }, action: 'restart' },
		]);
		expect(confirmed.state.prompt).toBeNull();
		// Removing the container whose details are open goes back to the list.
		expect(press(['Enter', 'x', 'D', 'y']).state.view).toBe('list');
	});

	it('a fix is applied only after y, and only when one is offered', () => {
		const walk = press(['d']).state;
		expect(press(['f', 'y'], walk).effects).toEqual([
			{ type: 'apply-fix', target: { id: 'cache-id', name: 'cache' } },
		]);
		expect(press(['f', 'n'], walk).effects).toEqual([]);
		expect(press(['f', 'y'], walk, { fixAvailable: false }).effects).toEqual([]);
	});

	it('the logs pane takes its own keys; Esc clears a search before it leaves the details', () => {
		let { state } = press(['Enter', '2', '/', 'e', 'r', 'r', 'Enter', 't', 'PgUp']);
		const logs = state.details.panes.logs as { search: string; timestamps: boolean; scroll: number };
		expect(logs).toMatchObject({ search: 'err', timestamps: true, scroll: 8 });
		state = press(['Esc'], state).state;
		expect(state.view).toBe('details');
		expect((state.details.panes.logs as { search: string }).search).toBe('');
		expect(press(['Esc'], state).state.view).toBe('list');
		// Switching away and back follows the tail again, keeping the timestamps.
		const back = press(['1', '2'], press(['Enter', '2', 't', 'k'], initialConsoleState).state).state;
		expect(back.details.panes.logs).toMatchObject({ scroll: 0, timestamps: true });
	});

	it('the logs pane filters by level, expands, picks a window, merges; Esc folds, then clears the filters', () => {
		const logs = (keys: string[], from = initialConsoleState) =>
			press(keys, from).state.details.panes.logs as Record<string, unknown>;
		expect(logs(['Enter', '2', 'e'])).toMatchObject({ floor: 'error' });
		expect(logs(['Enter', '2', 'e', 'W'])).toMatchObject({ floor: 'warn' });
		expect(logs(['Enter', '2', 'W', 'W'])).toMatchObject({ floor: null });
		expect(logs(['Enter', '2', 'T', 'T'])).toMatchObject({ window: '1h' });
		expect(logs(['Enter', '2', 'T', 'T', 'T', 'T'])).toMatchObject({ window: 'kept' });
		expect(logs(['Enter', '2', 'M'])).toMatchObject({ merged: true });
		expect(logs(['Enter', '2', 's', 's', 'y'])).toMatchObject({ saves: 2, copies: 1 });
		const expanded = press(['Enter', '2', 'e', 'Enter']).state;
		expect(expanded.details.panes.logs).toMatchObject({ expanded: true, floor: 'error' });
		const folded = press(['Esc'], expanded).state;
		expect(folded.details.panes.logs).toMatchObject({ expanded: false, floor: 'error' });
		const cleared = press(['Esc'], folded).state;
		expect([cleared.view, (cleared.details.panes.logs as { floor: unknown }).floor]).toEqual([
			'details',
			null,
		]);
		expect(press(['Esc'], cleared).state.view).toBe('list');
	});

	it('help covers the view: movement scrolls it, other keys do nothing, Esc closes it', () => {
		const { state } = press(['?', 'j', 'j', 'd', 'G']);
		expect(state.help).toEqual({ open: true, scroll: 30 });
		expect(state.view).toBe('list');
		expect(press(['Esc'], state).state.help.open).toBe(false);
		expect(press(['q'], state).effects).toEqual([{ type: 'quit' }]);
	});

	it('the services view moves within its services and asks to diagnose the selected one', () => {
		const { state, effects } = press(['S', 'j', 'j', 'j', 'd']);
		expect(state.services.selected).toBe(2);
		expect(effects).toEqual([{ type: 'diagnose-service', index: 2 }]);
		expect(press(['S'], state).state.view).toBe('list');
		expect(press(['S'], initialConsoleState, { servicesAvailable: false }).state.view).toBe('list');
	});

	it('Ctrl-C quits from anywhere, even while typing a filter', () => {
		expect(press(['/', 'w', 'Ctrl-C']).effects).toEqual([{ type: 'quit' }]);
	});
});

describe('Compose projects in the list', () => {
	const labels = (project: string, service: string) => ({
		'com.docker.compose.project': project,
		'com.docker.compose.service': service,
	});
	const composeRows = [
		makeRow({ name: 'shop_web_1', id: 'web', labels: labels('shop', 'web'), state: 'exited', exitCode: 1 }),
		makeRow({ name: 'shop_db_1', id: 'db', labels: labels('shop', 'db') }),
		makeRow({ name: 'solo', id: 'solo' }),
	];

	it('Enter or c on a project collapses it; d on a project diagnoses where its trouble starts', () => {
		// The cursor starts on the first container, past the project's header: Enter opens it.
		expect(press(['Enter'], initialConsoleState, { rows: composeRows }).state.view).toBe('details');
		const collapsed = press(['k', 'Enter'], initialConsoleState, { rows: composeRows }).state;
		expect(collapsed.list.collapsed).toEqual(['project:/shop']);
		expect(collapsed.view).toBe('list');
		expect(press(['c'], collapsed, { rows: composeRows }).state.list.collapsed).toEqual([]);
		const diagnosed = press(['k', 'd'], initialConsoleState, { rows: composeRows });
		expect(diagnosed.effects).toEqual([{ type: 'diagnose', target: { id: 'web', name: 'shop_web_1' } }]);
		// c on a container collapses its project and leaves the cursor on the project's header.
		const fromRow = press(['c'], initialConsoleState, { rows: composeRows }).state;
		expect(fromRow.list).toMatchObject({ collapsed: ['project:/shop'], selectedId: 'project:/shop' });
		expect(press(['P'], initialConsoleState, { rows: composeRows }).state.list.projectsOnly).toBe(true);
	});
});

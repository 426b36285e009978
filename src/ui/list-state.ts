import type { Key } from 'ink';
import { type ListView, nextSortKey } from '../model/container-list.js';
import { type CommandId, commandFor } from './keymap.js';

/** Everything the list view remembers between frames. */
export type ListState = ListView & {
	/** Selected container id; kept across updates so the cursor follows the container, not the row number. */
	readonly selectedId: string | null;
	/** Row the cursor was on, used when the selected container leaves the view. */
	readonly selectedIndex: number;
	readonly editingFilter: boolean;
	readonly helpOpen: boolean;
	/** Set by the quit command; the app exits when it sees it. */
	readonly quitRequested: boolean;
};

export type ListAction =
	| { readonly type: 'move'; readonly by: number; readonly ids: readonly string[] }
	| { readonly type: 'jump'; readonly to: 'top' | 'bottom'; readonly ids: readonly string[] }
	| { readonly type: 'toggle-all' }
	| { readonly type: 'next-sort' }
	| { readonly type: 'filter-start' }
	| { readonly type: 'filter-input'; readonly text: string }
	| { readonly type: 'filter-backspace' }
	| { readonly type: 'filter-commit' }
	| { readonly type: 'filter-clear' }
	| { readonly type: 'toggle-help' }
	| { readonly type: 'close-help' }
	| { readonly type: 'quit' }
	/** A raw keypress, interpreted against the state at the moment it is reduced (not at render time). */
	| {
			readonly type: 'key';
			readonly input: string;
			readonly key: Key;
			readonly ids: readonly string[];
			readonly page: number;
	  };

export const initialListState: ListState = {
	showAll: true,
	filter: '',
	sort: 'state',
	selectedId: null,
	selectedIndex: 0,
	editingFilter: false,
	helpOpen: false,
	quitRequested: false,
};

/** Index of the selection within the shown ids: the selected container if present, else the remembered row. */
export function selectionIndex(state: ListState, ids: readonly string[]): number {
	if (ids.length === 0) return -1;
	const found = state.selectedId === null ? -1 : ids.indexOf(state.selectedId);
	return found >= 0 ? found : Math.min(state.selectedIndex, ids.length - 1);
}

export function listReducer(state: ListState, action: ListAction): ListState {
	switch (action.type) {
		case 'move': {
			if (action.ids.length === 0) return state;
			const index = Math.max(
				0,
				Math.min(action.ids.length - 1, selectionIndex(state, action.ids) + action.by),
			);
			return { ...state, selectedIndex: index, selectedId: action.ids[index] ?? null };
		}
		case 'jump': {
			if (action.ids.length === 0) return state;
			const index = action.to === 'top' ? 0 : action.ids.length - 1;
			return { ...state, selectedIndex: index, selectedId: action.ids[index] ?? null };
		}
		case 'toggle-all':
			return { ...state, showAll: !state.showAll };
		case 'next-sort':
			return { ...state, sort: nextSortKey(state.sort) };
		case 'filter-start':
			return { ...state, editingFilter: true };
		case 'filter-input':
			return { ...state, filter: state.filter + action.text };
		case 'filter-backspace':
			return { ...state, filter: state.filter.slice(0, -1) };
		case 'filter-commit':
			return { ...state, editingFilter: false };
		case 'filter-clear':
			return { ...state, editingFilter: false, filter: '' };
		case 'toggle-help':
			return { ...state, helpOpen: !state.helpOpen };
		case 'close-help':
			return { ...state, helpOpen: false };
		case 'quit':
			return { ...state, quitRequested: true };
		case 'key':
			return reduceKey(state, action);
		default:
			return checkExhaustive(action);
	}
}

function reduceKey(state: ListState, action: Extract<ListAction, { type: 'key' }>): ListState {
	const { input, key, ids } = action;
	if (state.editingFilter) {
		if (key.escape) return listReducer(state, { type: 'filter-clear' });
		if (key.return) return listReducer(state, { type: 'filter-commit' });
		if (key.backspace || key.delete) return listReducer(state, { type: 'filter-backspace' });
		if (key.upArrow) return listReducer(state, { type: 'move', by: -1, ids });
		if (key.downArrow) return listReducer(state, { type: 'move', by: 1, ids });
		if (key.ctrl && input === 'c') return listReducer(state, { type: 'quit' });
		if (input && !key.ctrl && !key.meta) return listReducer(state, { type: 'filter-input', text: input });
		return state;
	}
	const command = commandFor(input, key);
	const next = command && listActionFor(command, { ids, page: action.page, helpOpen: state.helpOpen });
	return next ? listReducer(state, next) : state;
}

/** The list action a command means in the current view, or undefined when it means nothing here. */
export function listActionFor(
	command: CommandId,
	context: { readonly ids: readonly string[]; readonly page: number; readonly helpOpen: boolean },
): ListAction | undefined {
	const { ids, page } = context;
	switch (command) {
		case 'nav.up':
			return { type: 'move', by: -1, ids };
		case 'nav.down':
			return { type: 'move', by: 1, ids };
		case 'nav.pageUp':
			return { type: 'move', by: -page, ids };
		case 'nav.pageDown':
			return { type: 'move', by: page, ids };
		case 'nav.top':
			return { type: 'jump', to: 'top', ids };
		case 'nav.bottom':
			return { type: 'jump', to: 'bottom', ids };
		case 'list.filter':
			return { type: 'filter-start' };
		case 'list.toggleAll':
			return { type: 'toggle-all' };
		case 'list.sort':
			return { type: 'next-sort' };
		case 'app.help':
			return { type: 'toggle-help' };
		case 'app.back':
			return context.helpOpen ? { type: 'close-help' } : { type: 'filter-clear' };
		case 'app.quit':
			return { type: 'quit' };
	}
}

function checkExhaustive(value: never): never {
	throw new Error(`unhandled action ${JSON.stringify(value)}`);
}

import type { Key } from 'ink';
import { type ContainerRow, type ListView, nextSortKey, visibleRows } from '../model/container-list.js';
import { actionForKey, type ContainerAction } from './actions.js';
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
	/** The list, one container's details, or a diagnosis walk of one container. */
	readonly view: 'list' | 'details' | 'diagnosis' | 'services';
	/** Container whose details are open. */
	readonly detailsTarget: { readonly id: string; readonly name: string } | null;
	readonly pane: Pane;
	/** Log lines scrolled up from the newest; 0 follows the tail. */
	readonly logScroll: number;
	/** How the logs pane shows lines: search (highlight, n/N), filter, timestamps, wrap. */
	readonly logView: LogView;
	/** Which inspect table is shown (← → switch); they do not all fit on 24 lines. */
	readonly inspectSection: number;
	/** The action menu: choosing (no action yet), confirming one, or closed (null). */
	readonly actionPrompt: {
		readonly id: string;
		readonly name: string;
		readonly action: ContainerAction | null;
	} | null;
	/** Incremented for every confirmed action, so the app runs exactly one per confirmation. */
	readonly actionRun: number;
	readonly lastAction: {
		readonly id: string;
		readonly name: string;
		readonly action: ContainerAction;
	} | null;
	readonly diagnosisTarget: { readonly id: string; readonly name: string } | null;
	/** Incremented for every diagnosis started, so the app starts exactly one run per request. */
	readonly diagnosisRun: number;
	/** Steps revealed so far in the walk (Enter reveals one more; e reveals all). */
	readonly revealed: number;
	/** Asking "apply this fix?"; y confirms, anything else cancels. */
	readonly confirmingFix: boolean;
	/** Incremented for every confirmed fix, so the app applies exactly one per confirmation. */
	readonly fixRun: number;
};

export const PANES = ['stats', 'logs', 'inspect'] as const;

export type LogView = {
	readonly search: string;
	/** Typing the search. */
	readonly editing: boolean;
	/** Only lines that match the search. */
	readonly filter: boolean;
	readonly timestamps: boolean;
	readonly wrap: boolean;
	/** Which match n/N moved to, counted back from the newest (0: the newest). */
	readonly match: number;
};
export type Pane = (typeof PANES)[number];

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
	| { readonly type: 'diagnose'; readonly id: string; readonly name: string }
	| { readonly type: 'diagnosis-next' }
	| { readonly type: 'diagnosis-all' }
	| { readonly type: 'back' }
	| { readonly type: 'open'; readonly id: string; readonly name: string }
	| { readonly type: 'pane'; readonly pane: Pane }
	| { readonly type: 'scroll-logs'; readonly by: number; readonly to?: 'tail' }
	/** A raw keypress, interpreted against the state at the moment it is reduced (not at render time). */
	| {
			readonly type: 'key';
			readonly input: string;
			readonly key: Key;
			/**
			 * Every container. The rows on screen are derived from it against the state this key is
			 * reduced with, so keys typed in one burst ("/web", Enter, "x") act on what the earlier
			 * keys of the burst left on screen, never on a stale list.
			 */
			readonly rows: readonly ContainerRow[];
			readonly page: number;
			/** Whether the diagnosis on screen offers a fix that may be applied. */
			readonly fixAvailable?: boolean;
			/** Whether container actions are offered (not with --read-only). */
			readonly actionsAvailable?: boolean;
			/** Whether the Swarm services view can open (S). */
			readonly servicesAvailable?: boolean;
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
	view: 'list',
	detailsTarget: null,
	pane: 'stats',
	logScroll: 0,
	logView: { search: '', editing: false, filter: false, timestamps: false, wrap: false, match: 0 },
	inspectSection: 0,
	actionPrompt: null,
	actionRun: 0,
	lastAction: null,
	diagnosisTarget: null,
	diagnosisRun: 0,
	revealed: 0,
	confirmingFix: false,
	fixRun: 0,
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
		case 'diagnose':
			return {
				...state,
				view: 'diagnosis',
				diagnosisTarget: { id: action.id, name: action.name },
				diagnosisRun: state.diagnosisRun + 1,
				revealed: 1,
			};
		case 'diagnosis-next':
			return { ...state, revealed: state.revealed + 1 };
		case 'diagnosis-all':
			return { ...state, revealed: Number.POSITIVE_INFINITY };
		case 'back':
			return state.view === 'list' ? state : { ...state, view: 'list' };
		case 'open':
			return { ...state, view: 'details', detailsTarget: { id: action.id, name: action.name }, logScroll: 0 };
		case 'pane':
			return { ...state, pane: action.pane, logScroll: 0 };
		case 'scroll-logs':
			return { ...state, logScroll: action.to === 'tail' ? 0 : Math.max(0, state.logScroll + action.by) };
		case 'key':
			return reduceKey(state, action);
		default:
			return checkExhaustive(action);
	}
}

function reduceKey(state: ListState, action: Extract<ListAction, { type: 'key' }>): ListState {
	const { input, key } = action;
	const visible = visibleRows(action.rows, state);
	const ids = visible.map((r) => r.id);
	// With several engines, titles and prompts say which host: "Restart edge/web?".
	const nameOf = (id: string) => {
		const row = visible.find((r) => r.id === id);
		return row ? (row.host ? `${row.host}/${row.name}` : row.name) : id;
	};
	if (state.actionPrompt) return reduceActionKey(state, input, key);
	if (state.helpOpen) {
		// Help covers the view: it closes with ? or Esc, q still quits, other keys would act unseen.
		const command = commandFor(input, key);
		if (command === 'app.help' || command === 'app.back') return listReducer(state, { type: 'close-help' });
		return command === 'app.quit' ? listReducer(state, { type: 'quit' }) : state;
	}
	if (state.view === 'diagnosis') {
		if (state.confirmingFix) {
			return input === 'y' || input === 'Y'
				? { ...state, confirmingFix: false, fixRun: state.fixRun + 1 }
				: { ...state, confirmingFix: false };
		}
		const command = commandFor(input, key);
		if (command === 'diagnose.apply') return action.fixAvailable ? { ...state, confirmingFix: true } : state;
		if (command === 'app.enter' || input === ' ') return listReducer(state, { type: 'diagnosis-next' });
		if (command === 'diagnose.all') return listReducer(state, { type: 'diagnosis-all' });
		if (command === 'app.back') return listReducer(state, { type: 'back' });
		if (command === 'app.quit') return listReducer(state, { type: 'quit' });
		if (command === 'app.help') return listReducer(state, { type: 'toggle-help' });
		return state;
	}
	if (state.view === 'details') return reduceDetailsKey(state, action);
	if (state.view === 'services') {
		// The services view moves its own selection and starts its diagnoses; here: leave, help, quit.
		const command = commandFor(input, key);
		if (command === 'app.back' || command === 'swarm.services') return { ...state, view: 'list' };
		if (command === 'app.help') return listReducer(state, { type: 'toggle-help' });
		return command === 'app.quit' ? listReducer(state, { type: 'quit' }) : state;
	}
	if (state.editingFilter) {
		if (key.escape) return listReducer(state, { type: 'filter-clear' });
		if (key.return) return listReducer(state, { type: 'filter-commit' });
		if (key.backspace || key.delete) return listReducer(state, { type: 'filter-backspace' });
		if (key.upArrow) return listReducer(state, { type: 'move', by: -1, ids });
		if (key.downArrow) return listReducer(state, { type: 'move', by: 1, ids });
		if (key.ctrl && input === 'c') return listReducer(state, { type: 'quit' });
		// Control characters never enter the filter (they would move the cursor when echoed).
		if (input && !key.ctrl && !key.meta && ![...input].some((c) => c < ' ' || c === '\u007F'))
			return listReducer(state, { type: 'filter-input', text: input });
		return state;
	}
	const command = commandFor(input, key);
	if (command === 'app.enter') {
		const id = ids[selectionIndex(state, ids)];
		return id ? listReducer(state, { type: 'open', id, name: nameOf(id) }) : state;
	}
	if (command === 'container.actions') {
		const id = ids[selectionIndex(state, ids)];
		return id && action.actionsAvailable
			? { ...state, actionPrompt: { id, name: nameOf(id), action: null } }
			: state;
	}
	if (command === 'swarm.services') return action.servicesAvailable ? { ...state, view: 'services' } : state;
	if (command === 'diagnose.start') {
		const id = ids[selectionIndex(state, ids)];
		return id ? listReducer(state, { type: 'diagnose', id, name: nameOf(id) }) : state;
	}
	const next = command && listActionFor(command, { ids, page: action.page });
	return next ? listReducer(state, next) : state;
}

/** In the action menu: a letter picks an action, y confirms it, anything else cancels. */
function reduceActionKey(state: ListState, input: string, key: Key): ListState {
	const prompt = state.actionPrompt;
	if (!prompt || key.escape) return { ...state, actionPrompt: null };
	if (prompt.action === null) {
		const chosen = actionForKey(input);
		return chosen
			? { ...state, actionPrompt: { ...prompt, action: chosen } }
			: { ...state, actionPrompt: null };
	}
	if (input === 'y' || input === 'Y') {
		return {
			...state,
			actionPrompt: null,
			actionRun: state.actionRun + 1,
			lastAction: { id: prompt.id, name: prompt.name, action: prompt.action },
			// A removed container has no details left to show.
			view: prompt.action === 'remove' && state.view === 'details' ? 'list' : state.view,
		};
	}
	return { ...state, actionPrompt: null };
}

function reduceDetailsKey(state: ListState, action: Extract<ListAction, { type: 'key' }>): ListState {
	const { input, key } = action;
	const view = state.logView;
	const setView = (next: Partial<LogView>): ListState => ({ ...state, logView: { ...view, ...next } });
	if (state.pane === 'logs' && view.editing) {
		if (key.escape) return setView({ editing: false, search: '', filter: false, match: 0 });
		if (key.return) return setView({ editing: false, match: 0 });
		if (key.backspace || key.delete) return setView({ search: view.search.slice(0, -1) });
		if (input && !key.ctrl && !key.meta && ![...input].some((c) => c < ' ' || c === '\u007F'))
			return setView({ search: view.search + input });
		return state;
	}
	if (state.pane === 'logs') {
		if (input === '/') return setView({ editing: true, search: '' });
		if (input === 'n' && view.search) return setView({ match: view.match + 1 });
		if (input === 'N' && view.search) return setView({ match: Math.max(0, view.match - 1) });
		if (input === 'F' && view.search) return { ...setView({ filter: !view.filter }), logScroll: 0 };
		if (input === 't') return setView({ timestamps: !view.timestamps });
		if (input === 'w') return setView({ wrap: !view.wrap });
		if (key.escape && view.search) return setView({ search: '', filter: false, match: 0 });
	}
	const command = commandFor(input, key);
	const page = Math.max(1, action.page - 2);
	switch (command) {
		case 'pane.stats':
			return listReducer(state, { type: 'pane', pane: 'stats' });
		case 'pane.logs':
			return listReducer(state, { type: 'pane', pane: 'logs' });
		case 'pane.inspect':
			return listReducer(state, { type: 'pane', pane: 'inspect' });
		case 'pane.next':
			return listReducer(state, {
				type: 'pane',
				pane: PANES[(PANES.indexOf(state.pane) + 1) % PANES.length] ?? 'stats',
			});
		case 'app.back':
			return listReducer(state, { type: 'back' });
		case 'app.quit':
			return listReducer(state, { type: 'quit' });
		case 'diagnose.start':
			return state.detailsTarget ? listReducer(state, { type: 'diagnose', ...state.detailsTarget }) : state;
		case 'container.actions':
			return state.detailsTarget && action.actionsAvailable
				? { ...state, actionPrompt: { ...state.detailsTarget, action: null } }
				: state;
		case 'app.help':
			return listReducer(state, { type: 'toggle-help' });
		default:
			break;
	}
	if (state.pane === 'inspect') {
		if (action.key.rightArrow || action.input === 'l')
			return { ...state, inspectSection: state.inspectSection + 1 };
		if (action.key.leftArrow || action.input === 'h')
			return { ...state, inspectSection: Math.max(0, state.inspectSection - 1) };
		return state;
	}
	if (state.pane !== 'logs') return state;
	if (command === 'nav.pageUp') return listReducer(state, { type: 'scroll-logs', by: page });
	if (command === 'nav.pageDown') return listReducer(state, { type: 'scroll-logs', by: -page });
	if (command === 'nav.up') return listReducer(state, { type: 'scroll-logs', by: 1 });
	if (command === 'nav.down') return listReducer(state, { type: 'scroll-logs', by: -1 });
	if (command === 'nav.top')
		return listReducer(state, { type: 'scroll-logs', by: Number.MAX_SAFE_INTEGER / 2 });
	if (command === 'nav.bottom') return listReducer(state, { type: 'scroll-logs', by: 0, to: 'tail' });
	return state;
}

/** The list action a command means in the current view, or undefined when it means nothing here. */
export function listActionFor(
	command: CommandId,
	context: { readonly ids: readonly string[]; readonly page: number },
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
			// Open help never gets here: reduceKey closes it first.
			return { type: 'filter-clear' };
		case 'app.quit':
			return { type: 'quit' };
		case 'diagnose.start':
		case 'app.enter':
		case 'pane.stats':
		case 'pane.logs':
		case 'pane.inspect':
		case 'pane.next':
		case 'diagnose.all':
		case 'diagnose.apply':
		case 'container.actions':
			return undefined;
	}
}

function checkExhaustive(value: never): never {
	throw new Error(`unhandled action ${JSON.stringify(value)}`);
}

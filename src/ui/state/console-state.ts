import type { Key } from 'ink';
import type { ContainerRow } from '../../model/container-list.js';
import { type ListLine, listLines, troubleStart } from '../../model/list-lines.js';
import { actionForKey, type ContainerAction } from '../actions.js';
import { bindingFor } from '../keymap.js';
import { activeBindings } from './active-keys.js';
import {
	type DetailsState,
	detailsTyping,
	initialDetailsState,
	openDetails,
	reduceDetailsCommand,
	reduceDetailsText,
} from './details-view.js';
import {
	firstContainer,
	initialListState,
	type ListState,
	reduceFilterKey,
	reduceListCommand,
	selectionIndex,
	toggleGroup,
} from './list-view.js';
import { moveCursor, stepOf } from './navigation.js';

export type Target = { readonly id: string; readonly name: string };

/** The whole console's state: which view is shown, and each view's own state. */
export type ConsoleState = {
	readonly view: 'list' | 'details' | 'diagnosis' | 'services';
	/** Help covers the view; scrolls when taller than the screen. */
	readonly help: { readonly open: boolean; readonly scroll: number };
	readonly list: ListState;
	readonly details: DetailsState;
	readonly diagnosis: {
		readonly target: Target | null;
		/** Steps revealed so far in the walk (Enter reveals one more; e reveals all). */
		readonly revealed: number;
		/** Asking "apply this fix?"; y confirms, anything else cancels. */
		readonly confirmingFix: boolean;
	};
	readonly services: { readonly selected: number };
	/** The action menu: choosing (no action yet), confirming one, or closed (null). */
	readonly prompt: { readonly target: Target; readonly action: ContainerAction | null } | null;
};

/** What a key asks the world to do; the console's feature hooks carry it out, once per effect. */
export type Effect =
	| { readonly type: 'quit' }
	| { readonly type: 'diagnose'; readonly target: Target; readonly afterFix?: boolean }
	| { readonly type: 'act'; readonly target: Target; readonly action: ContainerAction }
	| { readonly type: 'apply-fix'; readonly target: Target }
	| { readonly type: 'diagnose-service'; readonly index: number }
	| { readonly type: 'shell'; readonly target: Target; readonly toolbox?: boolean }
	| { readonly type: 'report'; readonly target: Target };

export type Transition = { readonly state: ConsoleState; readonly effects: readonly Effect[] };

/** What a key is interpreted against, besides the state: read at the moment it is reduced. */
export type KeyContext = {
	/**
	 * Every container. The rows on screen are derived from it against the state each key is reduced
	 * with, so keys typed in one burst ("/web", Enter, "x") act on what the earlier keys left on screen.
	 */
	readonly rows: readonly ContainerRow[];
	/** Rows of the list on screen (a page). */
	readonly page: number;
	/** No binding that changes anything (--read-only). */
	readonly readOnly: boolean;
	readonly fixAvailable: boolean;
	readonly servicesAvailable: boolean;
	readonly serviceCount: number;
	/** Rows of help text and how many fit, for scrolling it. */
	readonly help: { readonly count: number; readonly window: number };
};

export const initialConsoleState: ConsoleState = {
	view: 'list',
	help: { open: false, scroll: 0 },
	list: initialListState,
	details: initialDetailsState,
	diagnosis: { target: null, revealed: 0, confirmingFix: false },
	services: { selected: 0 },
	prompt: null,
};

const stay = (state: ConsoleState): Transition => ({ state, effects: [] });

/** Opens the diagnosis walk of a container and asks for a run. */
export function openDiagnosis(state: ConsoleState, target: Target, afterFix = false): Transition {
	return {
		state: { ...state, view: 'diagnosis', diagnosis: { target, revealed: 1, confirmingFix: false } },
		effects: [{ type: 'diagnose', target, ...(afterFix ? { afterFix } : {}) }],
	};
}

export function reduceKey(state: ConsoleState, input: string, key: Key, context: KeyContext): Transition {
	if (key.ctrl && input === 'c') return { state, effects: [{ type: 'quit' }] };
	if (state.prompt) return reducePromptKey(state, input, key);
	if (state.view === 'diagnosis' && state.diagnosis.confirmingFix && !state.help.open) {
		const diagnosis = { ...state.diagnosis, confirmingFix: false };
		const target = diagnosis.target;
		return (input === 'y' || input === 'Y') && target
			? { state: { ...state, diagnosis }, effects: [{ type: 'apply-fix', target }] }
			: stay({ ...state, diagnosis });
	}
	const lines = listLines(context.rows, state.list);
	const ids = lines.map((l) => l.id);
	if (state.view === 'list' && state.list.editingFilter && !state.help.open)
		return stay({ ...state, list: reduceFilterKey(state.list, input, key, ids) });
	if (state.view === 'details' && detailsTyping(state.details) && !state.help.open)
		return stay({ ...state, details: reduceDetailsText(state.details, input, key) });
	const command = bindingFor(activeBindings(state, context), input, key)?.id;
	if (!command) return stay(state);
	if (command === 'app.quit') return { state, effects: [{ type: 'quit' }] };
	if (command === 'app.help') return stay({ ...state, help: { open: !state.help.open, scroll: 0 } });
	if (state.help.open) {
		if (command === 'app.back') return stay({ ...state, help: { open: false, scroll: 0 } });
		const step = stepOf(command, context.help.window - 1);
		const last = Math.max(0, context.help.count - context.help.window);
		return step === undefined
			? stay(state)
			: stay({ ...state, help: { open: true, scroll: moveCursor(state.help.scroll, step, last + 1) } });
	}
	switch (state.view) {
		case 'list':
			return reduceListKey(state, command, lines, context);
		case 'details':
			return reduceDetailsKey(state, command, context);
		case 'diagnosis':
			return reduceDiagnosisKey(state, command);
		case 'services':
			return reduceServicesKey(state, command, context);
	}
}

/** With several engines, titles and prompts say which host: "Restart edge/web?". */
function targetOf(row: ContainerRow): Target {
	return { id: row.id, name: row.host ? `${row.host}/${row.name}` : row.name };
}

function reduceListKey(
	state: ConsoleState,
	command: string,
	lines: readonly ListLine[],
	context: KeyContext,
): Transition {
	const ids = lines.map((l) => l.id);
	const start = firstContainer(lines);
	const line = lines[selectionIndex(state.list, ids, start)];
	const selected = line?.kind === 'container' ? targetOf(line.row) : null;
	if (command === 'list.collapse' || (command === 'list.open' && line?.kind === 'project'))
		return stay({ ...state, list: toggleGroup(state.list, line) });
	if (command === 'list.open')
		return stay(
			selected ? { ...state, view: 'details', details: openDetails(state.details, selected) } : state,
		);
	if (command === 'diagnose.start') {
		// On a project: the service its trouble starts at, not the ones it takes down with it.
		const start = line?.kind === 'project' ? troubleStart(context.rows, line) : null;
		const target = start ? targetOf(start) : selected;
		return target ? openDiagnosis(state, target) : stay(state);
	}
	if (command === 'container.actions')
		return stay(selected ? { ...state, prompt: { target: selected, action: null } } : state);
	if (command === 'container.shell' && selected)
		return { state, effects: [{ type: 'shell', target: selected }] };
	if (command === 'container.toolbox' && selected)
		return { state, effects: [{ type: 'shell', target: selected, toolbox: true }] };
	if (command === 'container.report' && selected)
		return { state, effects: [{ type: 'report', target: selected }] };
	if (command === 'swarm.services') return stay({ ...state, view: 'services' });
	const list = reduceListCommand(state.list, command, ids, context.page, start);
	return stay(list ? { ...state, list } : state);
}

function reduceDetailsKey(state: ConsoleState, command: string, context: KeyContext): Transition {
	const details = reduceDetailsCommand(state.details, command, context.page);
	if (details) return stay({ ...state, details });
	const target = state.details.target;
	if (command === 'app.back') return stay({ ...state, view: 'list' });
	if (command === 'diagnose.start' && target) return openDiagnosis(state, target);
	if (command === 'container.actions' && target) return stay({ ...state, prompt: { target, action: null } });
	if (command === 'container.shell' && target) return { state, effects: [{ type: 'shell', target }] };
	if (command === 'container.toolbox' && target)
		return { state, effects: [{ type: 'shell', target, toolbox: true }] };
	if (command === 'container.report' && target) return { state, effects: [{ type: 'report', target }] };
	return stay(state);
}

function reduceDiagnosisKey(state: ConsoleState, command: string): Transition {
	const diagnosis = state.diagnosis;
	switch (command) {
		case 'diagnose.next':
			return stay({ ...state, diagnosis: { ...diagnosis, revealed: diagnosis.revealed + 1 } });
		case 'diagnose.all':
			return stay({ ...state, diagnosis: { ...diagnosis, revealed: Number.POSITIVE_INFINITY } });
		case 'diagnose.apply':
			return stay({ ...state, diagnosis: { ...diagnosis, confirmingFix: true } });
		case 'app.back':
			return stay({ ...state, view: 'list' });
		default:
			return stay(state);
	}
}

function reduceServicesKey(state: ConsoleState, command: string, context: KeyContext): Transition {
	if (command === 'app.back' || command === 'swarm.services') return stay({ ...state, view: 'list' });
	if (command === 'services.diagnose')
		return { state, effects: [{ type: 'diagnose-service', index: state.services.selected }] };
	const step = stepOf(command, 1);
	if (step === undefined) return stay(state);
	return stay({
		...state,
		services: { selected: moveCursor(state.services.selected, step, context.serviceCount) },
	});
}

/** In the action menu: a letter picks an action, y confirms it, anything else cancels. */
function reducePromptKey(state: ConsoleState, input: string, key: Key): Transition {
	const prompt = state.prompt;
	if (!prompt || key.escape) return stay({ ...state, prompt: null });
	if (prompt.action === null) {
		const chosen = actionForKey(input);
		return stay({ ...state, prompt: chosen ? { ...prompt, action: chosen } : null });
	}
	if (input !== 'y' && input !== 'Y') return stay({ ...state, prompt: null });
	// A removed container has no details left to show.
	const view = prompt.action === 'remove' && state.view === 'details' ? 'list' : state.view;
	return {
		state: { ...state, prompt: null, view },
		effects: [{ type: 'act', target: prompt.target, action: prompt.action }],
	};
}

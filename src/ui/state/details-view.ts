import type { Key } from 'ink';
import { PANES, paneById } from '../panes/index.js';

/** The details of one container: which pane is shown, and each pane's own state. */
export type DetailsState = {
	readonly target: { readonly id: string; readonly name: string } | null;
	readonly pane: string;
	readonly panes: Readonly<Record<string, unknown>>;
};

export const initialDetailsState: DetailsState = {
	target: null,
	pane: PANES[0]?.id ?? 'stats',
	panes: Object.fromEntries(PANES.map((p) => [p.id, p.initial])),
};

/** Opens the details of a container on the pane last shown. */
export function openDetails(state: DetailsState, target: { id: string; name: string }): DetailsState {
	return showPane({ ...state, target }, state.pane);
}

function showPane(state: DetailsState, id: string): DetailsState {
	const pane = paneById(id);
	const current = state.panes[pane.id] ?? pane.initial;
	return { ...state, pane: pane.id, panes: { ...state.panes, [pane.id]: pane.onShow?.(current) ?? current } };
}

export function paneState(state: DetailsState): unknown {
	const pane = paneById(state.pane);
	return state.panes[pane.id] ?? pane.initial;
}

function withPaneState(state: DetailsState, value: unknown): DetailsState {
	return { ...state, panes: { ...state.panes, [state.pane]: value } };
}

/** Whether the shown pane takes typed text now (a search being typed). */
export function detailsTyping(state: DetailsState): boolean {
	return paneById(state.pane).typing?.(paneState(state)) ?? false;
}

export function reduceDetailsText(state: DetailsState, input: string, key: Key): DetailsState {
	const pane = paneById(state.pane);
	return pane.reduceText ? withPaneState(state, pane.reduceText(paneState(state), input, key)) : state;
}

/** Pane switching, then the shown pane's own commands; undefined when neither takes the command. */
export function reduceDetailsCommand(
	state: DetailsState,
	command: string,
	page: number,
): DetailsState | undefined {
	const byKey = PANES.find((p) => command === `pane.${p.id}`);
	if (byKey) return showPane(state, byKey.id);
	if (command === 'pane.next') {
		const next = PANES[(PANES.findIndex((p) => p.id === state.pane) + 1) % PANES.length];
		return next ? showPane(state, next.id) : state;
	}
	const next = paneById(state.pane).reduce?.(paneState(state), command, page);
	return next === undefined ? undefined : withPaneState(state, next);
}

/** The bindings that open each pane, as the keymap and help show them. */
export const paneBindings = PANES.map((p) => ({
	id: `pane.${p.id}`,
	description: p.description,
	category: 'Details',
	keys: [p.key],
}));

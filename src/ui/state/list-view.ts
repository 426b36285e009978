import type { Key } from 'ink';
import { nextSortKey } from '../../model/container-list.js';
import { type GroupedView, groupId, type ListLine } from '../../model/list-lines.js';
import { moveCursor, stepOf } from './navigation.js';

/** What the container list remembers between frames. */
export type ListState = GroupedView & {
	/** Selected container id; kept across updates so the cursor follows the container, not the row number. */
	readonly selectedId: string | null;
	/** Row the cursor was on, used when the selected container leaves the view. */
	readonly selectedIndex: number;
	readonly editingFilter: boolean;
};

export const initialListState: ListState = {
	showAll: true,
	filter: '',
	sort: 'state',
	selectedId: null,
	selectedIndex: 0,
	editingFilter: false,
	collapsed: [],
	projectsOnly: false,
};

/**
 * Index of the selection within the shown ids: the selected line if present; with nothing chosen yet,
 * `start` (the first container, past a project header); else the remembered row.
 */
export function selectionIndex(state: ListState, ids: readonly string[], start = 0): number {
	if (ids.length === 0) return -1;
	const found = state.selectedId === null ? -1 : ids.indexOf(state.selectedId);
	if (found >= 0) return found;
	return Math.min(state.selectedId === null ? Math.max(0, start) : state.selectedIndex, ids.length - 1);
}

/** The line the selection starts on: the first container, so that Enter opens one even in a grouped list. */
export function firstContainer(lines: readonly ListLine[]): number {
	return lines.findIndex((l) => l.kind === 'container');
}

/** The list's own commands; undefined when the command is not the list's (the root handles it). */
export function reduceListCommand(
	state: ListState,
	command: string,
	shownIds: readonly string[],
	page: number,
	start = 0,
): ListState | undefined {
	const step = stepOf(command, page);
	if (step !== undefined) {
		if (shownIds.length === 0) return state;
		const index = moveCursor(selectionIndex(state, shownIds, start), step, shownIds.length);
		return { ...state, selectedIndex: index, selectedId: shownIds[index] ?? null };
	}
	switch (command) {
		case 'list.filter':
			return { ...state, editingFilter: true };
		case 'list.toggleAll':
			return { ...state, showAll: !state.showAll };
		case 'list.sort':
			return { ...state, sort: nextSortKey(state.sort) };
		case 'list.projectsOnly':
			return { ...state, projectsOnly: !state.projectsOnly };
		case 'app.back':
			return { ...state, filter: '', editingFilter: false };
		default:
			return undefined;
	}
}

/** Collapses or expands the group of the selected line (a project header, or one of its containers). */
export function toggleGroup(state: ListState, line: ListLine | undefined): ListState {
	if (!line) return state;
	const id = line.kind === 'project' ? line.id : groupId(line.row);
	const collapsed = state.collapsed.includes(id)
		? state.collapsed.filter((c) => c !== id)
		: [...state.collapsed, id];
	// The cursor stays on the header of a group it collapses.
	return { ...state, collapsed, selectedId: line.kind === 'project' ? state.selectedId : id };
}

/** While the filter is typed: text goes in, Enter keeps it, Esc clears it, ↑↓ still move. */
export function reduceFilterKey(
	state: ListState,
	input: string,
	key: Key,
	shownIds: readonly string[],
): ListState {
	if (key.escape) return { ...state, editingFilter: false, filter: '' };
	// The cursor goes to the first match, as a search would.
	if (key.return) return { ...state, editingFilter: false, selectedId: null };
	if (key.backspace || key.delete) return { ...state, filter: state.filter.slice(0, -1) };
	if (key.upArrow || key.downArrow)
		return reduceListCommand(state, key.upArrow ? 'nav.up' : 'nav.down', shownIds, 1) ?? state;
	return isText(input, key) ? { ...state, filter: state.filter + input } : state;
}

/** Printable text: control characters never enter a filter or a search (they would move the cursor when echoed). */
export function isText(input: string, key: Key): boolean {
	return Boolean(input) && !key.ctrl && !key.meta && ![...input].some((c) => c < ' ' || c === '\u007F');
}

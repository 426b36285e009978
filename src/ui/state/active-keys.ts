import { footerHints, viewHints } from '../footer-hints.js';
import { type Binding, bindingsOf, type CommandId, viewCommands } from '../keymap.js';
import { PANES, paneById } from '../panes/index.js';
import type { ConsoleState, KeyContext } from './console-state.js';
import { paneBindings } from './details-view.js';

/** The keys the console takes now, in footer order: the one place availability and --read-only apply. */
export function activeBindings(state: ConsoleState, context: Omit<KeyContext, 'rows' | 'page'>): Binding[] {
	if (state.help.open) return bindingsOf(viewCommands.help, [], context.readOnly);
	const ids: readonly CommandId[] = viewCommands[state.view].filter(
		(id) =>
			(id !== 'swarm.services' || context.servicesAvailable) &&
			(id !== 'diagnose.apply' || context.fixAvailable),
	);
	const extra =
		state.view === 'details' ? [...paneBindings, ...(paneById(state.details.pane).bindings ?? [])] : [];
	return bindingsOf(ids, extra, context.readOnly);
}

/** The footer of what is on screen: the view's hints (a details pane's own after the pane keys) that are available. */
export function footerOf(state: ConsoleState, context: Omit<KeyContext, 'rows' | 'page'>) {
	const view = state.help.open ? 'help' : state.view;
	// The tab line names the panes; the footer only says how to switch between them.
	const paneKeys = {
		command: 'pane.next',
		keys: `${PANES[0]?.key}-${PANES.at(-1)?.key}/Tab`,
		label: 'panes',
	};
	const hints =
		view === 'details'
			? [paneKeys, ...(paneById(state.details.pane).hints ?? []), ...viewHints.details]
			: viewHints[view];
	return footerHints(hints, activeBindings(state, context));
}

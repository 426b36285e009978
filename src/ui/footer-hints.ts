import { type Binding, remappedCommands, type ViewId } from './keymap.js';

/** A footer hint: a command's key(s) and a short label. Shown only while the command is available. */
export type Hint = { readonly command: string; readonly label: string; readonly keys?: string };

/** Each view's footer, in order; the rest of its keys are in the help (the footer must fit 80 columns). */
export const viewHints: Record<ViewId, readonly Hint[]> = {
	list: [
		{ command: 'nav.down', keys: '↑↓/jk', label: 'move' },
		{ command: 'list.filter', label: 'filter' },
		{ command: 'list.toggleAll', label: 'all/running' },
		{ command: 'list.sort', label: 'sort' },
		{ command: 'diagnose.start', label: 'diagnose' },
		{ command: 'app.help', label: 'help' },
		{ command: 'app.quit', label: 'quit' },
	],
	details: [
		{ command: 'diagnose.start', label: 'diagnose' },
		{ command: 'app.back', label: 'back' },
		{ command: 'app.quit', label: 'quit' },
	],
	diagnosis: [
		{ command: 'diagnose.next', label: 'next step' },
		{ command: 'diagnose.all', label: 'show all' },
		{ command: 'diagnose.apply', label: 'apply the fix' },
		{ command: 'app.back', label: 'back to the list' },
		{ command: 'app.help', label: 'help' },
		{ command: 'app.quit', label: 'quit' },
	],
	services: [
		{ command: 'nav.down', keys: '↑↓', label: 'select' },
		{ command: 'services.diagnose', label: 'diagnose the service' },
		{ command: 'app.back', keys: 'Esc/S', label: 'back to containers' },
		{ command: 'app.quit', label: 'quit' },
	],
	help: [
		{ command: 'nav.down', keys: '↑↓/jk', label: 'scroll' },
		{ command: 'app.back', label: 'close' },
		{ command: 'app.quit', label: 'quit' },
	],
};

/** The hints whose command is among the bindings, with the keys to show. */
export function footerHints(
	hints: readonly Hint[],
	bindings: readonly Binding[],
): { keys: string; label: string }[] {
	return hints.flatMap((hint) => {
		const binding = bindings.find((b) => b.id === hint.command);
		if (!binding) return [];
		const keys = hint.keys && !remappedCommands.has(hint.command) ? hint.keys : (binding.keys[0] ?? '');
		return [{ keys, label: hint.label }];
	});
}

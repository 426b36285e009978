import type { Key } from 'ink';

/** Every console command, described once: the footer, the help overlay and the docs come from here. */
export const commands = {
	'nav.up': { description: 'Move selection up', category: 'Navigate', keys: ['↑', 'k'] },
	'nav.down': { description: 'Move selection down', category: 'Navigate', keys: ['↓', 'j'] },
	'nav.top': { description: 'Jump to the first container', category: 'Navigate', keys: ['g', 'Home'] },
	'nav.bottom': { description: 'Jump to the last container', category: 'Navigate', keys: ['G', 'End'] },
	'nav.pageUp': { description: 'Page up', category: 'Navigate', keys: ['PgUp'] },
	'nav.pageDown': { description: 'Page down', category: 'Navigate', keys: ['PgDn'] },
	'list.filter': {
		description: 'Filter by name or image (Enter keeps, Esc clears)',
		category: 'List',
		keys: ['/'],
	},
	'list.toggleAll': {
		description: 'Show all containers or only running ones',
		category: 'List',
		keys: ['a'],
	},
	'list.sort': { description: 'Cycle sort: name, state, created, restarts', category: 'List', keys: ['s'] },
	'diagnose.start': {
		description: 'Diagnose the selected container, step by step',
		category: 'Diagnose',
		keys: ['d'],
	},
	'app.enter': {
		description: 'Open the selected container (stats, logs, inspect); in a diagnosis, the next step',
		category: 'Navigate',
		keys: ['Enter'],
	},
	'pane.stats': { description: 'Details: live stats with charts', category: 'Details', keys: ['1'] },
	'pane.logs': {
		description: 'Details: logs, followed (PgUp/PgDn/j/k scroll, G back to the tail)',
		category: 'Details',
		keys: ['2'],
	},
	'pane.inspect': { description: 'Details: inspect as tables', category: 'Details', keys: ['3'] },
	'logs.keys': {
		description: 'Logs: / search (n/N next/previous match), F only matching lines, t timestamps, w wrap',
		category: 'Details',
		keys: ['/ n N F t w'],
		/** Handled by the logs pane itself, not by commandFor. */
		local: true,
	},
	'pane.next': { description: 'Details: next pane', category: 'Details', keys: ['Tab'] },
	'diagnose.all': {
		description: 'In a diagnosis: show every step and the cause',
		category: 'Diagnose',
		keys: ['e'],
	},
	'diagnose.apply': {
		description: 'In a diagnosis: apply the safe fix, after confirming (not with --read-only)',
		category: 'Diagnose',
		keys: ['f'],
	},
	'container.actions': {
		description:
			'Actions on the selected container: start, stop, restart, kill, pause, unpause, remove (each asks first; not with --read-only)',
		category: 'Actions',
		keys: ['x'],
	},
	'app.help': { description: 'Show or hide this help', category: 'App', keys: ['?'] },
	'swarm.services': {
		description:
			'Swarm services (on a manager): replicas, tasks and their errors; ↑↓ select, d diagnoses one',
		category: 'List',
		keys: ['S'],
	},
	'app.back': {
		description: 'Back: close help or diagnosis, clear the filter',
		category: 'App',
		keys: ['Esc'],
	},
	'app.quit': { description: 'Quit', category: 'App', keys: ['q', 'Ctrl-C'] },
} as const satisfies Record<
	string,
	{ description: string; category: string; keys: readonly string[]; local?: boolean }
>;

export type CommandId = keyof typeof commands;

/** Short footer hints, in display order. */
export const footerHints: readonly { command: CommandId; label: string }[] = [
	{ command: 'nav.down', label: 'move' },
	{ command: 'list.filter', label: 'filter' },
	{ command: 'list.toggleAll', label: 'all/running' },
	{ command: 'list.sort', label: 'sort' },
	{ command: 'diagnose.start', label: 'diagnose' },
	{ command: 'app.help', label: 'help' },
	{ command: 'app.quit', label: 'quit' },
];

/** Which command, if any, a keypress means. */
export function commandFor(input: string, key: Key): CommandId | undefined {
	if (key.upArrow || input === 'k') return 'nav.up';
	if (key.downArrow || input === 'j') return 'nav.down';
	if (key.pageUp) return 'nav.pageUp';
	if (key.pageDown) return 'nav.pageDown';
	if (input === 'g' || key.home) return 'nav.top';
	if (input === 'G' || key.end) return 'nav.bottom';
	if (input === '/') return 'list.filter';
	if (input === 'a') return 'list.toggleAll';
	if (input === 's') return 'list.sort';
	if (input === 'S') return 'swarm.services';
	if (input === 'd') return 'diagnose.start';
	if (input === 'x') return 'container.actions';
	if (key.return) return 'app.enter';
	if (input === '1') return 'pane.stats';
	if (input === '2') return 'pane.logs';
	if (input === '3') return 'pane.inspect';
	if (key.tab) return 'pane.next';
	if (input === 'e') return 'diagnose.all';
	if (input === 'f') return 'diagnose.apply';
	if (input === '?') return 'app.help';
	if (key.escape) return 'app.back';
	if (input === 'q' || (key.ctrl && input === 'c')) return 'app.quit';
	return undefined;
}

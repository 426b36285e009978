import type { Key } from 'ink';

/**
 * The one source of the console's keys: every command with its keys, description and whether it
 * changes anything. Views take the commands listed for them; the footer, the help overlay and
 * --read-only (which drops every changing command) are derived from here, and so will remapped keys be.
 */
export type Command = {
	readonly description: string;
	readonly category: string;
	/** Key names as shown: a character, or ↑ ↓ ← → PgUp PgDn Home End Enter Esc Tab Space Ctrl-C. */
	readonly keys: readonly string[];
	/** Changes a container (an action, a fix): not offered with --read-only. */
	readonly changes?: boolean;
};

export const commands = {
	'nav.up': { description: 'Move up (in logs: scroll up)', category: 'Navigate', keys: ['↑', 'k'] },
	'nav.down': { description: 'Move down', category: 'Navigate', keys: ['↓', 'j'] },
	'nav.top': {
		description: 'Jump to the first row (in logs: the oldest line)',
		category: 'Navigate',
		keys: ['g', 'Home'],
	},
	'nav.bottom': {
		description: 'Jump to the last row (in logs: back to the tail)',
		category: 'Navigate',
		keys: ['G', 'End'],
	},
	'nav.pageUp': { description: 'Page up', category: 'Navigate', keys: ['PgUp'] },
	'nav.pageDown': { description: 'Page down', category: 'Navigate', keys: ['PgDn'] },
	'list.open': {
		description: 'Open the selected container (stats, logs, inspect); on a project, collapse or expand it',
		category: 'List',
		keys: ['Enter'],
	},
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
	'list.sort': {
		description: 'Cycle sort: name, state, created, restarts',
		category: 'List',
		keys: ['s'],
	},
	'list.collapse': {
		description: 'Compose: collapse or expand the project of the selected row (Enter on a project too)',
		category: 'List',
		keys: ['c'],
	},
	'list.projectsOnly': {
		description: 'Compose: show the projects alone, or their containers too',
		category: 'List',
		keys: ['P'],
	},
	'swarm.services': {
		description: 'Swarm services (on a manager): replicas, tasks and their errors; again to go back',
		category: 'List',
		keys: ['S'],
	},
	'diagnose.start': {
		description:
			'Diagnose the selected container, step by step; on a project, the service its trouble starts at',
		category: 'Diagnose',
		keys: ['d'],
	},
	'diagnose.next': {
		description: 'In a diagnosis: the next step',
		category: 'Diagnose',
		keys: ['Enter', 'Space'],
	},
	'diagnose.all': {
		description: 'In a diagnosis: show every step and the cause',
		category: 'Diagnose',
		keys: ['e'],
	},
	'diagnose.apply': {
		description: 'In a diagnosis: apply the safe fix, after confirming',
		category: 'Diagnose',
		keys: ['f'],
		changes: true,
	},
	'services.diagnose': {
		description: 'In Swarm services: diagnose the selected service through one of its tasks',
		category: 'Diagnose',
		keys: ['d'],
	},
	'container.actions': {
		description:
			'Actions on the container: start, stop, restart, kill, pause, unpause, remove (each asks first)',
		category: 'Actions',
		keys: ['x'],
		changes: true,
	},
	'container.shell': {
		description:
			'A shell in the selected container (bash, sh or ash, the first it has): the console steps aside, `exit` brings it back where it was',
		category: 'Actions',
		keys: ['E'],
		changes: true,
	},
	'container.toolbox': {
		description:
			'A toolbox beside the selected container (an image without a shell, or a stopped one): its network and processes shared, its files at /target; exit brings the console back',
		category: 'Actions',
		keys: ['B'],
		changes: true,
	},
	'container.report': {
		description:
			'Incident report of the selected container (state, timeline, diagnosis, last lines, what was changed) to a Markdown file',
		category: 'Diagnose',
		keys: ['R'],
	},
	'pane.next': { description: 'Details: next pane', category: 'Details', keys: ['Tab'] },
	'stats.history': {
		description:
			'Stats: history over the last 10 min, 1 h, 6 h, 24 h (from --prometheus, else what this session saw); again for the next span, then live',
		category: 'Stats',
		keys: ['H'],
	},
	'stats.tune': {
		description:
			'Stats: limits advised from what this console saw (CPU, memory, pids, restart policy) and the docker update that sets them; again for the charts',
		category: 'Stats',
		keys: ['u'],
	},
	'stats.tuneApply': {
		description:
			'Stats, in the tuning view: apply the advised limits (asks y/N), then CPU and memory before and after',
		category: 'Stats',
		keys: ['A'],
		changes: true,
	},
	'stats.load': {
		description:
			'Stats: a load run against its port (1000 requests, 10 connections, at most 30 s; as dockmedic load) with requests/s and latencies beside the live charts; again for another run',
		category: 'Stats',
		keys: ['b'],
		changes: true,
	},
	'logs.search': {
		description: 'Logs: search (Enter keeps, Esc clears)',
		category: 'Logs',
		keys: ['/'],
	},
	'logs.nextMatch': { description: 'Logs: older match of the search', category: 'Logs', keys: ['n'] },
	'logs.previousMatch': { description: 'Logs: newer match of the search', category: 'Logs', keys: ['N'] },
	'logs.onlyMatching': {
		description: 'Logs: only the lines that match the search',
		category: 'Logs',
		keys: ['F'],
	},
	'logs.timestamps': { description: 'Logs: show the engine timestamps', category: 'Logs', keys: ['t'] },
	'logs.wrap': { description: 'Logs: wrap long lines', category: 'Logs', keys: ['w'] },
	'logs.errorsOnly': {
		description: 'Logs: only errors (whole entries: a stack trace stays with its line); again for all',
		category: 'Logs',
		keys: ['e'],
	},
	'logs.warningsUp': {
		description: 'Logs: only warnings and errors; again for all',
		category: 'Logs',
		keys: ['W'],
	},
	'logs.expand': {
		description: 'Logs: expand the newest line in view (a JSON line to its whole object); again to fold',
		category: 'Logs',
		keys: ['Enter'],
	},
	'logs.window': {
		description: 'Logs: time window: everything kept, last 5 minutes, last hour, since the container started',
		category: 'Logs',
		keys: ['T'],
	},
	'logs.merge': {
		description:
			"Logs: every container of this one's Compose project in one pane, in time order, each line with its service; again for this container alone",
		category: 'Logs',
		keys: ['M'],
	},
	'logs.save': {
		description: 'Logs: save what the pane shows (after filters, secrets masked) to a file',
		category: 'Logs',
		keys: ['s'],
	},
	'logs.copy': {
		description: 'Logs: copy the lines on screen to the clipboard (OSC 52, works over SSH; secrets masked)',
		category: 'Logs',
		keys: ['y'],
	},
	'inspect.next': { description: 'Inspect: next table', category: 'Inspect', keys: ['→', 'l'] },
	'inspect.previous': { description: 'Inspect: previous table', category: 'Inspect', keys: ['←', 'h'] },
	'app.help': { description: 'Show or hide this help', category: 'App', keys: ['?'] },
	'app.back': {
		description: 'Back: close help, a diagnosis or the details; clear the filter or search',
		category: 'App',
		keys: ['Esc'],
	},
	'app.quit': { description: 'Quit', category: 'App', keys: ['q', 'Ctrl-C'] },
} as const satisfies Record<string, Command>;

export type CommandId = keyof typeof commands;

/** Commands whose keys the config file changed: hints that spell their keys out show the new ones instead. */
export const remappedCommands = new Set<string>();

const NAVIGATION = ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'nav.top', 'nav.bottom'] as const;

/** The commands each view takes, in footer order. Details add the active pane's own (see panes.ts). */
export const viewCommands = {
	list: [
		...NAVIGATION,
		'list.open',
		'list.filter',
		'list.toggleAll',
		'list.sort',
		'list.collapse',
		'list.projectsOnly',
		'diagnose.start',
		'container.actions',
		'container.shell',
		'container.toolbox',
		'container.report',
		'swarm.services',
		'app.help',
		'app.back',
		'app.quit',
	],
	details: [
		'pane.next',
		'diagnose.start',
		'container.actions',
		'container.shell',
		'container.toolbox',
		'container.report',
		'app.help',
		'app.back',
		'app.quit',
	],
	diagnosis: ['diagnose.next', 'diagnose.all', 'diagnose.apply', 'app.help', 'app.back', 'app.quit'],
	services: ['nav.up', 'nav.down', 'services.diagnose', 'swarm.services', 'app.help', 'app.back', 'app.quit'],
	help: [...NAVIGATION, 'app.help', 'app.back', 'app.quit'],
} as const satisfies Record<string, readonly CommandId[]>;

export type ViewId = keyof typeof viewCommands;

/** A binding as a view takes it: a command id, or a pane's own key (pane keys come from the pane registry). */
export type Binding = { readonly id: string } & Command;

/** The bindings of a view, without changing ones when the console may change nothing. */
export function bindingsOf(
	ids: readonly CommandId[],
	extra: readonly Binding[],
	readOnly: boolean,
): Binding[] {
	return [...ids.map((id) => ({ id, ...(commands[id] as Command) })), ...extra].filter(
		(b) => !(readOnly && b.changes),
	);
}

/** Which binding, if any, a keypress means among the given ones (the first that matches). */
export function bindingFor(bindings: readonly Binding[], input: string, key: Key): Binding | undefined {
	return bindings.find((b) => b.keys.some((name) => keyMatches(name, input, key)));
}

/** Whether a keypress is the key a name shows. */
export function keyMatches(name: string, input: string, key: Key): boolean {
	switch (name) {
		case '↑':
			return key.upArrow;
		case '↓':
			return key.downArrow;
		case '←':
			return key.leftArrow;
		case '→':
			return key.rightArrow;
		case 'PgUp':
			return key.pageUp;
		case 'PgDn':
			return key.pageDown;
		case 'Home':
			return key.home;
		case 'End':
			return key.end;
		case 'Enter':
			return key.return;
		case 'Esc':
			return key.escape;
		case 'Tab':
			return key.tab && !key.shift;
		case 'Space':
			return input === ' ';
		case 'Ctrl-C':
			return key.ctrl && input === 'c';
		default:
			return !key.ctrl && !key.meta && input === name;
	}
}

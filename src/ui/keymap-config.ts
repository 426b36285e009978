import { type CommandId, commands, remappedCommands, viewCommands } from './keymap.js';

/**
 * Keys remapped from the config file: checked (each command exists, each key is a key, no key means two
 * things where both are active) and applied to the one keymap, so that views, the footer and the help
 * all follow. Pure but for applyKeyRemaps, which runs once at start, before the console draws.
 */

export type KeyRemaps = Readonly<Record<string, readonly string[]>>;

const NAMED_KEYS = [
	'↑',
	'↓',
	'←',
	'→',
	'PgUp',
	'PgDn',
	'Home',
	'End',
	'Enter',
	'Esc',
	'Tab',
	'Space',
	'Ctrl-C',
];
const NAVIGATION = ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'nav.top', 'nav.bottom'] as const;
/** Panes whose own commands live in the keymap (by their prefix), each active beside the details view's. */
const PANES = ['stats', 'logs', 'inspect'];
/** The details view's tab keys: a pane's number opens it. */
const PANE_TABS = ['1', '2', '3', '4', '5', '6'];

const isCommand = (id: string): id is CommandId => Object.hasOwn(commands, id);

/** Where keys are active together: each view, and the details view with each pane. */
function contexts(): { name: string; ids: readonly string[]; reserved: readonly string[] }[] {
	const all = Object.keys(commands);
	return [
		{ name: 'the list', ids: viewCommands.list, reserved: [] },
		{ name: 'a diagnosis', ids: viewCommands.diagnosis, reserved: [] },
		{ name: 'the services view', ids: viewCommands.services, reserved: [] },
		{ name: 'the help', ids: viewCommands.help, reserved: [] },
		...PANES.map((pane) => ({
			name: `the ${pane} pane`,
			ids: [...viewCommands.details, ...NAVIGATION, ...all.filter((id) => id.startsWith(`${pane}.`))],
			reserved: PANE_TABS,
		})),
	];
}

export function keyRemapProblems(remaps: KeyRemaps): { command: string; message: string }[] {
	const problems: { command: string; message: string }[] = [];
	for (const [id, keys] of Object.entries(remaps)) {
		if (!isCommand(id)) {
			problems.push({ command: id, message: 'no such command (`dockmedic keys` lists them)' });
			continue;
		}
		for (const key of keys)
			if (!NAMED_KEYS.includes(key) && [...key].length !== 1)
				problems.push({
					command: id,
					message: `"${key}" is not a key: one character, or one of ${NAMED_KEYS.join(' ')}`,
				});
	}
	if (problems.length) return problems;
	const keysOf = (id: string): readonly string[] => remaps[id] ?? (isCommand(id) ? commands[id].keys : []);
	const seen = new Set<string>();
	for (const context of contexts()) {
		const owner = new Map<string, string>(context.reserved.map((k) => [k, 'opening a pane']));
		for (const id of new Set(context.ids)) {
			for (const key of keysOf(id)) {
				const other = owner.get(key);
				// The same command twice (a list shared by two views) is no clash; Enter and Esc mean different things per view by design.
				if (other && other !== id && (remaps[id] || remaps[other])) {
					const where =
						PANE_TABS.includes(key) && other === 'opening a pane' ? 'the details view' : context.name;
					// The remapped command first: it is the line of the file to change.
					const [command, theirs] = remaps[id] ? [id, other] : [other, id];
					const message = `"${key}" would mean both ${command} and ${theirs} in ${where}`;
					if (!seen.has(message)) problems.push({ command, message });
					seen.add(message);
				}
				if (!other) owner.set(key, id);
			}
		}
	}
	return problems;
}

/** Puts the remapped keys in place (the keys arrays are shared with every binding made from them). */
export function applyKeyRemaps(remaps: KeyRemaps): void {
	for (const [id, keys] of Object.entries(remaps)) {
		if (!isCommand(id)) continue;
		const current = commands[id].keys as unknown as string[];
		current.splice(0, current.length, ...keys);
		remappedCommands.add(id);
	}
}

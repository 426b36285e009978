import { LogsPane } from '../components/LogsPane.js';
import { type CommandId, commands } from '../keymap.js';
import { isText } from '../state/list-view.js';
import { stepOf } from '../state/navigation.js';
import { definePane } from './pane.js';

/** How the logs pane shows lines: scrolled, searched (highlight, n/N), filtered, with timestamps, wrapped. */
export type LogView = {
	/** Lines scrolled up from the newest; 0 follows the tail. */
	readonly scroll: number;
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

const LOG_COMMANDS: readonly CommandId[] = [
	'logs.search',
	'logs.nextMatch',
	'logs.previousMatch',
	'logs.onlyMatching',
	'logs.timestamps',
	'logs.wrap',
	'nav.up',
	'nav.down',
	'nav.pageUp',
	'nav.pageDown',
	'nav.top',
	'nav.bottom',
];

/** Far enough back to be the oldest line of any buffer; the pane stops at what it holds. */
const OLDEST = Number.MAX_SAFE_INTEGER / 2;

export const logsPane = definePane<LogView>({
	id: 'logs',
	key: '2',
	title: 'Logs',
	description: 'Details: logs, followed (↑↓ PgUp/PgDn scroll, G back to the tail)',
	bindings: LOG_COMMANDS.map((id) => ({ id, ...commands[id] })),
	hints: [{ command: 'nav.pageUp', keys: 'PgUp/PgDn G', label: 'scroll logs' }],
	initial: { scroll: 0, search: '', editing: false, filter: false, timestamps: false, wrap: false, match: 0 },
	onShow: (view) => ({ ...view, scroll: 0 }),
	typing: (view) => view.editing,
	reduceText: (view, input, key) => {
		if (key.escape) return { ...view, editing: false, search: '', filter: false, match: 0 };
		if (key.return) return { ...view, editing: false, match: 0 };
		if (key.backspace || key.delete) return { ...view, search: view.search.slice(0, -1) };
		return isText(input, key) ? { ...view, search: view.search + input } : view;
	},
	reduce: (view, command, page) => {
		// The logs scroll up from the tail: a step up the screen is a step back in time.
		const step = stepOf(command, Math.max(1, page - 2));
		if (step !== undefined) {
			const scroll = step === 'first' ? OLDEST : step === 'last' ? 0 : Math.max(0, view.scroll - step);
			return { ...view, scroll };
		}
		switch (command) {
			case 'logs.search':
				return { ...view, editing: true, search: '' };
			case 'logs.nextMatch':
				return view.search ? { ...view, match: view.match + 1 } : view;
			case 'logs.previousMatch':
				return view.search ? { ...view, match: Math.max(0, view.match - 1) } : view;
			case 'logs.onlyMatching':
				return view.search ? { ...view, filter: !view.filter, scroll: 0 } : view;
			case 'logs.timestamps':
				return { ...view, timestamps: !view.timestamps };
			case 'logs.wrap':
				return { ...view, wrap: !view.wrap };
			case 'app.back':
				// Esc clears a search first; without one it leaves the details.
				return view.search ? { ...view, search: '', filter: false, match: 0 } : undefined;
			default:
				return undefined;
		}
	},
	render: ({ id, service, width, height, theme, state }) => (
		<LogsPane id={id} service={service} height={height - 1} width={width} view={state} theme={theme} />
	),
});

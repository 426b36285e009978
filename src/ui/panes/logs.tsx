import type { Level } from '../../model/log-levels.js';
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
	/** Only entries of this level and up. */
	readonly floor: Level | null;
	/** The newest entry in view shown whole (a JSON line as its object). */
	readonly expanded: boolean;
	/** How far back the pane reads. */
	readonly window: LogWindow;
	/** Every container of the Compose project, merged. */
	readonly merged: boolean;
	/** Counters the pane acts on once each time they change: save to a file, copy to the clipboard. */
	readonly saves: number;
	readonly copies: number;
};

export type LogWindow = 'kept' | '5m' | '1h' | 'start';
export const LOG_WINDOWS: readonly LogWindow[] = ['kept', '5m', '1h', 'start'];

const LOG_COMMANDS: readonly CommandId[] = [
	'logs.search',
	'logs.nextMatch',
	'logs.previousMatch',
	'logs.onlyMatching',
	'logs.timestamps',
	'logs.wrap',
	'logs.errorsOnly',
	'logs.warningsUp',
	'logs.expand',
	'logs.window',
	'logs.merge',
	'logs.save',
	'logs.copy',
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
	hints: [
		{ command: 'nav.pageUp', keys: 'PgUp/PgDn G', label: 'scroll logs' },
		{ command: 'logs.errorsOnly', keys: 'e/W', label: 'errors/warnings' },
		{ command: 'logs.save', keys: 's/y', label: 'save/copy' },
	],
	initial: {
		scroll: 0,
		search: '',
		editing: false,
		filter: false,
		timestamps: false,
		wrap: false,
		match: 0,
		floor: null,
		expanded: false,
		window: 'kept',
		merged: false,
		saves: 0,
		copies: 0,
	},
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
			case 'logs.errorsOnly':
				return { ...view, floor: view.floor === 'error' ? null : 'error', scroll: 0, match: 0 };
			case 'logs.warningsUp':
				return { ...view, floor: view.floor === 'warn' ? null : 'warn', scroll: 0, match: 0 };
			case 'logs.expand':
				return { ...view, expanded: !view.expanded };
			case 'logs.window': {
				const next = LOG_WINDOWS[(LOG_WINDOWS.indexOf(view.window) + 1) % LOG_WINDOWS.length] ?? 'kept';
				return { ...view, window: next, scroll: 0, match: 0 };
			}
			case 'logs.merge':
				return { ...view, merged: !view.merged, scroll: 0, match: 0, expanded: false };
			case 'logs.save':
				return { ...view, saves: view.saves + 1 };
			case 'logs.copy':
				return { ...view, copies: view.copies + 1 };
			case 'app.back':
				// Esc folds an expanded line, then clears a search or level filter; without them it leaves the details.
				if (view.expanded) return { ...view, expanded: false };
				return view.search || view.floor
					? { ...view, search: '', filter: false, match: 0, floor: null }
					: undefined;
			default:
				return undefined;
		}
	},
	render: ({ id, service, width, height, theme, state }) => (
		<LogsPane id={id} service={service} height={height - 1} width={width} view={state} theme={theme} />
	),
});

import { HISTORY_RANGES } from '../../model/metric-history.js';
import { StatsHistory } from '../components/StatsHistory.js';
import { StatsPane } from '../components/StatsPane.js';
import { commands } from '../keymap.js';
import { definePane } from './pane.js';

/** Live charts (0), or the history over one of HISTORY_RANGES (its index + 1). */
type StatsView = { readonly span: number };

export const statsPane = definePane<StatsView>({
	id: 'stats',
	key: '1',
	title: 'Stats',
	description: 'Details: live stats with charts; H for hours of history',
	bindings: [{ id: 'stats.history', ...commands['stats.history'] }],
	hints: [{ command: 'stats.history', keys: 'H', label: 'history' }],
	initial: { span: 0 },
	reduce: (view, command) => {
		if (command === 'stats.history') return { span: (view.span + 1) % (HISTORY_RANGES.length + 1) };
		// Esc leaves the history for the live charts first.
		if (command === 'app.back' && view.span > 0) return { span: 0 };
		return undefined;
	},
	render: ({ id, service, width, height, theme, state }) => {
		const range = HISTORY_RANGES[state.span - 1];
		return range ? (
			<StatsHistory id={id} service={service} range={range} width={width} height={height} theme={theme} />
		) : (
			<StatsPane id={id} service={service} width={width} height={height} theme={theme} />
		);
	},
});

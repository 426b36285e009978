import { HISTORY_RANGES } from '../../model/metric-history.js';
import { StatsHistory } from '../components/StatsHistory.js';
import { StatsLoad } from '../components/StatsLoad.js';
import { StatsPane } from '../components/StatsPane.js';
import { StatsTuning, type TuningPhase } from '../components/StatsTuning.js';
import { commands } from '../keymap.js';
import { definePane } from './pane.js';

/** Live charts (span 0), the history over one of HISTORY_RANGES (its index + 1), or the tuning view. */
type StatsView = {
	readonly span: number;
	readonly tuning: TuningPhase | null;
	readonly applyId: number;
	/** The load run shown beside the charts (each b a new one); 0: none. */
	readonly loadRun: number;
	readonly loading: boolean;
};

export const statsPane = definePane<StatsView>({
	id: 'stats',
	key: '1',
	title: 'Stats',
	description:
		'Details: live stats with charts; H for hours of history, u for limits advised from them, b for a load run',
	bindings: [
		{ id: 'stats.history', ...commands['stats.history'] },
		{ id: 'stats.tune', ...commands['stats.tune'] },
		{ id: 'stats.tuneApply', ...commands['stats.tuneApply'] },
		{ id: 'stats.load', ...commands['stats.load'] },
	],
	hints: [
		{ command: 'stats.history', keys: 'H', label: 'history' },
		{ command: 'stats.tune', keys: 'u', label: 'tune' },
		{ command: 'stats.load', keys: 'b', label: 'load' },
	],
	initial: { span: 0, tuning: null, applyId: 0, loadRun: 0, loading: false },
	// Shown again (another pane, another container): nothing asked for before is done again unasked.
	onShow: (view) => ({
		...view,
		loading: false,
		tuning: view.tuning === 'confirm' || view.tuning === 'applying' ? 'shown' : view.tuning,
	}),
	reduce: (view, command) => {
		if (command === 'stats.history')
			return { ...view, tuning: null, loading: false, span: (view.span + 1) % (HISTORY_RANGES.length + 1) };
		if (command === 'stats.tune')
			return { ...view, span: 0, loading: false, tuning: view.tuning ? null : 'shown' };
		if (command === 'stats.load')
			return { ...view, span: 0, tuning: null, loading: true, loadRun: view.loadRun + 1 };
		if (command === 'stats.tuneApply' && view.tuning) return { ...view, tuning: 'confirm' };
		// Esc leaves the history or the tuning for the live charts first.
		if (command === 'app.back' && (view.span > 0 || view.tuning || view.loading))
			return { ...view, span: 0, tuning: null, loading: false };
		return undefined;
	},
	// The y/N of an apply: the next key answers it.
	typing: (view) => view.tuning === 'confirm',
	reduceText: (view, input) =>
		input === 'y' || input === 'Y'
			? { ...view, tuning: 'applying', applyId: view.applyId + 1 }
			: { ...view, tuning: 'shown' },
	render: ({ id, service, width, height, theme, state }) => {
		if (state.loading)
			return (
				<StatsLoad
					id={id}
					service={service}
					runId={state.loadRun}
					width={width}
					height={height}
					theme={theme}
				/>
			);
		if (state.tuning)
			return (
				<StatsTuning
					id={id}
					service={service}
					phase={state.tuning}
					applyId={state.applyId}
					width={width}
					theme={theme}
				/>
			);
		const range = HISTORY_RANGES[state.span - 1];
		return range ? (
			<StatsHistory id={id} service={service} range={range} width={width} height={height} theme={theme} />
		) : (
			<StatsPane id={id} service={service} width={width} height={height} theme={theme} />
		);
	},
});

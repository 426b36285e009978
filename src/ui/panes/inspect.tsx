import { InspectPane } from '../components/InspectPane.js';
import { commands } from '../keymap.js';
import { definePane } from './pane.js';

/** Which inspect table is shown (← → switch); they do not all fit on 24 lines. */
export const inspectPane = definePane<{ readonly section: number }>({
	id: 'inspect',
	key: '3',
	title: 'Inspect',
	description: 'Details: inspect as tables',
	bindings: [
		{ id: 'inspect.next', ...commands['inspect.next'] },
		{ id: 'inspect.previous', ...commands['inspect.previous'] },
	],
	initial: { section: 0 },
	reduce: (state, command) =>
		command === 'inspect.next'
			? { section: state.section + 1 }
			: command === 'inspect.previous'
				? { section: Math.max(0, state.section - 1) }
				: undefined,
	render: ({ id, service, width, theme, state }) => (
		<InspectPane id={id} service={service} width={width} theme={theme} section={state.section} />
	),
});

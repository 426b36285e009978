import { StatsPane } from '../components/StatsPane.js';
import { definePane } from './pane.js';

export const statsPane = definePane<null>({
	id: 'stats',
	key: '1',
	title: 'Stats',
	description: 'Details: live stats with charts',
	initial: null,
	render: ({ id, service, width, height, theme }) => (
		<StatsPane id={id} service={service} width={width} height={height} theme={theme} />
	),
});

import { Box, Text } from 'ink';
import type { DetailsService } from '../details-service.js';
import { type LogView, PANES, type Pane } from '../list-state.js';
import type { Theme } from '../theme.js';
import { InspectPane } from './InspectPane.js';
import { LogsPane } from './LogsPane.js';
import { StatsPane } from './StatsPane.js';

type DetailsViewProps = {
	readonly id: string;
	readonly name: string;
	readonly pane: Pane;
	readonly logScroll: number;
	readonly inspectSection: number;
	readonly logView: LogView;
	readonly service: DetailsService;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
	/** What became of the container while it is open, when it is no longer running ("removed", "exited"...). */
	readonly gone?: string | null;
};

const TITLES: Record<Pane, string> = { stats: 'Stats', logs: 'Logs', inspect: 'Inspect' };

/** One container: a tab line, then the active pane. Only the active pane streams from the engine. */
export function DetailsView({
	id,
	name,
	pane,
	logScroll,
	inspectSection,
	logView,
	service,
	width,
	height,
	theme,
	gone = null,
}: DetailsViewProps) {
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>{name} </Text>
				{gone ? <Text color={theme.color.warn}>({gone}; what was read is kept) </Text> : null}
				{PANES.map((p, i) => (
					<Text key={p} inverse={p === pane} color={p === pane ? undefined : theme.color.muted}>
						{` ${i + 1} ${TITLES[p]} `}
					</Text>
				))}
			</Text>
			{pane === 'stats' ? (
				<StatsPane id={id} service={service} width={width} height={height} theme={theme} />
			) : null}
			{pane === 'logs' ? (
				<LogsPane
					id={id}
					service={service}
					height={height - 1}
					width={width}
					scroll={logScroll}
					view={logView}
					theme={theme}
				/>
			) : null}
			{pane === 'inspect' ? (
				<InspectPane id={id} service={service} width={width} theme={theme} section={inspectSection} />
			) : null}
		</Box>
	);
}

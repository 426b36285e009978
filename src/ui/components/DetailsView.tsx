import { Box, Text } from 'ink';
import type { DetailsService } from '../details-service.js';
import { PANES, paneById } from '../panes/index.js';
import { type DetailsState, paneState } from '../state/details-view.js';
import type { Theme } from '../theme.js';

type DetailsViewProps = {
	readonly id: string;
	readonly name: string;
	readonly details: DetailsState;
	readonly service: DetailsService;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
	/** What became of the container while it is open, when it is no longer running ("removed", "exited"...). */
	readonly gone?: string | null;
};

/** One container: a tab line, then the active pane. Only the active pane streams from the engine. */
export function DetailsView({
	id,
	name,
	details,
	service,
	width,
	height,
	theme,
	gone = null,
}: DetailsViewProps) {
	const pane = paneById(details.pane);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>{name} </Text>
				{gone ? <Text color={theme.color.warn}>({gone}; what was read is kept) </Text> : null}
				{PANES.map((p) => (
					<Text key={p.id} inverse={p === pane} color={p === pane ? undefined : theme.color.muted}>
						{` ${p.key} ${p.title} `}
					</Text>
				))}
			</Text>
			{pane.render({ id, service, width, height, theme, state: paneState(details) })}
		</Box>
	);
}

import { Box, Text } from 'ink';
import type { EngineInfo } from '../../model/container.js';
import type { StateCounts } from '../../model/container-list.js';
import type { ConnectionState, HostState } from '../../store/container-store.js';
import type { Theme } from '../theme.js';

type HeaderProps = {
	/** Engine being watched, null before the first connection. */
	readonly engine: EngineInfo | null;
	/** Endpoint URL, shown even before the engine answers. */
	readonly endpoint: string;
	readonly connection: ConnectionState;
	/** Several engines at once: each one's name, state and container count replace the endpoint. */
	readonly hosts?: readonly HostState[];
	readonly counts: StateCounts;
	/** Current scope, sort and filter, shown on the right of the counts line. */
	readonly viewLabel: string;
	readonly theme: Theme;
};

/** Two lines: where we are connected and how, then the containers by state. */
export function Header({ engine, endpoint, connection, hosts, counts, viewLabel, theme }: HeaderProps) {
	const sep = ` ${theme.glyph.separator} `;
	const byState = (['running', 'paused', 'restarting', 'exited', 'created', 'dead'] as const)
		.filter((state) => counts[state] > 0)
		.map((state) => `${counts[state]} ${state}`)
		.join(sep);
	return (
		<Box flexDirection="column">
			{hosts ? (
				<HostsLine hosts={hosts} theme={theme} />
			) : (
				<Box>
					<Text bold color={theme.color.accent}>
						dockmedic
					</Text>
					<Text> {endpoint}</Text>
					{engine ? (
						<Text color={theme.color.muted}>
							{' '}
							engine {engine.version} (API {engine.apiVersion})
						</Text>
					) : null}
					<Text> </Text>
					<ConnectionBadge connection={connection} theme={theme} />
				</Box>
			)}
			<Box>
				<Text wrap="truncate-end">
					{counts.total} containers{byState ? `: ${byState}` : ''}
					<Text color={theme.color.muted}>
						{sep}
						{viewLabel}
					</Text>
				</Text>
			</Box>
		</Box>
	);
}

/** Several engines: each one's name, its connection badge and, once listed, how many containers it has. */
function HostsLine({ hosts, theme }: { readonly hosts: readonly HostState[]; readonly theme: Theme }) {
	return (
		<Text wrap="truncate-end">
			<Text bold color={theme.color.accent}>
				dockmedic
			</Text>{' '}
			{hosts.length} hosts:
			{hosts.map((host, i) => (
				<Text key={host.name}>
					{i > 0 ? ` ${theme.glyph.separator} ` : ' '}
					{host.name} <ConnectionBadge connection={host.connection} theme={theme} />
					{host.connection.status === 'live' || host.containers > 0 ? ` ${host.containers}` : ''}
				</Text>
			))}
		</Text>
	);
}

function ConnectionBadge({
	connection,
	theme,
}: {
	readonly connection: ConnectionState;
	readonly theme: Theme;
}) {
	switch (connection.status) {
		case 'live':
			return <Text color={theme.color.ok}>[live]</Text>;
		case 'connecting':
			return <Text color={theme.color.warn}>[connecting]</Text>;
		case 'reconnecting':
			return <Text color={theme.color.error}>[engine lost: retrying #{connection.attempt}]</Text>;
		case 'unreachable':
			return <Text color={theme.color.error}>[unreachable: retrying #{connection.attempt}]</Text>;
	}
}

import { Box, Text } from 'ink';
import { type ExamProgress, formatElapsed, hintCount } from '../../lab/exam.js';
import type { EngineInfo } from '../../model/container.js';
import { type StateCounts, stateCountsText } from '../../model/container-list.js';
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
	/** A lab exam in progress: its clock and hints, at the start of the counts line. */
	readonly exam?: ExamProgress | null;
	readonly theme: Theme;
};

/** Two lines: where we are connected and how, then the containers by state (after a running exam's clock). */
export function Header({ engine, endpoint, connection, hosts, counts, viewLabel, exam, theme }: HeaderProps) {
	const sep = ` ${theme.glyph.separator} `;
	const byState = stateCountsText(counts, sep);
	return (
		<Box flexDirection="column">
			{hosts ? (
				<HostsLine hosts={hosts} theme={theme} />
			) : (
				<Text wrap="truncate-end">
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
				</Text>
			)}
			<Box>
				<Text wrap="truncate-end">
					{exam ? <ExamBadge exam={exam} theme={theme} /> : null}
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

/** EXAM 4 min 05 s, 1 hint: the clock stops when it is solved. */
function ExamBadge({ exam, theme }: { readonly exam: ExamProgress; readonly theme: Theme }) {
	const hints = hintCount(exam.hintsUsed);
	return (
		<Text bold color={exam.solved ? theme.color.ok : theme.color.warn}>
			{exam.solved
				? `[EXAM solved in ${formatElapsed(exam.elapsedS)}, ${hints}: ${exam.score} points] `
				: `[EXAM ${formatElapsed(exam.elapsedS)}, ${hints}, on ${exam.target}] `}
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

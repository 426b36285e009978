import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ContainerDetails } from '../../model/container.js';
import type { StatsSample } from '../../model/stats.js';
import { serviceUpdateCommand, tuningInputOf, tuningOf, updateCommand } from '../../model/tuning.js';
import { tuningRoute } from '../../model/tuning-route.js';
import { composeTuningLines, tuningLines } from '../../model/tuning-text.js';
import { sessionSamples } from '../../store/sample-history.js';
import type { DetailsService } from '../details-service.js';
import { chart } from '../format/chart.js';
import { keepFollowing } from '../keep-following.js';
import type { Theme } from '../theme.js';

/** Where the tuning view is: advice shown, the y/N asked, or an apply asked for (applyId counts them). */
export type TuningPhase = 'shown' | 'confirm' | 'applying';

type StatsTuningProps = {
	readonly id: string;
	readonly service: DetailsService;
	readonly phase: TuningPhase;
	readonly applyId: number;
	readonly width: number;
	readonly theme: Theme;
};

/** How often the advice is worked out again from the samples that keep coming. */
const REFRESH_MS = 2000;
/** Readings before any advice: two or three seconds of a container say little of its needs. */
const MIN_READINGS = 5;

type Applied = { readonly at: number; readonly command: string } | { readonly error: string };

/**
 * Limits advised from what the console saw of the container (its samples this session, an hour at most),
 * with the `docker update` that sets them; A asks, y applies; then CPU and memory before and after the
 * change on the same axes.
 */
export function StatsTuning({ id, service, phase, applyId, width, theme }: StatsTuningProps) {
	const [details, setDetails] = useState<ContainerDetails | null>(null);
	const [host, setHost] = useState({ cpus: 0, memoryBytes: 0 });
	const [error, setError] = useState<string | null>(null);
	const [, setTick] = useState(0);
	const [applied, setApplied] = useState<Applied | null>(null);
	const done = useRef(0);

	useEffect(() => {
		const controller = new AbortController();
		service.inspect(id).then(setDetails, (e: Error) => setError(e.message.split('\n')[0] ?? ''));
		service.hostResources?.(id).then(setHost, () => undefined);
		// The samples this advice reads keep coming while it is shown.
		void keepFollowing(
			controller.signal,
			() => service.stats(id, controller.signal, (sample) => sessionSamples.add(id, sample)),
			() => true,
		);
		const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
		return () => {
			controller.abort();
			clearInterval(timer);
		};
	}, [id, service]);

	const since = applied && 'at' in applied ? applied.at : 0;
	const all = sessionSamples.samples(id);
	const current = all.filter((s) => s.time >= since);
	const tuning = details ? tuningOf(tuningInputOf(details, current, host)) : null;
	// The console changes the container itself only: a Compose file or a Swarm service is dockmedic tune's.
	const route = details ? tuningRoute(details.labels, false) : null;
	const enough = current.length >= MIN_READINGS;
	const appliesHere = route?.kind === 'container' && service.tune !== undefined && tuning?.update != null;

	useEffect(() => {
		if (phase !== 'applying' || applyId === done.current || !appliesHere || !enough || !tuning?.update)
			return;
		done.current = applyId;
		service
			.tune?.(id, tuning.update)
			.then(async (command) => {
				setApplied({ at: Date.now(), command });
				setDetails(await service.inspect(id));
			})
			.catch((e: Error) => setApplied({ error: e.message.split('\n')[0] ?? 'failed' }));
	}, [phase, applyId, appliesHere, enough, tuning, id, service]);

	if (error) return <Text color={theme.color.error}>{error}</Text>;
	if (!details || !tuning || !route)
		return <Text color={theme.color.muted}>Reading its limits and samples…</Text>;
	if (!enough && !applied)
		return (
			<Text color={theme.color.muted}>
				Reading its stats: {current.length} readings so far, advice from {MIN_READINGS} (a reading a second).
			</Text>
		);
	const command =
		route.kind === 'service'
			? serviceUpdateCommand(route.service, tuning)
			: route.kind === 'container'
				? updateCommand(details.name, tuning)
				: null;
	const compose = route.kind === 'compose' ? route : null;
	const lines = tuningLines(
		details.name,
		tuning,
		command,
		compose ? composeTuningLines(compose.info.service, tuning) : [],
		compose ? { file: compose.info.configFiles.join(', ') || null, up: compose.up } : null,
		route.kind === 'service'
			? 'on the service: Swarm replaces its tasks from it'
			: service.tune
				? 'A applies it'
				: 'not from this console: --read-only',
	);
	const notHere =
		route.kind === 'compose'
			? `Not from here: a Compose service's limits go into its file. Run dockmedic tune ${details.name} --apply`
			: route.kind === 'service'
				? `Not from here: Swarm replaces its tasks from the service. Run ${command ?? 'docker service update'}`
				: 'Nothing to apply.';
	return (
		<Box flexDirection="column">
			<Text color={theme.color.muted} wrap="truncate-end">
				Tuning from the {current.length} readings this console took{since ? ' since the change' : ''} (u: back
				to the charts{appliesHere ? ', A: apply' : ''})
			</Text>
			<Text wrap="wrap">{lines.join('\n')}</Text>
			{phase === 'confirm' ? (
				<Text color={theme.color.accent} wrap="wrap">
					{appliesHere ? `Run ${command}? y/N` : notHere}
				</Text>
			) : null}
			{phase === 'applying' && !applied && appliesHere ? <Text>Applying…</Text> : null}
			{applied && 'error' in applied ? (
				<Text color={theme.color.error} wrap="wrap">
					Not applied: {applied.error}
				</Text>
			) : null}
			{applied && 'at' in applied ? (
				<BeforeAfter samples={all} at={applied.at} command={applied.command} width={width} theme={theme} />
			) : null}
		</Box>
	);
}

/** CPU and memory before and after the change, side by side on the same axes. */
function BeforeAfter(props: {
	samples: readonly StatsSample[];
	at: number;
	command: string;
	width: number;
	theme: Theme;
}) {
	const { samples, at, command, width, theme } = props;
	const columnWidth = Math.floor(width / 2) - 1;
	const points = Math.max(10, columnWidth - 11);
	const before = samples.filter((s) => s.time < at).slice(-points);
	const after = samples.filter((s) => s.time >= at).slice(-points);
	const cpu = (list: readonly StatsSample[]) => list.map((s) => s.cpuPercent);
	const mem = (list: readonly StatsSample[]) => list.map((s) => s.memoryUsageBytes / (1024 * 1024));
	const cpuTop = Math.max(1, ...cpu(before), ...cpu(after));
	const memTop = Math.max(1, ...mem(before), ...mem(after));
	const pair = (title: string, a: number[], b: number[], top: number, unit: string) => (
		<Box flexDirection="row">
			{[
				[`${title} before (${a.length} readings)`, a],
				[`${title} after (${b.length} readings)`, b],
			].map(([label, values]) => (
				<Box key={label as string} flexDirection="column" width={columnWidth} marginRight={1}>
					<Text color={theme.color.muted} wrap="truncate-end">
						{label as string}
					</Text>
					<Text>{chart(values as number[], top, null, unit)}</Text>
				</Box>
			))}
		</Box>
	);
	return (
		<Box flexDirection="column">
			<Text color={theme.color.ok} wrap="wrap">
				Applied at {new Date(at).toLocaleTimeString()}: {command}
			</Text>
			{pair('CPU %', cpu(before), cpu(after), cpuTop, '%')}
			{pair('Memory MiB', mem(before), mem(after), memTop, 'M')}
		</Box>
	);
}

import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { formatBytes, shortDuration } from '../../model/format.js';
import { historyFromSamples, looksLikeLeak, type MetricHistory } from '../../model/metric-history.js';
import { sessionSamples } from '../../store/sample-history.js';
import type { DetailsService } from '../details-service.js';
import { chart } from '../format/chart.js';
import { keepFollowing } from '../keep-following.js';
import type { Theme } from '../theme.js';

type StatsHistoryProps = {
	readonly id: string;
	readonly service: DetailsService;
	readonly range: { readonly label: string; readonly seconds: number };
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** How often the view reads again: Prometheus seldom (its points are minutes apart), the session's own often. */
const PROMETHEUS_REFRESH_MS = 30_000;
const SESSION_REFRESH_MS = 5000;

/**
 * CPU and memory over hours: from the Prometheus given with --prometheus, or (without one, or when it
 * cannot be read) from the samples this console took while the container's stats were shown.
 */
export function StatsHistory({ id, service, range, width, height, theme }: StatsHistoryProps) {
	const [history, setHistory] = useState<MetricHistory | null>(null);
	const [error, setError] = useState<string | null>(null);
	const columns = width >= 100 ? 2 : 1;
	const columnWidth = Math.floor(width / columns) - 1;
	const points = Math.max(10, columnWidth - 10);
	useEffect(() => {
		const controller = new AbortController();
		const fromSession = () =>
			historyFromSamples(sessionSamples.samples(id), range.seconds, points, Date.now());
		setHistory(null);
		setError(null);
		const read = async () => {
			if (!service.history) return setHistory(fromSession());
			try {
				const read = await service.history(id, range.seconds, points, controller.signal);
				if (controller.signal.aborted) return;
				setHistory(read);
				setError(null);
			} catch (e) {
				if (controller.signal.aborted) return;
				setError((e as Error).message.split('\n')[0] ?? 'history failed');
				setHistory(fromSession());
			}
		};
		void read();
		const timer = setInterval(read, service.history ? PROMETHEUS_REFRESH_MS : SESSION_REFRESH_MS);
		// Without a Prometheus the session's samples are the history: they keep coming while it is shown.
		if (!service.history)
			void keepFollowing(
				controller.signal,
				() => service.stats(id, controller.signal, (sample) => sessionSamples.add(id, sample)),
				() => true,
			);
		return () => {
			controller.abort();
			clearInterval(timer);
		};
	}, [id, service, range.seconds, points]);

	if (!history) return <Text color={theme.color.muted}>Reading the last {range.label} of history…</Text>;
	const title = `History, last ${range.label}, ${sourceText(history, service.historyFrom)}`;
	const errorLine = error ? (
		<Text color={theme.color.warn} wrap="truncate-end">
			{error} Showing what this session saw.
		</Text>
	) : null;
	if (history.memoryBytes.length === 0)
		return (
			<Box flexDirection="column">
				<Text wrap="truncate-end">{title}</Text>
				{errorLine}
				<Text color={theme.color.muted} wrap="wrap">
					No samples of this container in the last {range.label}.
					{service.history
						? ''
						: ' Start the console with --prometheus URL (a Prometheus scraping `dockmedic watch --metrics` or cAdvisor) for hours the console was not open.'}
				</Text>
			</Box>
		);
	const leak = looksLikeLeak(history);
	const slope = `${history.memorySlopePerHour >= 0 ? '+' : '-'}${formatBytes(Math.abs(history.memorySlopePerHour))}`;
	const limit = history.memoryLimitBytes;
	const mib = (bytes: number) => bytes / (1024 * 1024);
	// A limit far above the peak (the host's memory) would flatten the line to the floor.
	const drawnLimit = limit !== null && limit < history.peakMemoryBytes * 4 ? mib(limit) : null;
	// Memory first: a leak is what hours of history show best.
	const charts = [
		{
			title: `Memory, MiB${drawnLimit !== null ? `, limit ${drawnLimit.toFixed(0)} MiB (flat line)` : ''}`,
			plot: chart(history.memoryBytes.map(mib), 1, drawnLimit, 'M'),
		},
		{ title: 'CPU % of one core', plot: chart([...history.cpuPercent], 100) },
	];
	// Above the charts: title, figures (and the error, the leak); each chart: title, six lines of plot, the time axis.
	const fitRows = Math.max(1, Math.floor((height - 2 - (error ? 1 : 0) - (leak ? 1 : 0)) / 8));
	const shown = charts.slice(0, fitRows * columns);
	const rows = Array.from({ length: Math.ceil(shown.length / columns) }, (_, i) =>
		shown.slice(i * columns, (i + 1) * columns),
	);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">{title}</Text>
			{errorLine}
			<Text wrap="truncate-end">
				CPU peak {history.peakCpuPercent.toFixed(1)}%{'  '}MEM peak {formatBytes(history.peakMemoryBytes)}
				{limit !== null ? ` of ${formatBytes(limit)}` : ''}
				{history.restarts !== null ? (
					<Text color={history.restarts > 0 ? theme.color.warn : undefined}>
						{'  '}
						{history.restarts === 1 ? '1 restart' : `${history.restarts} restarts`}
					</Text>
				) : null}
				{'  '}memory {slope}/h
			</Text>
			{leak ? (
				<Text color={theme.color.error} wrap="truncate-end">
					Memory rose steadily over the window ({slope}/h): a leak?
				</Text>
			) : null}
			{rows.map((row) => (
				<Box key={row.map((c) => c.title).join('|')} flexDirection="row">
					{row.map((c) => (
						<Box key={c.title} flexDirection="column" width={columnWidth} marginRight={1}>
							<Text color={theme.color.muted} wrap="truncate-end">
								{c.title}
							</Text>
							<Text>{c.plot}</Text>
							<Text color={theme.color.muted} wrap="truncate-end">
								{timeAxis(history)}
							</Text>
						</Box>
					))}
				</Box>
			))}
		</Box>
	);
}

function sourceText(history: MetricHistory, url: string | undefined): string {
	const every = `a point every ${shortDuration(history.stepSeconds * 1000)}`;
	switch (history.source) {
		case 'dockmedic':
			return `${every}, dockmedic watch --metrics series from ${url ?? 'Prometheus'}`;
		case 'cadvisor':
			return `${every}, cAdvisor's series from ${url ?? 'Prometheus'}`;
		default:
			return `${every}, as this console saw it (no --prometheus)`;
	}
}

/** Under the plot (its labels take 10 columns): the time of the first point at the left, "now" under the last. */
function timeAxis(history: MetricHistory): string {
	const start = clock(history.from);
	const gaps = history.gaps > 0 ? `, ${history.gaps} steps without data` : '';
	const plotWidth = history.memoryBytes.length;
	// "now" only when the last point is the window's end: a container that died hours ago ends at its death.
	const end = history.to - history.until <= history.stepSeconds * 1.5 ? 'now' : clock(history.until);
	const axis =
		plotWidth >= start.length + end.length + 2
			? `${start.padEnd(plotWidth - end.length)}${end}`
			: `${start} to ${end}`;
	return `${' '.repeat(9)}${axis}${gaps}`;
}

/** HH:MM of the local day, for a point in seconds since the epoch. */
function clock(seconds: number): string {
	const d = new Date(seconds * 1000);
	return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

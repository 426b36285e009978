import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../model/format.js';
import { RingBuffer } from '../../model/ring-buffer.js';
import { ioRates, type StatsSample } from '../../model/stats.js';
import { sessionSamples } from '../../store/sample-history.js';
import type { DetailsService } from '../details-service.js';
import { chart } from '../format/chart.js';
import { isGone, keepFollowing } from '../keep-following.js';
import type { Theme } from '../theme.js';

type StatsPaneProps = {
	readonly id: string;
	readonly service: DetailsService;
	readonly width: number;
	/** Lines available: more rows of charts on taller terminals. */
	readonly height?: number;
	readonly theme: Theme;
};

/** History kept per container: two minutes at one sample a second. */
const HISTORY = 120;

/** The current figures, and an asciichart chart per metric, as many as the terminal holds. */
export function StatsPane({ id, service, width, height = 24, theme }: StatsPaneProps) {
	const history = useRef(new RingBuffer<StatsSample>(HISTORY));
	const [version, setVersion] = useState(0);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		history.current = new RingBuffer<StatsSample>(HISTORY);
		setError(null);
		const controller = new AbortController();
		let failing = false;
		// When samples stop, the charts stay and a line says why, until reading starts again.
		void keepFollowing(
			controller.signal,
			() =>
				service.stats(id, controller.signal, (sample) => {
					if (failing) {
						failing = false;
						setError(null);
					}
					history.current.push(sample);
					sessionSamples.add(id, sample);
					setVersion((v) => v + 1);
				}),
			(error) => {
				if (error !== undefined) {
					failing = true;
					setError(error.split('\n')[0] ?? 'stats failed');
				}
				return true;
			},
		);
		return () => controller.abort();
	}, [id, service]);
	const samples = history.current.toArray();
	const last = samples.at(-1);
	const gone = error !== null && isGone(error);
	if (error && !last)
		return (
			<Text color={theme.color.error}>
				{error}
				{gone ? '' : ' (trying again every few seconds)'}
			</Text>
		);
	if (!last)
		return <Text color={theme.color.muted}>Waiting for the first stats sample… {version ? '' : ''}</Text>;
	const memWarn = last.memoryPercent >= 90;
	const rates = ioRates(samples.at(-2), last);
	// The charts in a grid: two side by side on wide terminals, as many rows as the height allows.
	const columns = width >= 100 ? 2 : 1;
	const columnWidth = Math.floor(width / columns) - 1;
	const charts = statsCharts(samples, Math.max(10, columnWidth - 10), memWarn);
	const fitRows = Math.max(1, Math.floor((height - TEXT_LINES - 1 - (error ? 1 : 0)) / CHART_LINES));
	const shown = charts.slice(0, fitRows * columns);
	const hidden = charts.length - shown.length;
	const gridRows = Array.from({ length: Math.ceil(shown.length / columns) }, (_, i) =>
		shown.slice(i * columns, (i + 1) * columns),
	);
	return (
		<Box flexDirection="column">
			{error ? (
				<Text color={theme.color.warn} wrap="truncate-end">
					Stats paused: {error}
					{gone ? '' : ' (trying again)'}
				</Text>
			) : null}
			<Text wrap="truncate-end">
				CPU {last.cpuPercent.toFixed(1)}%
				{last.cpuOfLimitPercent !== null ? ` (${last.cpuOfLimitPercent.toFixed(0)}% of its limit)` : ''}
				{last.throttledRatio > 0 ? (
					<Text color={theme.color.warn}>
						{' '}
						throttled {(last.throttledRatio * 100).toFixed(0)}% of periods
					</Text>
				) : null}
				{'  '}MEM {formatBytes(last.memoryUsageBytes)} / {formatBytes(last.memoryLimitBytes)}{' '}
				<Text color={memWarn ? theme.color.error : undefined}>({last.memoryPercent.toFixed(1)}%)</Text>
			</Text>
			<Text wrap="truncate-end">
				NET {formatBytes(rates.rx)}/s in, {formatBytes(rates.tx)}/s out ({formatBytes(last.netRxBytes)} /{' '}
				{formatBytes(last.netTxBytes)} total) BLOCK {formatBytes(rates.read)}/s read,{' '}
				{formatBytes(rates.write)}/s written PIDS {last.pids}
				{last.pidsLimit ? ` / ${last.pidsLimit}` : ''}
			</Text>
			{gridRows.map((row) => (
				<Box key={row.map((c) => c.title).join('|')} flexDirection="row">
					{row.map((c) => (
						<Box key={c.title} flexDirection="column" width={columnWidth} marginRight={1}>
							<Text color={c.warn ? theme.color.error : theme.color.muted} wrap="truncate-end">
								{c.title}
							</Text>
							<Text>{c.plot}</Text>
						</Box>
					))}
				</Box>
			))}
			{hidden > 0 ? <Text color={theme.color.muted}>{hidden} more charts on a larger terminal</Text> : null}
		</Box>
	);
}

/** Lines of figures above the charts, and lines per chart (title and a 5-line plot with its bottom axis); one
 * more line is kept for saying how many charts did not fit. */
const TEXT_LINES = 2;
const CHART_LINES = 7;

type Chart = { readonly title: string; readonly plot: string; readonly warn: boolean };

/**
 * One chart per metric, most telling first: CPU (with the limit line), memory (red near its limit),
 * network in and out, block read and write, processes (with the pids limit), CPU throttling.
 */
function statsCharts(samples: readonly StatsSample[], points: number, memWarn: boolean): Chart[] {
	const last = samples.at(-1) as StatsSample;
	const window = samples.slice(-points);
	const recent = samples.slice(-points - 1);
	const rates = recent.slice(1).map((s, i) => ioRates(recent[i], s));
	const kib = (pick: (r: ReturnType<typeof ioRates>) => number) => rates.map((r) => pick(r) / 1024);
	const cpuLimit =
		last.cpuOfLimitPercent !== null && last.cpuOfLimitPercent > 0
			? (last.cpuPercent / last.cpuOfLimitPercent) * 100
			: null;
	const throttled = window.map((s) => s.throttledRatio * 100);
	return [
		{
			title: `CPU % of one core${cpuLimit !== null ? `, limit ${cpuLimit.toFixed(0)}% (flat line)` : ''}`,
			plot: chart(
				window.map((s) => s.cpuPercent),
				100,
				cpuLimit,
			),
			warn: false,
		},
		{
			title: 'Memory % of limit',
			plot: chart(
				window.map((s) => s.memoryPercent),
				100,
			),
			warn: memWarn,
		},
		{
			title: 'Network in, KiB/s',
			plot: chart(
				kib((r) => r.rx),
				1,
				null,
				'K',
			),
			warn: false,
		},
		{
			title: 'Network out, KiB/s',
			plot: chart(
				kib((r) => r.tx),
				1,
				null,
				'K',
			),
			warn: false,
		},
		{
			title: 'Block read, KiB/s',
			plot: chart(
				kib((r) => r.read),
				1,
				null,
				'K',
			),
			warn: false,
		},
		{
			title: 'Block write, KiB/s',
			plot: chart(
				kib((r) => r.write),
				1,
				null,
				'K',
			),
			warn: false,
		},
		{
			title: `Processes${last.pidsLimit ? `, limit ${last.pidsLimit} (flat line)` : ''}`,
			plot: chart(
				window.map((s) => s.pids),
				1,
				last.pidsLimit,
				' ',
			),
			warn: false,
		},
		{
			title: 'CPU throttled, % of periods',
			plot: chart(throttled, 1),
			warn: last.throttledRatio > 0,
		},
	];
}

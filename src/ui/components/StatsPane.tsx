import asciichart from 'asciichart';
import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../model/format.js';
import { RingBuffer } from '../../model/ring-buffer.js';
import { ioRates, type StatsSample } from '../../model/stats.js';
import type { DetailsService } from '../details-service.js';
import type { Theme } from '../theme.js';

type StatsPaneProps = {
	readonly id: string;
	readonly service: DetailsService;
	readonly width: number;
	/** Lines available; tall terminals also get network and pids charts. */
	readonly height?: number;
	readonly theme: Theme;
};

/** History kept per container: two minutes at one sample a second. */
const HISTORY = 120;

/** Live CPU and memory charts (asciichart), with the limit line and the current figures. */
export function StatsPane({ id, service, width, height = 24, theme }: StatsPaneProps) {
	const history = useRef(new RingBuffer<StatsSample>(HISTORY));
	const [version, setVersion] = useState(0);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		history.current = new RingBuffer<StatsSample>(HISTORY);
		const controller = new AbortController();
		service
			.stats(id, controller.signal, (sample) => {
				history.current.push(sample);
				setVersion((v) => v + 1);
			})
			.catch((e: Error) => setError(e.message.split('\n')[0] ?? 'stats failed'));
		return () => controller.abort();
	}, [id, service]);
	const samples = history.current.toArray();
	const last = samples.at(-1);
	if (error) return <Text color={theme.color.error}>{error}</Text>;
	if (!last)
		return <Text color={theme.color.muted}>Waiting for the first stats sample… {version ? '' : ''}</Text>;
	const points = Math.max(10, width - 14);
	const cpu = samples.slice(-points).map((s) => s.cpuPercent);
	const mem = samples.slice(-points).map((s) => s.memoryPercent);
	const memWarn = last.memoryPercent >= 90;
	const rates = ioRates(samples.at(-2), last);
	// The CPU limit, drawn as a flat line over the usage when there is one.
	const cpuLimit =
		last.cpuOfLimitPercent !== null && last.cpuOfLimitPercent > 0
			? (last.cpuPercent / last.cpuOfLimitPercent) * 100
			: null;
	const chart = (series: number[], max: number, limit: number | null = null, unit = '%') => {
		const top = Math.max(max, limit ?? 0, ...series);
		// Small ranges get a decimal, or the axis repeats the same label.
		const digits = top < 10 ? 1 : 0;
		return asciichart.plot(limit === null ? pad(series) : [pad(series), pad(series).map(() => limit)], {
			height: 5,
			min: 0,
			max: top,
			format: (x: number) => `${x.toFixed(digits).padStart(5)}${unit}`,
		});
	};
	// Tall terminals: network traffic and processes get their own charts too.
	const tall = height >= 32;
	const recent = samples.slice(-points - 1);
	const netIn = recent.slice(1).map((s, i) => ioRates(recent[i], s).rx / 1024);
	const pids = samples.slice(-points).map((s) => s.pids);
	return (
		<Box flexDirection="column">
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
			<Text color={theme.color.muted}>
				CPU % (100 = one core
				{cpuLimit !== null ? `; the flat line is the limit, ${cpuLimit.toFixed(0)}%` : ''})
			</Text>
			<Text>{chart(cpu, 100, cpuLimit)}</Text>
			<Text color={memWarn ? theme.color.error : theme.color.muted}>Memory % of limit</Text>
			<Text>{chart(mem, 100)}</Text>
			{tall ? <Text color={theme.color.muted}>Network in, KiB/s</Text> : null}
			{tall ? <Text>{chart(netIn.length ? netIn : [0], 1, null, 'K')}</Text> : null}
			{tall ? (
				<Text color={theme.color.muted}>
					Processes{last.pidsLimit ? ` (the flat line is the limit, ${last.pidsLimit})` : ''}
				</Text>
			) : null}
			{tall ? <Text>{chart(pids, 1, last.pidsLimit, ' ')}</Text> : null}
		</Box>
	);
}

/** asciichart needs two points to draw a line. */
function pad(series: number[]): number[] {
	return series.length > 1 ? series : [...series, ...series];
}

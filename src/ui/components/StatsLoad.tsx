import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { formatBytes } from '../../model/format.js';
import { type LoadProgress, progressLine } from '../../model/load-result.js';
import type { ConsoleLoadResult, DetailsService } from '../details-service.js';
import type { Theme } from '../theme.js';
import { StatsPane } from './StatsPane.js';

type StatsLoadProps = {
	readonly id: string;
	readonly service: DetailsService;
	/** Counts the runs asked for: each new one starts a run. */
	readonly runId: number;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** Columns of the figures beside the charts. */
const FIGURES_WIDTH = 44;

/**
 * A load run against the container with its figures each second (req/s, p50/p95/p99, errors) beside the
 * container's live CPU and memory charts, then the result against the previous run.
 */
export function StatsLoad({ id, service, runId, width, height, theme }: StatsLoadProps) {
	const [target, setTarget] = useState<string | null>(null);
	const [progress, setProgress] = useState<LoadProgress | null>(null);
	const [result, setResult] = useState<ConsoleLoadResult | null>(null);
	const [error, setError] = useState<string | null>(null);

	useEffect(() => {
		// Each b asks for a run of its own.
		if (runId === 0) return;
		const controller = new AbortController();
		setTarget(null);
		setProgress(null);
		setResult(null);
		setError(null);
		if (!service.load) {
			setError('No load runs from this console (--read-only).');
			return;
		}
		service.load(id, controller.signal, setTarget, setProgress).then(
			(done) => !controller.signal.aborted && setResult(done),
			(e: Error) => !controller.signal.aborted && setError(e.message.split('\n')[0] ?? 'failed'),
		);
		// Leaving the view stops the run.
		return () => controller.abort();
	}, [id, service, runId]);

	const f = result?.figures;
	return (
		<Box flexDirection="row">
			<Box flexDirection="column" width={FIGURES_WIDTH} marginRight={1}>
				<Text bold>Load run</Text>
				{error ? (
					<Text color={theme.color.error} wrap="wrap">
						{error}
					</Text>
				) : (
					<Text wrap="wrap">{target ?? 'Finding its port…'}</Text>
				)}
				{progress && !f ? <Text wrap="wrap">{progressLine(progress).trim()}</Text> : null}
				{f ? (
					<>
						<Text
							color={f.errors + f.timeouts + f.non2xx > 0 ? theme.color.warn : theme.color.ok}
							wrap="wrap"
						>
							{f.requests} responses in {f.durationS} s: {f.requestsPerSecond} req/s
							{f.endedBy === 'duration' ? ' (time bound)' : ''}
						</Text>
						<Text wrap="wrap">
							p50 {f.latencyMs.p50} ms p95 {f.latencyMs.p95} ms p99 {f.latencyMs.p99} ms max {f.latencyMs.max}{' '}
							ms
						</Text>
						<Text wrap="wrap">
							{f.errors} errors, {f.timeouts} timeouts, {f.non2xx} non-2xx
						</Text>
						{result?.usage ? (
							<Text wrap="wrap">
								During it: CPU peak {result.usage.peakCpuPercent.toFixed(1)}%, memory peak{' '}
								{formatBytes(result.usage.peakMemoryBytes)}
							</Text>
						) : null}
						<Text color={theme.color.muted} wrap="wrap">
							{result?.comparison ?? 'The first run here: the next is shown against it.'}
						</Text>
						<Text color={theme.color.muted}>b: run again · Esc: back</Text>
					</>
				) : null}
			</Box>
			<StatsPane
				id={id}
				service={service}
				width={Math.max(20, width - FIGURES_WIDTH - 1)}
				height={height}
				theme={theme}
			/>
		</Box>
	);
}

import { Box, Text } from 'ink';
import type { Diagnosis, RunningStep, StepRecord } from '../../playbooks/diagnosis.js';
import { recoveryLines } from '../../playbooks/report.js';
import { useNow } from '../hooks/use-now.js';
import type { Theme } from '../theme.js';

export type DiagnosisProgress = {
	/** Steps finished so far, skipped ones left out. */
	readonly steps: readonly StepRecord[];
	readonly running: RunningStep | null;
	readonly result: Diagnosis | null;
	readonly error: string | null;
};

type DiagnosisViewProps = {
	readonly container: string;
	readonly progress: DiagnosisProgress;
	/** How many steps the person has walked through (Enter reveals one more). */
	readonly revealed: number;
	readonly width: number;
	readonly theme: Theme;
	/** A line about the fix: the confirmation question, or what happened. */
	readonly status?: string | null;
	/** Whether `f` applies the cause's safe fix. */
	readonly fixAvailable?: boolean;
};

const GLYPH: Record<StepRecord['status'], string> = {
	pass: 'ok',
	fail: 'FAIL',
	warn: 'warn',
	skipped: 'skip',
	error: 'ERR',
};

/**
 * A diagnosis walked step by step: the steps so far (one line each), the current one in full
 * (why, the command to run by hand, the evidence, the verdict), and at the end the cause and fix.
 */
export function DiagnosisView({
	container,
	progress,
	revealed,
	width,
	theme,
	status,
	fixAvailable,
}: DiagnosisViewProps) {
	const shown = progress.steps.slice(0, revealed);
	const current = shown.at(-1);
	const atEnd = progress.result !== null && revealed > progress.steps.length;
	const tone = (s: StepRecord['status']) =>
		s === 'fail' || s === 'error' ? theme.color.error : s === 'warn' ? theme.color.warn : theme.color.ok;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold>
				Diagnosing {container}
				<Text color={theme.color.muted}>
					{progress.result ? `  ${progress.result.playbooksRun.join(' → ')}` : '  running…'}
				</Text>
			</Text>
			{progress.error ? <Text color={theme.color.error}>{progress.error}</Text> : null}
			{/* On a short screen the oldest steps done give up their rows, so the open step or the cause is never squeezed. */}
			<Box flexDirection="column" flexShrink={1} overflowY="hidden" justifyContent="flex-end">
				{shown.slice(0, -1).map((step, i) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: a playbook can run once per service checked; its steps repeat
					<Box key={`${i}.${step.playbook}.${step.id}`} flexShrink={0}>
						<Text wrap="truncate-end">
							<Text color={tone(step.status)}>[{GLYPH[step.status]}]</Text> {step.title}
						</Text>
					</Box>
				))}
			</Box>
			{current && !atEnd ? (
				<Box
					flexDirection="column"
					borderStyle={theme.unicode ? 'single' : 'classic'}
					borderColor={theme.color.accent}
					paddingX={1}
				>
					<Text bold>
						<Text color={tone(current.status)}>[{GLYPH[current.status]}]</Text> {current.title}
					</Text>
					<Text color={theme.color.muted} wrap="wrap">
						Why: {current.why.trim()}
					</Text>
					<Text wrap="truncate-end">
						<Text color={theme.color.accent}>By hand: </Text>
						{current.command}
					</Text>
					{current.evidence.map((line, i) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: evidence lines may repeat; their order is their identity
						<Text key={`${i}.${line}`} wrap="truncate-end">
							{'  '}
							{line}
						</Text>
					))}
				</Box>
			) : null}
			{current && atEnd ? (
				<Text wrap="truncate-end">
					<Text color={tone(current.status)}>[{GLYPH[current.status]}]</Text> {current.title}
				</Text>
			) : null}
			{atEnd && progress.result ? <Conclusion result={progress.result} theme={theme} /> : null}
			{fixAvailable && !status ? (
				<Text color={theme.color.accent}>f applies the fix above, after you confirm.</Text>
			) : null}
			{status ? (
				<Text bold color={theme.color.warn} wrap="wrap">
					{status}
				</Text>
			) : null}
			{!progress.result && revealed > progress.steps.length ? (
				<RunningLine running={progress.running} theme={theme} />
			) : null}
		</Box>
	);
}

function RunningLine({ running, theme }: { readonly running: RunningStep | null; readonly theme: Theme }) {
	const now = useNow(1000);
	if (!running) return <Text color={theme.color.muted}>Running the next check…</Text>;
	const elapsed = Math.max(0, Math.floor((now - running.startedAt) / 1000));
	return (
		<Text color={theme.color.muted} wrap="truncate-end">
			Running: {running.title} {elapsed} s (gives up after {Math.round(running.timeoutMs / 1000)} s)
		</Text>
	);
}

function Conclusion({ result, theme }: { readonly result: Diagnosis; readonly theme: Theme }) {
	if (!result.cause) {
		return (
			<Box
				borderStyle={theme.unicode ? 'single' : 'classic'}
				borderColor={result.status === 'healthy' ? theme.color.ok : theme.color.warn}
				paddingX={1}
			>
				<Text wrap="wrap">
					{result.status === 'healthy'
						? 'No problem found: every check passed.'
						: `Inconclusive: ${result.note ?? 'some checks could not run (see the ERR steps)'}.`}
				</Text>
			</Box>
		);
	}
	return (
		<Box
			flexDirection="column"
			flexShrink={0}
			borderStyle={theme.unicode ? 'double' : 'classic'}
			borderColor={theme.color.error}
			paddingX={1}
		>
			<Text bold color={theme.color.error} wrap="wrap">
				Root cause: {result.cause.id}
			</Text>
			<Text bold wrap="wrap">
				{result.cause.summary}
			</Text>
			<Text wrap="wrap">{result.cause.explanation.trim()}</Text>
			<Text color={theme.color.accent}>Fix:</Text>
			{result.cause.fix.map((command) => (
				<Text key={command} wrap="wrap">
					{'  '}
					{command}
				</Text>
			))}
			{recoveryLines(result.cause).map((line, i) => (
				<Text key={line} wrap="wrap" {...(i === 0 ? { color: theme.color.accent } : {})}>
					{i === 0 ? line : `  ${line}`}
				</Text>
			))}
		</Box>
	);
}

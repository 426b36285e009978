import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useMemo, useReducer, useState, useSyncExternalStore } from 'react';
import { countByState, visibleRows } from '../model/container-list.js';
import type { Diagnosis, Remedy, StepRecord } from '../playbooks/diagnosis.js';
import type { RowStats } from '../store/stats-store.js';
import { CONTAINER_ACTIONS, type ContainerAction } from './actions.js';
import { ContainerTable, windowStart } from './components/ContainerTable.js';
import { DetailsView } from './components/DetailsView.js';
import { type DiagnosisProgress, DiagnosisView, type RunningStep } from './components/DiagnosisView.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { ServicesView } from './components/ServicesView.js';
import type { DetailsService } from './details-service.js';
import { layoutColumns, measureColumns } from './format/list-columns.js';
import { type ContainerListSource, useContainerList } from './hooks/use-container-list.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { initialListState, listReducer, selectionIndex } from './list-state.js';
import { splitKeys } from './split-keys.js';
import type { SwarmService } from './swarm-service.js';
import type { Theme } from './theme.js';

export type AppProps = {
	/** The live container list. */
	readonly containers: ContainerListSource;
	/** Endpoint URL to show before the engine answers. */
	readonly endpoint: string;
	readonly theme: Theme;
	/** Fixed clock for tests; the live clock otherwise. */
	readonly now?: number;
	/** Runs a diagnosis of one container, reporting each finished step. Absent: `d` explains why. */
	readonly diagnose?: DiagnoseService;
	/** Applies a diagnosis's safe fix; absent in --read-only mode, which offers no fix at all. */
	readonly applyFix?: (remedy: Remedy, containerId: string) => Promise<string>;
	/** Stats, logs and inspect for the detail panes. Absent: Enter does nothing. */
	readonly details?: DetailsService;
	/** Stats of the rows on screen, for the sparklines; absent: no CPU and memory columns data. */
	readonly rowStats?: RowStatsSource;
	/** Runs a container action; absent in --read-only mode, which offers no action. */
	readonly act?: (containerId: string, action: ContainerAction) => Promise<void>;
	/** Swarm services and their tasks (S); absent: S does nothing. */
	readonly swarm?: SwarmService;
};

/** What the console needs to diagnose: the UI never touches the engine itself. */
export type DiagnoseService = (
	containerId: string,
	onStep: (step: StepRecord) => void,
	onRunning: (running: RunningStep) => void,
) => Promise<Diagnosis>;

const NO_PROGRESS: DiagnosisProgress = { steps: [], running: null, result: null, error: null };

/** Lines taken by everything but the table rows: header (2), table title (1), footer (1). */
const CHROME_LINES = 4;

/** The console: header, container list, footer; help as an overlay. Composes only. */
/** What the list needs of the stats store. */
export type RowStatsSource = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): ReadonlyMap<string, RowStats>;
	setWatched(ids: readonly string[]): void;
};

const NO_STATS: ReadonlyMap<string, RowStats> = new Map();
const noSubscription = () => () => undefined;
const noStats = () => NO_STATS;

export function App({
	containers,
	endpoint,
	theme,
	now: fixedNow,
	diagnose,
	applyFix,
	details,
	act,
	rowStats,
	swarm,
}: AppProps) {
	const { exit } = useApp();
	const snapshot = useContainerList(containers);
	const terminal = useTerminalSize();
	// One row short of the terminal: Ink clears and rewrites the whole screen on every frame when the output
	// fills the terminal, even an unchanged one; one row short, it rewrites only the lines that changed.
	const size = { columns: terminal.columns, rows: Math.max(1, terminal.rows - 1) };
	// Status text changes every second only for containers up (or down) less than a minute;
	// otherwise a tick every 15 s keeps "Up 3 minutes" right without redrawing for nothing.
	const young = snapshot.rows.some((r) => {
		const since = Date.parse(r.state === 'running' ? (r.startedAt ?? '') : (r.finishedAt ?? ''));
		return Number.isFinite(since) && Date.now() - since < 60_000;
	});
	const now = useNow(young ? 1000 : 15_000, fixedNow);
	const [state, dispatch] = useReducer(listReducer, initialListState);
	const [actionMessage, setActionMessage] = useState<string | null>(null);

	const rows = useMemo(() => visibleRows(snapshot.rows, state), [snapshot.rows, state]);
	const ids = useMemo(() => rows.map((r) => r.id), [rows]);
	const counts = useMemo(() => countByState(snapshot.rows), [snapshot.rows]);
	// Measured on the whole view, not the visible window, so columns do not jump while scrolling.
	const contentWidths = useMemo(() => measureColumns(rows, now, theme), [rows, now, theme]);
	const columns = useMemo(() => layoutColumns(size.columns, contentWidths), [size.columns, contentWidths]);
	const selected = selectionIndex(state, ids);
	const stats = useSyncExternalStore(rowStats?.subscribe ?? noSubscription, rowStats?.getSnapshot ?? noStats);
	// Why the selected row is marked !, when the console's own reads found it (its logs, its project).
	const selectedRow = rows[selected];
	const trouble =
		state.view === 'list' && !state.helpOpen && selectedRow?.trouble
			? `${theme.glyph.attention} ${selectedRow.name}: ${selectedRow.trouble.reason}`
			: null;
	// The status line (action prompt or result, else the selected row's trouble) takes one row from the table while it shows.
	const tableHeight = Math.max(
		1,
		size.rows - CHROME_LINES - (state.actionPrompt || actionMessage || trouble ? 1 : 0),
	);

	// Keys typed quickly (or pasted) arrive as one chunk: each character is reduced in turn, against
	// the state the previous one left (so "/redis" typed at once filters instead of sorting).
	useInput((chunk, key) => {
		for (const [input, keyFlags] of splitKeys(chunk, key))
			dispatch({
				type: 'key',
				input,
				key: keyFlags,
				rows: snapshot.rows,
				page: tableHeight,
				fixAvailable,
				actionsAvailable: act !== undefined,
				servicesAvailable: swarm !== undefined,
			});
	});

	useEffect(() => {
		if (state.quitRequested) exit();
	}, [state.quitRequested, exit]);

	const [progress, setProgress] = useState<DiagnosisProgress>(NO_PROGRESS);
	const [fixMessage, setFixMessage] = useState<string | null>(null);
	const remedy = progress.result?.cause?.remedy;
	const fixAvailable = Boolean(remedy && applyFix && state.revealed > progress.steps.length);
	const target = state.diagnosisTarget;
	// The open container may stop or vanish while its panes are open: the tab line says so.
	const detailsRow = state.detailsTarget && snapshot.rows.find((r) => r.id === state.detailsTarget?.id);
	const detailsGone =
		state.detailsTarget && snapshot.loaded && !detailsRow
			? 'removed'
			: detailsRow && detailsRow.state !== 'running'
				? detailsRow.state
				: null;
	// One run per request (diagnosisRun); a newer request makes older results stale.
	// biome-ignore lint/correctness/useExhaustiveDependencies: runs only when a new diagnosis is requested
	useEffect(() => {
		if (state.diagnosisRun === 0 || !target) return;
		let current = true;
		setProgress(NO_PROGRESS);
		if (!diagnose) {
			setProgress({ ...NO_PROGRESS, error: 'Diagnosis is not available here.' });
			return;
		}
		diagnose(
			target.id,
			(step) => {
				if (current && step.status !== 'skipped')
					setProgress((p) => ({ ...p, steps: [...p.steps, step], running: null }));
			},
			(running) => current && setProgress((p) => ({ ...p, running })),
		).then(
			(result) => current && setProgress((p) => ({ ...p, result, running: null })),
			(error: Error) =>
				current && setProgress((p) => ({ ...p, error: error.message.split('\n')[0] ?? 'diagnosis failed' })),
		);
		return () => {
			current = false;
		};
	}, [state.diagnosisRun]);

	useEffect(() => {
		if (state.view === 'list') setFixMessage(null);
	}, [state.view]);

	// One engine call per confirmed action; the list shows its effect through the events stream.
	// biome-ignore lint/correctness/useExhaustiveDependencies: runs only when an action is confirmed
	useEffect(() => {
		const last = state.lastAction;
		if (state.actionRun === 0 || !last || !act) return;
		const verb = CONTAINER_ACTIONS[last.action];
		setActionMessage(`${verb.label} ${last.name}…`);
		act(last.id, last.action).then(
			() => setActionMessage(`${verb.done} ${last.name}.`),
			(error: Error) =>
				setActionMessage(`Could not ${verb.label} ${last.name}: ${error.message.split('\n')[0]}`),
		);
	}, [state.actionRun]);
	const prompt = state.actionPrompt;
	const statusLine = prompt
		? prompt.action
			? `${CONTAINER_ACTIONS[prompt.action].label} ${prompt.name}? (y/N)`
			: `Action on ${prompt.name}: ${Object.values(CONTAINER_ACTIONS)
					.map((a) => `${a.key} ${a.label}`)
					.join(' · ')} · Esc cancel`
		: (actionMessage ?? trouble);

	// Stats stream only for running rows on screen, and only while the list is showing.
	const start = windowStart(rows.length, selected, tableHeight);
	const watched =
		state.view === 'list' && columns.some((c) => c.id === 'cpu')
			? rows
					.slice(start, start + tableHeight)
					.filter((r) => r.state === 'running')
					.map((r) => r.id)
			: [];
	const watchedKey = watched.join(',');
	// biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the ids, not the array identity
	useEffect(() => {
		rowStats?.setWatched(watched);
	}, [watchedKey, rowStats]);

	// One fix per confirmation; afterwards the same container is diagnosed again to show the effect.
	// biome-ignore lint/correctness/useExhaustiveDependencies: runs only when a fix is confirmed
	useEffect(() => {
		if (state.fixRun === 0 || !remedy || !applyFix || !target) return;
		setFixMessage(`Running: ${remedy.command}`);
		applyFix(remedy, target.id).then(
			(message) => {
				setFixMessage(`${message} Diagnosed again below.`);
				dispatch({ type: 'diagnose', id: target.id, name: target.name });
			},
			(error: Error) => setFixMessage(`The fix failed: ${error.message.split('\n')[0]}`),
		);
	}, [state.fixRun]);

	const scope = state.showAll ? 'all' : 'running';
	const viewLabel = `showing ${rows.length} (${scope}) sorted by ${state.sort}${state.filter ? ` filter "${state.filter}"` : ''}`;
	const connection = snapshot.connection;
	const problem =
		connection.status === 'unreachable' || connection.status === 'reconnecting' ? connection.message : null;
	const emptyText = !snapshot.loaded
		? connection.status === 'connecting'
			? 'Connecting to the engine…'
			: 'No container list yet.'
		: state.filter
			? `No container matches "${state.filter}".`
			: state.showAll
				? 'No containers on this engine.'
				: 'No running containers (a shows all).';

	return (
		<Box flexDirection="column" width={size.columns} height={size.rows}>
			<Header
				engine={snapshot.engine}
				endpoint={endpoint}
				connection={connection}
				{...(snapshot.hosts ? { hosts: snapshot.hosts } : {})}
				counts={counts}
				viewLabel={viewLabel}
				theme={theme}
			/>
			<Box flexDirection="column" flexGrow={1} overflow="hidden">
				{state.helpOpen ? (
					// The body holds the table and its title line: one row more than the table.
					<HelpOverlay theme={theme} width={size.columns} height={tableHeight + 1} />
				) : state.view === 'details' && state.detailsTarget && details ? (
					<DetailsView
						id={state.detailsTarget.id}
						name={state.detailsTarget.name}
						pane={state.pane}
						logScroll={state.logScroll}
						inspectSection={state.inspectSection}
						logView={state.logView}
						service={details}
						gone={detailsGone}
						width={size.columns}
						height={tableHeight}
						theme={theme}
					/>
				) : state.view === 'services' && swarm ? (
					<ServicesView
						swarm={swarm}
						height={tableHeight}
						theme={theme}
						active={!state.helpOpen}
						onDiagnose={(t) => dispatch({ type: 'diagnose', id: t.id, name: t.name })}
					/>
				) : state.view === 'diagnosis' && target ? (
					<DiagnosisView
						container={target.name}
						progress={progress}
						revealed={state.revealed}
						width={size.columns}
						theme={theme}
						status={state.confirmingFix && remedy ? `Apply the fix: ${remedy.command} ? (y/N)` : fixMessage}
						fixAvailable={fixAvailable}
					/>
				) : problem && !snapshot.loaded ? (
					<Box flexDirection="column" paddingX={1}>
						<Text color={theme.color.error} wrap="wrap">
							{problem}
						</Text>
						<Text color={theme.color.muted}>Retrying in the background; q quits.</Text>
					</Box>
				) : (
					<>
						{problem ? (
							<Text color={theme.color.error} wrap="truncate-end">
								{problem.split('\n')[0]} (showing the last known list)
							</Text>
						) : null}
						<ContainerTable
							rows={rows}
							columns={columns}
							selected={selected}
							height={tableHeight - (problem ? 1 : 0)}
							now={now}
							theme={theme}
							emptyText={emptyText}
							stats={stats}
						/>
					</>
				)}
			</Box>
			{statusLine ? (
				<Text
					bold={prompt !== null}
					color={prompt || statusLine === trouble ? theme.color.warn : theme.color.info}
					wrap="truncate-end"
				>
					{statusLine}
				</Text>
			) : null}
			<Footer filterPrompt={state.editingFilter ? state.filter : null} mode={state.view} theme={theme} />
		</Box>
	);
}

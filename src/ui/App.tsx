import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExamProgress } from '../lab/exam.js';
import { countByState } from '../model/container-list.js';
import { listLines, matchedCount } from '../model/list-lines.js';
import type { DiagnoseService, Remedy } from '../playbooks/diagnosis.js';
import { CONTAINER_ACTIONS, type ContainerAction } from './actions.js';
import { windowStart } from './components/ContainerTable.js';
import { DetailsView } from './components/DetailsView.js';
import { DiagnosisView } from './components/DiagnosisView.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpOverlay, helpLayout } from './components/HelpOverlay.js';
import { ListView } from './components/ListView.js';
import { ServicesView } from './components/ServicesView.js';
import type { DetailsService } from './details-service.js';
import { layoutColumns, measureColumns } from './format/list-columns.js';
import { CHROME_LINES } from './format/plain-frame.js';
import { useConsoleState } from './hooks/use-console-state.js';
import { useContainerAction } from './hooks/use-container-action.js';
import { type ContainerListSource, useContainerList } from './hooks/use-container-list.js';
import { useDiagnosis } from './hooks/use-diagnosis.js';
import { useFix } from './hooks/use-fix.js';
import { useListClock } from './hooks/use-now.js';
import { usePolled } from './hooks/use-polled.js';
import { type RowStatsSource, useRowStats } from './hooks/use-row-stats.js';
import { useSwarmServices } from './hooks/use-swarm-services.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { splitKeys } from './split-keys.js';
import { footerOf } from './state/active-keys.js';
import { type Effect, type KeyContext, openDiagnosis, reduceKey } from './state/console-state.js';
import { firstContainer, selectionIndex } from './state/list-view.js';
import type { SwarmService } from './swarm-service.js';
import type { Theme } from './theme.js';

export type { DiagnoseService, RowStatsSource };

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
	/**
	 * Gives the terminal to a shell in the container and resolves with its exit code once it is back;
	 * absent in --read-only mode (a shell can change anything).
	 */
	readonly shell?: (containerId: string, toolbox?: boolean) => Promise<number>;
	/** Writes the incident report of a container and resolves with the file's path; absent: R says so. */
	readonly report?: (containerId: string) => Promise<string>;
	/** The running lab exam, if any (read each second): the header shows its clock. */
	readonly exam?: () => Promise<ExamProgress | null>;
};

/** How often the exam banner's clock is read again. */
const EXAM_POLL_MS = 1000;
const noExam = async (): Promise<ExamProgress | null> => null;
const noReport = async (): Promise<string> => {
	throw new Error('this console writes no reports');
};

/** How long a notice (back from a shell) stays in the status line. */
const NOTICE_MS = 10_000;

/** The console: header, the view on screen, a status line, the key hints. Composes only. */
export function App(props: AppProps) {
	const { containers, endpoint, theme, now: fixedNow, details, act, applyFix, rowStats, swarm } = props;
	const exam = usePolled(props.exam ?? noExam, 'exam', EXAM_POLL_MS, props.exam !== undefined).value;
	const { exit } = useApp();
	const snapshot = useContainerList(containers);
	const terminal = useTerminalSize();
	// One row short of the terminal: Ink clears and rewrites the whole screen on every frame when the output
	// fills the terminal, even an unchanged one; one row short, it rewrites only the lines that changed.
	const size = { columns: terminal.columns, rows: Math.max(1, terminal.rows - 1) };
	const now = useListClock(snapshot.rows, fixedNow);
	const diagnosis = useDiagnosis(props.diagnose);
	const action = useContainerAction(act);
	const fix = useFix(applyFix);
	const [state, apply] = useConsoleState(perform);
	// What the console has to say after a shell: shown in the status line for a while.
	const [notice, setNotice] = useState<string | null>(null);
	const noticeTimer = useRef<NodeJS.Timeout | undefined>(undefined);
	const say = (text: string) => {
		setNotice(text);
		clearTimeout(noticeTimer.current);
		noticeTimer.current = setTimeout(() => setNotice(null), NOTICE_MS);
	};
	useEffect(() => () => clearTimeout(noticeTimer.current), []);
	const services = useSwarmServices(swarm, state.view === 'services');

	/** Carries out what a key asked for; each effect once. */
	function perform(effect: Effect): void {
		if (effect.type === 'quit') exit();
		else if (effect.type === 'act') action.run(effect.target, effect.action);
		else if (effect.type === 'diagnose') {
			if (!effect.afterFix) fix.clear();
			diagnosis.start(effect.target);
		} else if (effect.type === 'apply-fix') {
			const remedy = diagnosis.progress.result?.cause?.remedy;
			if (remedy) fix.apply(remedy, effect.target, () => apply((s) => openDiagnosis(s, effect.target, true)));
		} else if (effect.type === 'shell') {
			const { id, name } = effect.target;
			const what = effect.toolbox ? 'the toolbox of' : 'the shell in';
			props.shell?.(id, effect.toolbox).then(
				(code) => say(`Back from ${what} ${name} (exit ${code}).`),
				(error: Error) =>
					say(`No ${effect.toolbox ? 'toolbox for' : 'shell in'} ${name}: ${error.message.split('\n')[0]}`),
			);
		} else if (effect.type === 'report') {
			const { id, name } = effect.target;
			say(`Writing the incident report of ${name} (diagnosis, timeline, last lines)…`);
			(props.report ?? noReport)(id).then(
				(file) => say(`Incident report of ${name} written to ${file}`),
				(error: Error) => say(`No incident report of ${name}: ${error.message.split('\n')[0]}`),
			);
		} else services.findTask(effect.index, (target) => apply((s) => openDiagnosis(s, target)));
	}

	const lines = useMemo(() => listLines(snapshot.rows, state.list), [snapshot.rows, state.list]);
	const rows = useMemo(() => lines.flatMap((l) => (l.kind === 'container' ? [l.row] : [])), [lines]);
	const counts = useMemo(() => countByState(snapshot.rows), [snapshot.rows]);
	// Measured on the whole view, not the visible window, so columns do not jump while scrolling.
	const contentWidths = useMemo(() => measureColumns(rows, now, theme), [rows, now, theme]);
	const columns = useMemo(() => layoutColumns(size.columns, contentWidths), [size.columns, contentWidths]);
	const selected = selectionIndex(
		state.list,
		lines.map((l) => l.id),
		firstContainer(lines),
	);
	// Why the selected row is marked !, when the console's own reads found it (its logs, its project).
	const selectedLine = lines[selected];
	const selectedRow = selectedLine?.kind === 'container' ? selectedLine.row : undefined;
	const trouble =
		state.view === 'list' && !state.help.open && selectedRow?.trouble
			? `${theme.glyph.attention} ${selectedRow.name}: ${selectedRow.trouble.reason}`
			: null;
	const prompt = state.prompt;
	const statusLine = prompt
		? prompt.action
			? `${CONTAINER_ACTIONS[prompt.action].label} ${prompt.target.name}? (y/N)`
			: `Action on ${prompt.target.name}: ${Object.values(CONTAINER_ACTIONS)
					.map((a) => `${a.key} ${a.label}`)
					.join(' · ')} · Esc cancel`
		: (action.message ?? notice ?? trouble);
	// The status line takes one row from the table while it shows.
	const tableHeight = Math.max(1, size.rows - CHROME_LINES - (statusLine ? 1 : 0));

	const remedy = diagnosis.progress.result?.cause?.remedy;
	const fixAvailable = Boolean(
		remedy && applyFix && state.diagnosis.revealed > diagnosis.progress.steps.length,
	);
	const help = helpLayout(size.columns, tableHeight + 1);
	const context: Omit<KeyContext, 'rows' | 'page'> = {
		readOnly: act === undefined,
		fixAvailable,
		servicesAvailable: swarm !== undefined,
		serviceCount: services.services?.length ?? 0,
		help: { count: help.rows.length, window: help.window },
	};
	// Keys typed quickly (or pasted) arrive as one chunk: each character is reduced in turn, against
	// the state the previous one left (so "/redis" typed at once filters instead of sorting).
	useInput((chunk, key) => {
		for (const [input, flags] of splitKeys(chunk, key))
			apply((s) => reduceKey(s, input, flags, { ...context, rows: snapshot.rows, page: tableHeight }));
	});

	// Stats are read only for running rows on screen, and only while the list is showing.
	const start = windowStart(lines.length, selected, tableHeight);
	const watched =
		state.view === 'list' && columns.some((c) => c.id === 'cpu')
			? lines
					.slice(start, start + tableHeight)
					.flatMap((l) => (l.kind === 'container' && l.row.state === 'running' ? [l.id] : []))
			: [];
	const stats = useRowStats(rowStats, watched);

	// The open container may stop or vanish while its panes are open: the tab line says so.
	const open = state.details.target;
	const openRow = open && snapshot.rows.find((r) => r.id === open.id);
	const gone =
		open && snapshot.loaded && !openRow
			? 'removed'
			: openRow && openRow.state !== 'running'
				? openRow.state
				: null;
	const target = state.diagnosis.target;
	const scope = state.list.showAll ? 'all' : 'running';
	const filter = state.list.filter;
	const matched = matchedCount(lines);
	const viewLabel = `showing ${matched} (${scope}) sorted by ${state.list.sort}${filter ? ` filter "${filter}"` : ''}`;

	return (
		<Box flexDirection="column" width={size.columns} height={size.rows}>
			<Header
				engine={snapshot.engine}
				endpoint={endpoint}
				connection={snapshot.connection}
				{...(snapshot.hosts ? { hosts: snapshot.hosts } : {})}
				counts={counts}
				viewLabel={viewLabel}
				exam={exam}
				theme={theme}
			/>
			<Box flexDirection="column" flexGrow={1} overflow="hidden">
				{state.help.open ? (
					// The body holds the table and its title line: one row more than the table.
					<HelpOverlay
						theme={theme}
						width={size.columns}
						height={tableHeight + 1}
						scroll={state.help.scroll}
					/>
				) : state.view === 'details' && open && details ? (
					<DetailsView
						id={open.id}
						name={open.name}
						details={state.details}
						service={details}
						gone={gone}
						width={size.columns}
						height={tableHeight}
						theme={theme}
					/>
				) : state.view === 'services' && swarm ? (
					<ServicesView
						services={services.services}
						problem={services.problem}
						message={services.message}
						selected={state.services.selected}
						height={tableHeight}
						theme={theme}
					/>
				) : state.view === 'diagnosis' && target ? (
					<DiagnosisView
						container={target.name}
						progress={diagnosis.progress}
						revealed={state.diagnosis.revealed}
						width={size.columns}
						theme={theme}
						status={
							state.diagnosis.confirmingFix && remedy
								? `Apply the fix: ${remedy.command}${remedy.note ? ` (${remedy.note})` : ''} ? (y/N)`
								: fix.message
						}
						fixAvailable={fixAvailable}
					/>
				) : (
					<ListView
						snapshot={snapshot}
						list={state.list}
						lines={lines}
						columns={columns}
						selected={selected}
						height={tableHeight}
						now={now}
						theme={theme}
						stats={stats}
					/>
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
			<Footer
				filterPrompt={state.view === 'list' && state.list.editingFilter ? state.list.filter : null}
				hints={footerOf(state, context)}
				theme={theme}
			/>
		</Box>
	);
}

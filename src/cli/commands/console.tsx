import { render } from 'ink';
import { type ExamProgress, examProgress, readExam } from '../../lab/exam.js';
import { defaultLabRoot, labHome } from '../../lab/paths.js';
import { App } from '../../ui/App.js';
import { forTerminal, resolveTheme, type Theme } from '../../ui/theme.js';
import type { GlobalOptions } from '../connect.js';
import { logFramesTo } from '../frame-log.js';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, type PlainFrame } from './pre-frame.js';

/** Home, then erase the screen. */
const CLEAR_SCREEN = '\u001B[H\u001B[2J';

import type { ConsoleSession } from './console-session.js';

/** The container an exam is about, found once per exam: the clock is read every second. */
let examTarget: { readonly exam: string; readonly target: string | null } | undefined;

/** The lab exam of this machine's lab folder (DOCKMEDIC_LAB_PREFIX's), for the header's clock. */
async function readExamProgress(): Promise<ExamProgress | null> {
	const prefix = process.env.DOCKMEDIC_LAB_PREFIX;
	const exam = readExam(labHome(defaultLabRoot(), prefix));
	if (!exam) return null;
	const key = `${exam.lab} ${exam.startedAt}`;
	if (examTarget?.exam !== key) {
		// The labs themselves load only when an exam runs: the console's start does not wait for them.
		const { labCatalogue } = await import('../../lab/catalogue.js');
		const { prefixScenario } = await import('../../lab/prefix.js');
		const scenario = labCatalogue().scenarios.find((s) => s.id === exam.lab);
		examTarget = { exam: key, target: scenario ? prefixScenario(scenario, prefix).target : null };
	}
	return examTarget.target === null ? null : examProgress(exam, examTarget.target);
}

/**
 * The interactive console. Runs in the terminal's alternate screen so the shell's scrollback is
 * untouched, and restores the terminal however it ends (quit, Ctrl-C, signal, crash).
 */
export async function runConsole(
	session: ConsoleSession,
	options: GlobalOptions,
	plainFrame: PlainFrame | null,
): Promise<number> {
	const { store } = session;
	logFramesTo(process.env.DOCKMEDIC_FRAME_LOG);
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		process.stdout.write(LEAVE_ALT_SCREEN);
	};
	// Over a plain first frame, Ink's first frame clears it in the same write (no blank screen between).
	if (plainFrame) plainFrame.handOver();
	else process.stdout.write(ENTER_ALT_SCREEN);
	process.once('exit', restore);

	const theme = resolveTheme(process.env, { color: options.color !== false });
	const output = terminalOutput(theme, plainFrame !== null);
	// The shell key: the console steps aside (its frames held, its keys unread, the main screen back),
	// the shell has the terminal, then the console comes back where it was and draws itself whole.
	const shell = session.shell;
	const shellHere = shell
		? async (containerId: string, toolbox = false): Promise<number> => {
				const inkReaders = process.stdin.listeners('readable') as ((...args: unknown[]) => void)[];
				let aside = false;
				// Only once a shell is found: a container without one is said in the status line, in place.
				const stepAside = () => {
					aside = true;
					output.suspended = true;
					for (const reader of inkReaders) process.stdin.removeListener('readable', reader);
					process.stdout.write(
						`${LEAVE_ALT_SCREEN}dockmedic: a ${toolbox ? 'toolbox' : 'shell'} for the container; \`exit\` returns to the console.\r\n`,
					);
				};
				try {
					return await shell(containerId, stepAside, toolbox);
				} finally {
					if (aside) {
						process.stdout.write(ENTER_ALT_SCREEN);
						if (process.stdin.isTTY) process.stdin.setRawMode(true);
						for (const reader of inkReaders) process.stdin.addListener('readable', reader);
						output.suspended = false;
						instance.clear();
					}
				}
			}
		: undefined;
	const instance = render(
		<App
			containers={store}
			endpoint={session.label}
			theme={theme}
			diagnose={session.diagnose}
			details={session.details}
			rowStats={session.rowStats}
			swarm={session.swarm}
			report={session.report}
			exam={readExamProgress}
			{...(session.act ? { act: session.act } : {})}
			{...(session.applyFix ? { applyFix: session.applyFix } : {})}
			{...(shellHere ? { shell: shellHere } : {})}
		/>,
		{ exitOnCtrlC: true, maxFps: 60, patchConsole: false, stdout: output.stream },
	);
	// Ink wrote the first frame during render(); the details follow once it is out.
	setImmediate(session.firstFrameDrawn);
	const onSignal = (signal: NodeJS.Signals) => {
		instance.unmount();
		restore();
		process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
	try {
		await instance.waitUntilExit();
	} finally {
		instance.unmount();
		restore();
		session.rowStats.stop();
		await store.stop();
	}
	return 0;
}

/**
 * Where frames go: the terminal, and on one that is not UTF-8, through forTerminal so that every border,
 * chart line, arrow and ellipsis of every view arrives in ASCII. While `suspended` (a shell has the
 * terminal) frames are dropped: the console draws itself whole when it is back.
 */
function terminalOutput(
	theme: Theme,
	clearFirst: boolean,
): { stream: NodeJS.WriteStream; suspended: boolean } {
	const output = { stream: process.stdout, suspended: false };
	let clear = clearFirst;
	output.stream = new Proxy(process.stdout, {
		get(target, property) {
			if (property === 'write')
				return (chunk: unknown, ...rest: unknown[]) => {
					if (output.suspended) return true;
					let text = typeof chunk === 'string' ? forTerminal(theme, chunk) : chunk;
					// The first frame (not the cursor's hiding before it) replaces the plain one.
					if (clear && typeof text === 'string' && text.includes('\n')) {
						text = `${CLEAR_SCREEN}${text}`;
						clear = false;
					}
					return (target.write as (...args: unknown[]) => boolean)(text, ...rest);
				};
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
	return output;
}

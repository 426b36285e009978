import os from 'node:os';
import { plainFirstFrame } from '../../ui/format/plain-frame.js';
import { forTerminal, resolveTheme } from '../../ui/theme.js';
import type { GlobalOptions } from '../connect.js';
import type { ConsoleSession } from './console-session.js';

export const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
export const LEAVE_ALT_SCREEN = '\u001B[?1049l';
/** Longest the first frame waits for the engine; a slow engine gets the console's "connecting" frame instead. */
const FIRST_FRAME_WAIT_MS = 300;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A plain first frame on screen; the console takes the screen over from it. */
export type PlainFrame = { readonly handOver: () => void };

/**
 * The console's first frame, drawn as plain text from the list call alone while Ink and React load
 * (they take as long again as everything before): the person reads their containers at once, and
 * keys typed meanwhile wait, unechoed, for the console. None when the list is not there within
 * 300 ms, or for several engines at once (the console's own frame says how each one answers).
 */
export async function drawPlainFirstFrame(
	session: ConsoleSession,
	options: GlobalOptions,
): Promise<PlainFrame | null> {
	const { store } = session;
	await Promise.race([
		store.whenListedOrFailed(),
		new Promise((resolve) => setTimeout(resolve, FIRST_FRAME_WAIT_MS)),
	]);
	const snapshot = store.getSnapshot();
	if (!snapshot.loaded || snapshot.hosts) return null;
	const theme = resolveTheme(process.env, { color: options.color !== false });
	const lines = plainFirstFrame({
		rows: snapshot.rows,
		endpoint: session.label,
		engine: snapshot.engine,
		columns: process.stdout.columns || 80,
		lines: process.stdout.rows || 24,
		theme,
		now: Date.now(),
	});
	if (process.stdin.isTTY) process.stdin.setRawMode(true);
	// Until the console takes over: however the process ends (a signal too: a dropped SSH session), the
	// person's screen and terminal come back.
	const restore = () => {
		if (process.stdin.isTTY) process.stdin.setRawMode(false);
		process.stdout.write(LEAVE_ALT_SCREEN);
	};
	const onSignal = (signal: NodeJS.Signals) => {
		restore();
		process.exit(128 + os.constants.signals[signal]);
	};
	process.once('exit', restore);
	for (const signal of SIGNALS) process.once(signal, onSignal);
	process.stdout.write(`${ENTER_ALT_SCREEN}${forTerminal(theme, lines.join('\r\n'))}`);
	return {
		handOver: () => {
			process.removeListener('exit', restore);
			for (const signal of SIGNALS) process.removeListener(signal, onSignal);
		},
	};
}

/**
 * The journal of what dockmedic changed: every console action, fix, limit update, backup and restore,
 * one JSON line each, so an incident report can say what was done, when, and how it went.
 */
import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SessionAction } from '../playbooks/incident-report.js';
import { stateRoot } from '../util/xdg.js';

export const journalFile = () => path.join(stateRoot(), 'dockmedic', 'actions.jsonl');

/** Past this size the journal starts afresh (the old one kept beside it once): it is a recent record. */
const ROTATE_BYTES = 2 * 1024 * 1024;

/** Appends one action; a journal that cannot be written never stops the action itself. */
export async function recordAction(entry: SessionAction & { readonly host?: string }): Promise<void> {
	const file = journalFile();
	try {
		await mkdir(path.dirname(file), { recursive: true });
		const size = await stat(file).then(
			(s) => s.size,
			() => 0,
		);
		if (size > ROTATE_BYTES) await rename(file, `${file}.1`);
		await appendFile(file, `${JSON.stringify(entry)}\n`);
	} catch {
		// A read-only home: the report will say no action was recorded.
	}
}

/** Runs a change and records it with its result; rethrows a failure after recording it. */
export async function recorded<T>(
	entry: Omit<SessionAction, 'time' | 'result' | 'detail'> & { readonly host?: string },
	change: () => Promise<T>,
): Promise<T> {
	const time = Date.now();
	try {
		const result = await change();
		await recordAction({ ...entry, time, result: 'ok' });
		return result;
	} catch (error) {
		await recordAction({
			...entry,
			time,
			result: 'failed',
			detail: (error as Error).message.split('\n')[0] ?? '',
		});
		throw error;
	}
}

/**
 * The actions on these containers of one engine between two times (ms), oldest first; unreadable lines are
 * skipped. A `web` of another engine is another container.
 */
export async function actionsBetween(
	host: string,
	containers: readonly string[],
	fromMs: number,
	toMs: number,
): Promise<SessionAction[]> {
	const texts = await Promise.all(
		[`${journalFile()}.1`, journalFile()].map((f) => readFile(f, 'utf8').catch(() => '')),
	);
	const wanted = new Set(containers);
	const actions: SessionAction[] = [];
	for (const line of texts.join('\n').split('\n')) {
		if (!line.trim()) continue;
		try {
			const entry = JSON.parse(line) as SessionAction & { host?: string };
			const ours = entry.host === undefined || entry.host === host;
			if (ours && entry.time >= fromMs && entry.time <= toMs && wanted.has(entry.container)) {
				const { host: _host, ...action } = entry;
				actions.push(action);
			}
		} catch {
			// A line cut by a crash mid-write.
		}
	}
	return actions.sort((a, b) => a.time - b.time);
}

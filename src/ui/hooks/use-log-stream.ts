import { useEffect, useRef, useState } from 'react';
import { LogBuffer } from '../../model/log-lines.js';
import { type LogRecord, mergeRecords, RecordReader } from '../../model/log-query.js';
import { redactLogText } from '../../model/redact.js';
import type { DetailsService, LogSource } from '../details-service.js';
import { keepFollowing } from '../keep-following.js';
import type { LogWindow } from '../panes/logs.js';

/** Line budget: the oldest lines go first, so memory stays flat under a flood. */
export const LINE_BUDGET = Number(process.env.DOCKMEDIC_LOG_LINES) || 5000;
/** Redraws at most four times a second for new lines, however fast containers write; keys redraw at once. */
const FLUSH_MS = 250;

/** DOCKMEDIC_LOG_PARSE=0: lines are not read for levels and entries (the flood benchmark's "without"). */
const READING = process.env.DOCKMEDIC_LOG_PARSE !== '0';

/** A buffer for lines, secret-looking values masked as they come unless --show-secrets. */
const newBuffer = (service: DetailsService) =>
	new LogBuffer(LINE_BUDGET, Date.now, service.showSecrets ? undefined : redactLogText, READING);

/** Where a window starts, in epoch seconds (undefined: the last lines, as the engine keeps them). */
async function windowStart(
	window: LogWindow,
	id: string,
	service: DetailsService,
): Promise<number | undefined> {
	const now = Date.now() / 1000;
	if (window === '5m') return now - 300;
	if (window === '1h') return now - 3600;
	if (window === 'start') {
		// The run's first lines are written before the engine records StartedAt; the previous run's end is
		// the clean cut (none: this is the first run, all of it).
		const { startedAt, finishedAt } = await service.inspect(id);
		const started = startedAt ? Date.parse(startedAt) : Number.NaN;
		const ended = finishedAt ? Date.parse(finishedAt) : Number.NaN;
		if (ended <= started) return ended / 1000;
		// A first run: nothing came before it, so a second's slack loses nothing.
		return Number.isFinite(started) ? started / 1000 - 1 : undefined;
	}
	return undefined;
}

export type LogStream = {
	readonly buffer: LogBuffer;
	/** Why the logs cannot be shown at all (a logging driver that keeps none). */
	readonly problem: string | null;
	/** Every stream ended for now (stopped, or the engine went away); following resumes by itself. */
	readonly ended: boolean;
	/** Merged: the containers followed; null for one container. */
	readonly sources: readonly LogSource[] | null;
	/** Merged was asked for a container of no Compose project. */
	readonly alone: boolean;
};

/**
 * Follows one container's output, or (merged) every container of its Compose project on one time
 * axis: the backlogs put in timestamp order, then lines as they come, each with its container's name.
 * Each stream resumes by itself after it ends, from the moment it ended (no line twice).
 */
export function useLogStream(
	id: string,
	service: DetailsService,
	options: { readonly timestamps: boolean; readonly window: LogWindow; readonly merged: boolean },
): LogStream {
	const { timestamps, window, merged } = options;
	// One buffer per stream (container, window, merge, timestamps), made as soon as a render asks for
	// another stream: the frame after a key shows the new stream's lines, never the old ones under the new title.
	const key = JSON.stringify([id, timestamps, window, merged]);
	const current = useRef<{ key: string; buffer: LogBuffer } | null>(null);
	if (current.current?.key !== key) current.current = { key, buffer: newBuffer(service) };
	const buffer = current.current.buffer;
	const [, setVersion] = useState(0);
	const [problem, setProblem] = useState<string | null>(null);
	const [ended, setEnded] = useState(false);
	const [sources, setSources] = useState<readonly LogSource[] | null>(null);
	const [alone, setAlone] = useState(false);

	useEffect(() => {
		// This stream's own buffer: a stream of a window or container left behind never writes into the next one's.
		const lines = buffer;
		setProblem(null);
		setEnded(false);
		setSources(null);
		setAlone(false);
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		let backlog = true;
		const redraw = () => {
			if (controller.signal.aborted) return;
			timer ??= setTimeout(() => {
				timer = undefined;
				// The backlog read on opening is no rate of writing.
				if (backlog) lines.clearRates();
				backlog = false;
				setVersion((v) => v + 1);
			}, FLUSH_MS);
		};
		const stopped = new Set<string>();
		const follow = (
			source: LogSource,
			count: number,
			onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
			/** Merged: where its backlog read ended (the window's start otherwise). */
			from?: number,
		) => {
			let since: number | undefined = from;
			let opened = from !== undefined;
			let everStopped = false;
			return keepFollowing(
				controller.signal,
				async () => {
					if (!opened) {
						opened = true;
						since = await windowStart(window, source.id, service);
					}
					return service.logs(
						source.id,
						controller.signal,
						(stream, text) => {
							if (stopped.delete(source.id)) setEnded(false);
							onOutput(stream, text);
						},
						// Merged lines are read with the engine's timestamps: they put the backlogs in order.
						{ timestamps: timestamps || count > 1, ...(since === undefined ? {} : { since }) },
					);
				},
				(error) => {
					// A first open that fails is the pane's problem to explain (a logging driver that cannot be read).
					if (error !== undefined && !everStopped && count === 1) {
						setProblem(error);
						return false;
					}
					if (!stopped.has(source.id)) {
						stopped.add(source.id);
						everStopped = true;
						since = Date.now() / 1000;
						if (stopped.size === count) setEnded(true);
					}
					return true;
				},
			);
		};
		const followOne = () =>
			follow({ id, name: '' }, 1, (stream, text) => {
				if (!controller.signal.aborted) lines.push(stream, text);
				redraw();
			});
		// Merged: each container's backlog read first (with timestamps) and put on one time axis, then each
		// followed from where its read ended, lines already read skipped (the engine's `since` is inclusive).
		const followMerged = async (members: readonly LogSource[]) => {
			const put = (record: LogRecord) =>
				lines.push(record.stream, `${timestamps ? `${record.time} ` : ''}${record.text}\n`, record.container);
			const readers = members.map((m) => new RecordReader(m.name));
			const backlogs = await Promise.all(
				members.map(async (member, i) => {
					const since = await windowStart(window, member.id, service);
					const records: LogRecord[] = [];
					await service
						.logs(
							member.id,
							controller.signal,
							(stream, text) => records.push(...(readers[i]?.push(stream, text) ?? [])),
							{
								timestamps: true,
								follow: false,
								...(since === undefined ? {} : { since }),
							},
						)
						.catch(() => undefined);
					return records;
				}),
			);
			if (controller.signal.aborted) return;
			for (const record of mergeRecords(backlogs)) put(record);
			lines.clearRates();
			redraw();
			members.forEach((member, i) => {
				const read = backlogs[i] ?? [];
				const lastOf = (stream: string) => [...read].reverse().find((r) => r.stream === stream)?.time ?? '';
				const newest = read.length ? Math.max(...read.map((r) => Date.parse(r.time))) : Date.now();
				const last = { stdout: lastOf('stdout'), stderr: lastOf('stderr') };
				void follow(
					member,
					members.length,
					(stream, text) => {
						if (controller.signal.aborted) return;
						for (const record of readers[i]?.push(stream, text) ?? []) {
							if (record.time <= last[record.stream]) continue;
							last[record.stream] = record.time;
							put(record);
						}
						redraw();
					},
					Math.floor(newest / 1000),
				);
			});
		};
		if (!merged) void followOne();
		else
			service.projectMembers(id).then(
				(members) => {
					if (controller.signal.aborted) return;
					if (members.length < 2) {
						setAlone(true);
						void followOne();
						return;
					}
					setSources(members);
					void followMerged(members);
				},
				(error: Error) => {
					if (!controller.signal.aborted) setProblem(error.message);
				},
			);
		return () => {
			controller.abort();
			clearTimeout(timer);
		};
	}, [buffer, id, service, timestamps, window, merged]);

	return { buffer, problem, ended, sources, alone };
}

import type { Engine } from '../../engine/engine.js';
import { DockmedicError } from '../../engine/errors.js';
import { COMPOSE_PROJECT } from '../../model/compose.js';
import { type Level, levelOfName } from '../../model/log-levels.js';
import {
	filterRecords,
	type LogRecord,
	mergeRecords,
	RecordReader,
	recordsOf,
} from '../../model/log-query.js';
import { redactLogText } from '../../model/redact.js';
import { parseDuration } from '../../model/timeline.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet } from '../fleet.js';

export type LogsCliOptions = GlobalOptions & {
	readonly project?: string;
	readonly since?: string;
	readonly until?: string;
	readonly tail?: string;
	readonly level?: string;
	readonly grep?: string;
	readonly timestamps?: boolean;
	readonly follow?: boolean;
	readonly format: 'text' | 'json';
};

/**
 * `dockmedic logs`: one or several containers' logs (or a Compose project's) on one time axis,
 * whole entries kept, filtered by level, pattern or field, secrets masked. Exit 0, or 1 when
 * nothing matched a filter.
 */
export async function runLogs(
	names: readonly string[],
	options: LogsCliOptions,
	out: NodeJS.WritableStream = process.stdout,
	signal?: AbortSignal,
): Promise<number> {
	const now = Date.now() / 1000;
	const since = options.since ? timeArg(options.since, now, '--since') : undefined;
	const until = options.until ? timeArg(options.until, now, '--until') : undefined;
	const level = options.level ? levelArg(options.level) : undefined;
	const grep = options.grep ? grepArg(options.grep) : undefined;
	const tail = options.tail === undefined || options.tail === 'all' ? 'all' : Number(options.tail);
	if (tail !== 'all' && (!Number.isInteger(tail) || tail < 0))
		throw new DockmedicError(`--tail expects a number of lines or "all", got "${options.tail}".`);
	if (!names.length && !options.project)
		throw new DockmedicError('Name one or more containers, or a Compose project with --project.');

	const fleet = await connectFleet(options);
	const [member] = fleet.members;
	if (!member) throw new DockmedicError('No engine answered.', { exitCode: 2 });
	const targets = await targetsOf(member.engine, names, options.project);
	const lists = await Promise.all(
		targets.map(async (t) => {
			const chunks = await member.engine.logs.read(t.id, {
				tail,
				timestamps: true,
				tty: t.tty,
				...(since === undefined ? {} : { since: Math.floor(since.seconds) }),
				...(until === undefined ? {} : { until: until.seconds }),
			});
			return recordsOf(t.name, chunks);
		}),
	);
	const filter = {
		...(level ? { level } : {}),
		...(grep ? { grep } : {}),
		// The engine cuts at whole seconds; the exact instants are cut here.
		...(since ? { since: since.stamp } : {}),
		...(until ? { until: until.stamp } : {}),
	};
	const print = printer(options, targets.length > 1 ? width(targets) : 0, out);
	const records = filterRecords(mergeRecords(lists), filter);
	for (const record of records) print(record);
	const followed =
		options.follow && until === undefined
			? await follow(member.engine, targets, lists, filter, print, signal)
			: 0;
	return records.length + followed === 0 && (level || grep) ? 1 : 0;
}

type Target = { readonly id: string; readonly name: string; readonly tty: boolean };

async function targetsOf(engine: Engine, names: readonly string[], project?: string): Promise<Target[]> {
	const refs = [...names];
	if (project) {
		const members = await engine.containers.listByLabel(`${COMPOSE_PROJECT}=${project}`);
		if (!members.length)
			throw new DockmedicError(`No container of a Compose project "${project}" on this engine.`);
		refs.push(...members.map((c) => c.id));
	}
	// Inspected, each once: its TTY setting decides how its stream is read.
	const all = await Promise.all(
		refs.map(async (ref) => {
			const d = await engine.containers.inspect(ref);
			return { id: d.id, name: d.name, tty: d.config.tty };
		}),
	);
	return all.filter((t, i) => all.findIndex((o) => o.id === t.id) === i).sort(byName);
}

const byName = (a: Target, b: Target) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const width = (targets: readonly Target[]) => Math.max(...targets.map((t) => t.name.length));

/** A time as --since/--until take it: a duration back from now (10m, 2h), RFC 3339, a date, or epoch seconds. */
export function timeArg(text: string, nowS: number, flag: string): { seconds: number; stamp: string } {
	const duration = parseDuration(text);
	let seconds: number;
	if (duration !== null && /[smhd]$/.test(text.trim())) seconds = nowS - duration;
	else if (/^\d+(?:\.\d+)?$/.test(text.trim())) seconds = Number(text);
	else {
		const ms = Date.parse(text);
		if (!Number.isFinite(ms))
			throw new DockmedicError(
				`${flag} expects a duration (10m, 2h, 1d), a time (2026-12-01T10:00:00Z) or epoch seconds, got "${text}".`,
			);
		seconds = ms / 1000;
	}
	const whole = Math.floor(seconds);
	const fraction = String(Math.round((seconds - whole) * 1e9)).padStart(9, '0');
	const stamp = `${new Date(whole * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
	return { seconds, stamp };
}

function levelArg(text: string): Level {
	const level = levelOfName(text);
	if (!level || text.length < 3)
		throw new DockmedicError(`--level expects one of fatal, error, warn, info, debug, trace; got "${text}".`);
	return level;
}

function grepArg(text: string): RegExp {
	try {
		return new RegExp(text, 'i');
	} catch (error) {
		throw new DockmedicError(`--grep "${text}" is not a regular expression: ${(error as Error).message}`);
	}
}

type Print = (record: LogRecord) => void;

/** Text (with the container's name in front when there are several) or one JSON object per line. */
function printer(options: LogsCliOptions, nameWidth: number, out: NodeJS.WritableStream): Print {
	const mask = (text: string) => (options.showSecrets ? text : redactLogText(text));
	const colour = process.env.NO_COLOR === undefined && options.color !== false && 'isTTY' in out && out.isTTY;
	const tones = [36, 35, 33, 32, 34, 31];
	const toneOf = new Map<string, number>();
	return (record) => {
		const text = mask(record.text);
		if (options.format === 'json') {
			out.write(
				`${JSON.stringify({
					container: record.container,
					time: record.time,
					stream: record.stream,
					level: record.level,
					continues: record.continues,
					text,
				})}\n`,
			);
			return;
		}
		let prefix = options.timestamps ? `${record.time} ` : '';
		if (nameWidth) {
			const name = record.container.padEnd(nameWidth);
			if (!toneOf.has(record.container))
				toneOf.set(record.container, tones[toneOf.size % tones.length] ?? 36);
			prefix += colour ? `\x1b[${toneOf.get(record.container)}m${name}\x1b[0m | ` : `${name} | `;
		}
		out.write(`${prefix}${text}\n`);
	};
}

/**
 * Follows every target from where the read ended, printing whole entries as they come (each
 * container's in its own order; between containers, in the order they arrive).
 */
async function follow(
	engine: Engine,
	targets: readonly Target[],
	lists: readonly LogRecord[][],
	filter: Parameters<typeof filterRecords>[1],
	print: Print,
	signal?: AbortSignal,
): Promise<number> {
	let printed = 0;
	const controller = new AbortController();
	const stop = () => controller.abort();
	signal?.addEventListener('abort', stop);
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		await Promise.all(
			targets.map(async (target, i) => {
				// Lines already printed are skipped (the engine's `since` is inclusive, and whole seconds). Each
				// stream is stamped on its own, so a stderr line can carry an earlier time than a stdout line before it.
				const records = lists[i] ?? [];
				const lastOf = (stream: 'stdout' | 'stderr') =>
					[...records].reverse().find((r) => r.stream === stream)?.time ?? '';
				const newest = records.at(-1)?.time;
				// A stream with nothing in the read (cut by --tail) starts after the newest line read.
				const last = {
					stdout: lastOf('stdout') || (newest ?? ''),
					stderr: lastOf('stderr') || (newest ?? ''),
				};
				const since = newest ? Date.parse(newest) / 1000 - 1 : Date.now() / 1000;
				const reader = new RecordReader(target.name);
				let pending: LogRecord[] = [];
				const flush = () => {
					clearTimeout(quiet);
					clearTimeout(due);
					quiet = undefined;
					due = undefined;
					for (const record of filterRecords(pending, filter)) {
						print(record);
						printed++;
					}
					pending = [];
				};
				// An entry's later lines come in later chunks: printing waits for a pause of 100 ms so a trace
				// stays whole, but never more than half a second, however busy the container.
				let quiet: NodeJS.Timeout | undefined;
				let due: NodeJS.Timeout | undefined;
				await engine.logs
					.follow(target.id, { since, tty: target.tty, timestamps: true }, controller.signal, (chunk) => {
						const fresh = reader
							.push(chunk.stream, chunk.data.toString('utf8'))
							.filter((r) => r.time > last[r.stream]);
						if (!fresh.length) return;
						last[chunk.stream] = fresh.at(-1)?.time ?? last[chunk.stream];
						pending.push(...fresh);
						clearTimeout(quiet);
						quiet = setTimeout(flush, 100);
						due ??= setTimeout(flush, 500);
					})
					.catch((error: unknown) => {
						if (!controller.signal.aborted) throw error;
					});
				flush();
			}),
		);
	} finally {
		signal?.removeEventListener('abort', stop);
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
	}
	return printed;
}

import type { ContainerEvent } from './container.js';
import type { TimedLine } from './evidence.js';
import { exitCodeMeaning } from './exit-codes.js';

/** One moment of a container's life, from the engine's event history. */
export type TimelineEntry = {
	/** Seconds since the epoch. */
	readonly time: number;
	readonly action: string;
	readonly summary: string;
	/** Deaths and OOM kills are what an incident note is about. */
	readonly bad: boolean;
	/** For a death: its last log lines, oldest first. */
	readonly lastLines?: readonly string[];
};

export type Timeline = {
	readonly container: string;
	readonly since: number;
	readonly until: number;
	readonly entries: readonly TimelineEntry[];
	readonly deaths: number;
	/** Starts that followed a death (by its policy or by hand). */
	readonly restarts: number;
	/** Mean seconds between consecutive deaths, null with fewer than two. */
	readonly secondsBetweenDeaths: number | null;
	/** Deaths per hour over the window, when there were any. */
	readonly deathsPerHour: number | null;
};

/** Actions that say nothing about the container's state (attach, resize, exec bookkeeping...). */
const NOISE =
	/^(attach|detach|resize|top|archive-path|extract-to-dir|export|commit|copy|exec_create|exec_detach|exec_die)/;

/**
 * The container's life on one time axis: create, start, die (with what the exit code means), OOM,
 * kill (with the signal), stop, restart, health changes, pause, execs, destroy; each death with the
 * log lines written just before it. Pure.
 */
export function timelineOf(
	container: string,
	events: readonly ContainerEvent[],
	window: { since: number; until: number },
	logs: readonly TimedLine[] = [],
): Timeline {
	// Nanoseconds where the engine gives them: a crash loop's runs are less than a second apart.
	const when = (e: ContainerEvent) => (e.timeNano ? e.timeNano / 1e9 : e.time);
	const ordered = [...events].filter((e) => !NOISE.test(e.action)).sort((a, b) => when(a) - when(b));
	const entries = ordered.map((event, i): TimelineEntry => {
		const summary = describe(event);
		const time = when(event);
		if (event.action !== 'die') return { time, action: event.action, summary, bad: event.action === 'oom' };
		// The lines after the previous death, up to this one: what this run wrote as it went down. (Not from its
		// start event: a process writes its first line before the engine records the start.)
		const previousDeath = [...ordered.slice(0, i)].reverse().find((e) => e.action === 'die');
		const after = previousDeath ? when(previousDeath) : window.since;
		const lastLines = logs
			.filter((l) => l.time !== null && l.time > after && l.time <= time)
			.slice(-3)
			.map((l) => l.text);
		return { time, action: event.action, summary, bad: true, ...(lastLines.length ? { lastLines } : {}) };
	});
	const deaths = entries.filter((e) => e.action === 'die');
	const restarts = entries.filter(
		(e, i) => e.action === 'start' && entries.slice(0, i).some((d) => d.action === 'die'),
	).length;
	const gaps = deaths.slice(1).map((d, i) => d.time - (deaths[i]?.time ?? d.time));
	const hours = Math.max(window.until - window.since, 1) / 3600;
	return {
		container,
		since: window.since,
		until: window.until,
		entries,
		deaths: deaths.length,
		restarts,
		secondsBetweenDeaths: gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : null,
		deathsPerHour: deaths.length ? Math.round((deaths.length / hours) * 10) / 10 : null,
	};
}

function describe(event: ContainerEvent): string {
	const a = event.attributes;
	if (event.action === 'die') {
		const code = Number(a.exitCode ?? Number.NaN);
		return Number.isFinite(code) ? `died: exit code ${code} (${exitCodeMeaning(code)})` : 'died';
	}
	if (event.action === 'oom') return 'OOM kill: the kernel killed a process at the memory limit';
	if (event.action === 'kill')
		return `sent signal ${a.signal ?? '?'}${a.signal ? ` (${signalLabel(Number(a.signal))})` : ''}`;
	if (event.action.startsWith('health_status')) return `health: ${event.action.split(':')[1]?.trim() ?? '?'}`;
	if (event.action === 'network connect') return `connected to network ${a.network ?? '?'}`;
	if (event.action === 'network disconnect') return `disconnected from network ${a.network ?? '?'}`;
	if (event.action.startsWith('exec_start'))
		return `exec: ${event.action.slice(event.action.indexOf(':') + 1).trim()}`;
	const words: Record<string, string> = {
		create: 'created',
		start: 'started',
		stop: 'stopped',
		restart: 'restarted',
		pause: 'paused',
		unpause: 'unpaused',
		destroy: 'removed',
		rename: `renamed (${a.oldName ?? ''} → ${a.name ?? ''})`,
		update: 'limits updated',
	};
	return words[event.action] ?? event.action;
}

function signalLabel(n: number): string {
	return (
		({ 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 15: 'SIGTERM' } as Record<number, string>)[n] ?? `signal ${n}`
	);
}

/** "1h", "30m", "2d", "90s" (or plain seconds) as seconds; null when it is none of those. */
export function parseDuration(text: string): number | null {
	const m = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(text.trim());
	if (!m) return null;
	const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
	return Math.round(Number(m[1]) * unit);
}

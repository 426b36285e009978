/**
 * What `dockmedic watch` decides, without I/O: which engine events are worth a diagnosis, one alert
 * per container until it recovers, a quiet start, a rate limit, and how an alert reads in Markdown
 * and in a Slack-compatible message.
 */
import type { ContainerEvent } from './container.js';

/** Why the watch looked at a container. */
export type Trigger = 'died' | 'oom' | 'unhealthy' | 'failing';

/** One message the watch sends: an alert with its diagnosis, or a container that recovered. */
export type WatchMessage = {
	readonly type: 'alert' | 'recovered';
	/** RFC 3339. */
	readonly time: string;
	readonly host: string | null;
	readonly container: string;
	readonly id: string;
	readonly trigger: Trigger | null;
	/** A CAUSES.md id, `inconclusive`, or null for a recovery. */
	readonly cause: string | null;
	readonly summary: string;
	readonly evidence: readonly string[];
	readonly fix: string | null;
	/** Alerts left unsent by the rate limit since the last one sent. */
	readonly suppressed: number;
};

/** The trigger an engine event is, or null for one that needs no diagnosis (a clean stop, a stop asked for). */
export function triggerOf(event: ContainerEvent, stoppedOnPurpose: boolean): Trigger | null {
	if (event.action === 'oom') return 'oom';
	if (event.action === 'health_status: unhealthy') return 'unhealthy';
	if (event.action !== 'die') return null;
	const code = Number(event.attributes.exitCode ?? '0');
	// A `docker stop` or `kill` someone ran ends with 0, 143 or 137 after a kill event: not a fault.
	if (code === 0 || stoppedOnPurpose) return null;
	return 'died';
}

/** How far before a break the events stream is read again: the break is noticed late on a hung connection. */
const REPLAY_BEFORE_BREAK_MS = 60_000;

/** The events the watch acts on: only these need remembering so that a replay does not tell them twice. */
const TOLD_ACTIONS = new Set([
	'die',
	'oom',
	'kill',
	'stop',
	'health_status: unhealthy',
	'health_status: healthy',
]);

/**
 * Where an events stream got to, so that after it breaks it is opened again from a little before the
 * break (the engine replays what it still holds) and no event is told twice. Events are remembered by
 * identity, not by a time cursor: the engine does not emit them in time order (an OOM kill's event can
 * carry a later time than the death it caused).
 */
export class EventCursor {
	/** Events acted on, by identity, with their time in ns; those long before a possible replay go. */
	private readonly told = new Map<string, number>();
	private brokeAtMs: number | null = null;

	constructor(private readonly startedAtMs = Date.now()) {}

	/** Whether the event is new: not one told before the stream broke and was replayed. */
	advance(event: ContainerEvent): boolean {
		if (!TOLD_ACTIONS.has(event.action)) return true;
		const nano = event.timeNano ?? event.time * 1e9;
		const key = `${nano} ${event.id} ${event.action}`;
		if (this.told.has(key)) return false;
		this.told.set(key, nano);
		const forget = nano - 4 * REPLAY_BEFORE_BREAK_MS * 1e6;
		for (const [k, at] of this.told) if (at < forget) this.told.delete(k);
		return true;
	}

	broke(nowMs: number): void {
		this.brokeAtMs = nowMs;
	}

	/** The `since` to open the stream with: none the first time, then from before the last break (never before the start). */
	resumeFrom(nowMs: number): number | undefined {
		if (this.brokeAtMs === null) return undefined;
		const from = Math.max(
			this.startedAtMs,
			this.brokeAtMs - REPLAY_BEFORE_BREAK_MS,
			nowMs - 10 * REPLAY_BEFORE_BREAK_MS,
		);
		return Math.floor(from / 1000);
	}
}

export type AlertBookOptions = {
	/** No alert before this time (epoch ms): what the watch finds at start is sent after it, once. */
	readonly quietUntil: number;
	/** At most this many alerts a minute; the rest are counted and said with the next one sent. */
	readonly perMinute: number;
};

/** One alert per container until it recovers; a quiet start; a rate limit. */
export class AlertBook {
	private readonly open = new Map<string, { cause: string; trigger: Trigger | null }>();
	private readonly sent: number[] = [];
	private suppressedCount = 0;

	constructor(private readonly options: AlertBookOptions) {}

	/** Whether a trigger for this container is worth a diagnosis now. */
	wants(id: string, now: number): boolean {
		return now >= this.options.quietUntil && !this.open.has(id);
	}

	/** Records an alert; false when the rate limit holds it back (it is counted, and said later). */
	admit(id: string, cause: string, trigger: Trigger | null, now: number): boolean {
		while (this.sent.length && (this.sent[0] ?? 0) <= now - 60_000) this.sent.shift();
		if (this.sent.length >= this.options.perMinute) {
			// Not open: a later scan finds it again, when there is room.
			this.suppressedCount++;
			return false;
		}
		this.open.set(id, { cause, trigger });
		this.sent.push(now);
		return true;
	}

	/** Alerts held back since the last one sent (and resets the count). */
	takeSuppressed(): number {
		const n = this.suppressedCount;
		this.suppressedCount = 0;
		return n;
	}

	/** Containers with an open alert, and its cause. */
	openAlerts(): [string, { cause: string; trigger: Trigger | null }][] {
		return [...this.open];
	}

	/** Closes a container's alert; true when it had one (a recovery to say). */
	close(id: string): boolean {
		return this.open.delete(id);
	}
}

/** Whether a container that had an alert is well again: running, not restarting, not unhealthy, up a while. */
export function recoveredNow(
	state: { running: boolean; restarting: boolean; health: string | null; startedAt: string | null },
	stableMs: number,
	now: number,
): boolean {
	if (!state.running || state.restarting || state.health === 'unhealthy' || state.health === 'starting')
		return false;
	const started = state.startedAt ? Date.parse(state.startedAt) : Number.NaN;
	return Number.isFinite(started) && now - started >= stableMs;
}

/** A section for the Markdown incident log. */
export function markdownOf(m: WatchMessage): string {
	const where = m.host ? ` on ${m.host}` : '';
	if (m.type === 'recovered') return `## ${m.time} ${m.container}${where}: recovered\n\n${m.summary}\n\n`;
	const lines = [
		`## ${m.time} ${m.container}${where}: ${m.cause}`,
		'',
		`Seen: ${m.trigger ?? 'found by the watch'}. ${m.summary}`,
		'',
		...(m.evidence.length
			? ['Evidence:', '', ...m.evidence.map((e) => `- ${e.replace(/\n/g, ' ')}`), '']
			: []),
		...(m.fix ? [`Fix: ${m.fix}`, ''] : []),
		...(m.suppressed ? [`(${m.suppressed} more alerts were held back by the rate limit.)`, ''] : []),
	];
	return `${lines.join('\n')}\n`;
}

/** A Slack-compatible message (incoming webhooks take `{"text": …}`). */
export function slackTextOf(m: WatchMessage): string {
	const where = m.host ? ` on ${m.host}` : '';
	if (m.type === 'recovered') return `:white_check_mark: *${m.container}*${where} recovered. ${m.summary}`;
	const evidence = m.evidence.slice(0, 3).map((e) => `> ${e.replace(/\n/g, ' ')}`);
	return [
		`:rotating_light: *${m.container}*${where}: *${m.cause}* (${m.trigger ?? 'found by the watch'})`,
		m.summary,
		...evidence,
		...(m.fix ? [`Fix: ${m.fix}`] : []),
	].join('\n');
}

import { appendFile } from 'node:fs/promises';
import {
	DockmedicError,
	describeError,
	type Endpoint,
	Engine,
	EngineTimeoutError,
	EngineUnavailableError,
} from '../../engine/index.js';
import type { ContainerDetails, ContainerEvent } from '../../model/container.js';
import { afterReading, cpuLimit, deriveSample, type RawStats } from '../../model/stats.js';
import { parseDuration } from '../../model/timeline.js';
import {
	AlertBook,
	EventCursor,
	markdownOf,
	recoveredNow,
	slackTextOf,
	type Trigger,
	triggerOf,
	type WatchMessage,
} from '../../model/watch.js';
import { containersNeedingAttention } from '../../playbooks/attention.js';
import { diagnose } from '../../playbooks/diagnose.js';
import type { Diagnosis } from '../../playbooks/diagnosis.js';
import { defaultSignatures } from '../../playbooks/signature-loader.js';
import { sleep } from '../../util/sleep.js';
import { endpointsFrom, type GlobalOptions } from '../connect.js';
import type { FleetMember } from '../fleet.js';
import { helperImage, loadAllPlaybooks } from '../playbook-setup.js';
import { type ContainerFigures, WatchMetrics } from '../watch-metrics.js';

export type WatchCliOptions = GlobalOptions & {
	readonly webhook?: string[];
	readonly slack?: string[];
	readonly incidentLog?: string;
	readonly quiet: string;
	readonly scan: string;
	readonly stable: string;
	readonly perMinute: string;
	/** Only containers with these labels (KEY or KEY=VALUE), as `docker ps --filter label=`. */
	readonly label?: string[];
	/** HOST:PORT or :PORT to serve Prometheus metrics on. */
	readonly metrics?: string;
};

/** How long to wait before opening the events stream again after it broke (the engine restarted). */
const RECONNECT_MS = 2000;
/** After an OOM event, how long its death may take to follow. */
const OOM_SETTLE_MS = 3000;

/**
 * `dockmedic watch`: follows each engine's events and, when a container dies, is OOM-killed or turns
 * unhealthy, or (by a scan every --scan) keeps logging errors, diagnoses it and sends the diagnosis:
 * JSON lines on stdout, webhooks (generic JSON, Slack text), a Markdown incident log. One alert per
 * container until it recovers, then one "recovered". Read-only: it never applies a fix. Runs until
 * SIGINT or SIGTERM, through engine restarts.
 */
export async function runWatch(
	options: WatchCliOptions,
	out: NodeJS.WritableStream = process.stdout,
	signal?: AbortSignal,
): Promise<number> {
	const seconds = (text: string, flag: string) => {
		const s = parseDuration(text);
		if (s === null || s < 0)
			throw new DockmedicError(`${flag} expects a duration like 10s, 5m or 1h, got "${text}".`);
		return s * 1000;
	};
	const quietMs = seconds(options.quiet, '--quiet');
	const scanMs = seconds(options.scan, '--scan');
	const stableMs = seconds(options.stable, '--stable');
	const perMinute = Number(options.perMinute);
	if (!Number.isInteger(perMinute) || perMinute < 1)
		throw new DockmedicError(`--per-minute expects a whole number of alerts, got "${options.perMinute}".`);

	const controller = new AbortController();
	const stop = () => controller.abort();
	signal?.addEventListener('abort', stop);
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	const named = endpointsFrom(options);
	const playbooks = loadAllPlaybooks([]);
	const signatures = defaultSignatures();
	const quietUntil = Date.now() + quietMs;
	const send = sender(options, out);
	const metrics = options.metrics ? new WatchMetrics() : null;
	if (metrics && options.metrics) await metrics.serve(options.metrics, controller.signal);
	process.stderr.write(
		`dockmedic watch: ${named.map((n) => n.name).join(', ')}; quiet for ${quietMs / 1000} s, then alerting (read-only; Ctrl-C stops)\n`,
	);
	try {
		await Promise.all(
			named.map(async ({ name, endpoint }) => {
				// An engine down at start (a boot order, a remote host rebooting) is waited for, not given up on.
				const engine = await connectWhenUp(name, endpoint, controller.signal);
				if (!engine) return;
				await watchEngine({ host: name, engine }, named.length > 1, {
					// One book per engine: a container id means nothing on another engine.
					book: new AlertBook({ quietUntil, perMinute }),
					send,
					playbooks,
					signatures,
					quietMs,
					scanMs,
					stableMs,
					signal: controller.signal,
					watched: labelFilter(options.label ?? []),
					metrics,
				});
			}),
		);
	} finally {
		signal?.removeEventListener('abort', stop);
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
	}
	return 0;
}

/** How often an engine that did not answer at start is tried again. */
const START_RETRY_MS = 5000;

/**
 * Connects to an engine, trying again while it does not answer (saying so once per reason); null when
 * the watch stops first. A configuration error (a missing TLS file, a bad URL) is thrown at once.
 */
async function connectWhenUp(host: string, endpoint: Endpoint, signal: AbortSignal): Promise<Engine | null> {
	let said = '';
	while (!signal.aborted) {
		try {
			const engine = await Engine.connect(endpoint);
			if (said) process.stderr.write(`dockmedic watch: ${host}: the engine answers; watching it\n`);
			return engine;
		} catch (error) {
			if (!(error instanceof EngineUnavailableError || error instanceof EngineTimeoutError)) throw error;
			const reason = describeError(error).split('\n')[0] ?? 'no answer';
			if (reason !== said)
				process.stderr.write(
					`dockmedic watch: ${host}: ${reason} (trying again every ${START_RETRY_MS / 1000} s)\n`,
				);
			said = reason;
		}
		if (!(await sleep(START_RETRY_MS, signal))) return null;
	}
	return null;
}

type WatchContext = {
	readonly book: AlertBook;
	readonly send: (message: WatchMessage) => Promise<void>;
	readonly playbooks: ReturnType<typeof loadAllPlaybooks>;
	readonly signatures: ReturnType<typeof defaultSignatures>;
	readonly quietMs: number;
	readonly scanMs: number;
	readonly stableMs: number;
	readonly signal: AbortSignal;
	/** Whether a container's labels are among those watched. */
	readonly watched: (labels: Readonly<Record<string, string>>) => boolean;
	readonly metrics: WatchMetrics | null;
};

/** One engine: its events (opened again whenever they break), a scan for running trouble, recoveries. */
async function watchEngine({ host, engine }: FleetMember, many: boolean, ctx: WatchContext): Promise<void> {
	const hostName = many ? host : null;
	/** Containers someone stopped or killed on purpose in the last seconds: their death is no fault. */
	const stoppedOnPurpose = new Map<string, number>();
	/** OOM kills seen: the death that follows is told as one, and diagnosed once the container is down. */
	const oomAt = new Map<string, number>();
	// One diagnosis at a time per engine: probes start helpers, and a burst of deaths should not pile them up.
	let queue = Promise.resolve();
	/** Containers waiting for a diagnosis: asked again meanwhile, they are not queued twice. */
	const pending = new Set<string>();
	/** Containers a diagnosis found well: a scan that flags them again waits this long (a restart count stays). */
	const wellUntil = new Map<string, number>();
	const examine = (id: string, trigger: Trigger | null) => {
		const now = Date.now();
		if (ctx.signal.aborted || pending.has(id) || !ctx.book.wants(id, now)) return;
		// An event (a death, an OOM kill, a failing check) is always looked at; a scan's flag not while it was well.
		if (trigger === 'failing' && (wellUntil.get(id) ?? 0) > now) return;
		pending.add(id);
		queue = queue
			.then(async () => {
				if (ctx.signal.aborted) return;
				const alerted = await alertFor(engine, id, trigger, hostName, ctx);
				if (!alerted) wellUntil.set(id, Date.now() + Math.max(5 * 60_000, 10 * ctx.scanMs));
			})
			.catch((error: Error) => {
				process.stderr.write(`dockmedic watch: could not diagnose ${id.slice(0, 12)}: ${error.message}\n`);
			})
			.finally(() => pending.delete(id));
	};

	/** Where the events stream was when it broke: reopened from there, so a death in the gap is not missed. */
	const cursor = new EventCursor();
	const followEvents = async () => {
		while (!ctx.signal.aborted) {
			await engine.events
				.stream(
					ctx.signal,
					(event) => {
						// Seen before the stream broke (the engine replays from the second the cursor is at).
						if (!cursor.advance(event)) return;
						onEvent(event);
					},
					{ sinceS: cursor.resumeFrom(Date.now()) },
				)
				// A stream that was open and ended marks the break; a reopening that fails does not move it on,
				// so after a long outage the replay still starts before the first break.
				.then(
					() => cursor.broke(Date.now()),
					() => undefined,
				);
			if (!(await sleep(RECONNECT_MS, ctx.signal))) return;
		}
	};
	const onEvent = (event: ContainerEvent) => {
		// Event times, not the clock: a replayed event happened when it says.
		const at = event.timeNano ? event.timeNano / 1e6 : event.time * 1000;
		if (event.action === 'kill' || event.action === 'stop') stoppedOnPurpose.set(event.id, at);
		const recent = (stoppedOnPurpose.get(event.id) ?? 0) > at - 15_000;
		let trigger = triggerOf(event, recent && event.action === 'die');
		// An event carries the container's labels among its attributes.
		if (!trigger || !ctx.watched(event.attributes)) return;
		if (trigger === 'oom') {
			// The kernel's kill comes first, the engine's die after: diagnosed on the death, or (a child
			// process killed, the container still up) a moment later.
			oomAt.set(event.id, at);
			const timer = setTimeout(() => examine(event.id, 'oom'), OOM_SETTLE_MS);
			ctx.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
			return;
		}
		if (trigger === 'died' && (oomAt.get(event.id) ?? 0) > at - OOM_SETTLE_MS) trigger = 'oom';
		examine(event.id, trigger);
	};
	/** Each running container's last stats reading: CPU is the difference between two. */
	const previousStats = new Map<string, RawStats>();
	// What was already wrong at start, and running containers whose logs turn to errors, and recoveries.
	const scan = async () => {
		if (!(await sleep(ctx.quietMs, ctx.signal))) return;
		while (!ctx.signal.aborted) {
			await scanOnce(engine, ctx, examine, hostName, host, previousStats).catch((error: Error) => {
				// The engine away: its figures go rather than stay as they were (running=1 for ever).
				ctx.metrics?.update(host, [], []);
				if (!ctx.signal.aborted)
					process.stderr.write(`dockmedic watch: ${host}: scan failed: ${error.message}\n`);
			});
			// Memory for days: what was remembered of containers long gone goes.
			// Event times are the engine's clock: kept for ten minutes so a skewed clock cannot drop them at once.
			const old = Date.now() - 10 * 60_000;
			for (const map of [stoppedOnPurpose, oomAt]) for (const [id, at] of map) if (at < old) map.delete(id);
			for (const [id, until] of wellUntil) if (until < Date.now()) wellUntil.delete(id);
			if (!(await sleep(ctx.scanMs, ctx.signal))) return;
		}
	};
	await Promise.all([followEvents(), scan()]);
	await queue;
}

async function scanOnce(
	engine: Engine,
	ctx: WatchContext,
	examine: (id: string, trigger: Trigger | null) => void,
	host: string | null,
	engineName: string,
	previousStats: Map<string, RawStats>,
): Promise<void> {
	const summaries = await engine.containers.list({ all: true });
	const details = (
		await Promise.all(
			summaries
				.filter((c) => ctx.watched(c.labels))
				.map((c) => engine.containers.inspect(c.id).catch(() => null)),
		)
	).filter((d): d is ContainerDetails => d !== null);
	const byId = new Map(details.map((d) => [d.id, d]));
	// Stopped on purpose (exit 0, or never started) is not trouble; what attention flags is. A container
	// still flagged (its logs still failing) has not recovered, however long it has run.
	const flagged = await containersNeedingAttention(engine, details, ctx.signatures);
	const stillFlagged = new Set(flagged.map((f) => f.id));
	for (const [id, alert] of ctx.book.openAlerts()) {
		// Read now, not with the scan's list: it may have died again while the triage read logs.
		let d: ContainerDetails | undefined;
		try {
			d = await engine.containers.inspect(id);
		} catch (error) {
			if ((error as Error).name !== 'ContainerNotFoundError') continue;
		}
		const now = Date.now();
		const well =
			d === undefined ||
			recoveredNow(
				{
					running: d.state === 'running',
					restarting: d.state === 'restarting',
					health: d.health,
					startedAt: d.startedAt,
				},
				ctx.stableMs,
				now,
			);
		// A container alerted for its logs is well when they are; one alerted for a death, when it runs well.
		if (!well || (alert.trigger === 'failing' && stillFlagged.has(id)) || !ctx.book.close(id)) continue;
		await ctx.send({
			type: 'recovered',
			time: new Date().toISOString(),
			host,
			container: d?.name ?? id.slice(0, 12),
			id,
			trigger: null,
			cause: null,
			summary: d
				? `Running for ${Math.round((now - Date.parse(d.startedAt ?? '')) / 1000)} s${d.health ? `, ${d.health}` : ''}.`
				: 'The container was removed.',
			evidence: [],
			fix: null,
			suppressed: 0,
		});
	}
	for (const f of flagged) examine(f.id, scanTrigger(byId.get(f.id)));
	for (const id of previousStats.keys()) if (!byId.has(id)) previousStats.delete(id);
	if (ctx.metrics) {
		const figures = await statsOf(engine, details, previousStats);
		const findings = ctx.book
			.openAlerts()
			.map(([id, alert]) => ({ container: byId.get(id)?.name ?? id.slice(0, 12), cause: alert.cause }));
		ctx.metrics.update(engineName, figures, findings);
	}
}

/** What a scan saw of a flagged container: its health or OOM kill, its logs (running), or a past death. */
function scanTrigger(d: ContainerDetails | undefined): Trigger | null {
	if (!d) return null;
	if (d.oomKilled) return 'oom';
	if (d.state === 'running') return d.health === 'unhealthy' ? 'unhealthy' : 'failing';
	return null;
}

/** Stats of the running containers (one-shot readings, a few at a time; CPU against the previous one). */
async function statsOf(
	engine: Engine,
	details: readonly ContainerDetails[],
	previous: Map<string, RawStats>,
): Promise<ContainerFigures[]> {
	const queue = [...details];
	const out: ContainerFigures[] = [];
	await Promise.all(
		Array.from({ length: 8 }, async () => {
			for (let d = queue.shift(); d; d = queue.shift()) {
				let sample = null;
				if (d.state === 'running') {
					const raw = await engine.stats.now(d.id).catch(() => null);
					const before = previous.get(d.id);
					if (raw) {
						previous.set(d.id, raw);
						// The first reading has no previous one: its CPU would be the lifetime average, so none is given.
						sample = before ? deriveSample(afterReading(before, raw), cpuLimit(d.hostConfig)) : null;
					}
				}
				out.push({ details: d, sample });
			}
		}),
	);
	return out;
}

/** KEY or KEY=VALUE filters, all of which a container's labels must meet (none: every container). */
function labelFilter(filters: readonly string[]): (labels: Readonly<Record<string, string>>) => boolean {
	const wanted = filters.map((f) => {
		const eq = f.indexOf('=');
		return eq < 0 ? { key: f, value: null } : { key: f.slice(0, eq), value: f.slice(eq + 1) };
	});
	return (labels) =>
		wanted.every(({ key, value }) => key in labels && (value === null || labels[key] === value));
}

/** Diagnoses a container and sends the alert (when it is still a finding, and the rate limit allows). */
async function alertFor(
	engine: Engine,
	id: string,
	trigger: Trigger | null,
	host: string | null,
	ctx: WatchContext,
): Promise<boolean> {
	if (!ctx.book.wants(id, Date.now())) return true;
	const diagnosis = await diagnose(id, {
		engine,
		playbooks: ctx.playbooks,
		helperImage: await helperImage(engine),
		signatures: ctx.signatures,
	});
	// Nothing wrong by the time it was looked at (restarted and well, a scan's guess): no alert.
	if (diagnosis.status === 'healthy' || ctx.signal.aborted) return false;
	const cause = diagnosis.cause?.id ?? diagnosis.status;
	// Held back by the rate limit: counted, and left to a later scan.
	if (!ctx.book.admit(id, cause, trigger, Date.now())) return true;
	await ctx.send(messageOf(diagnosis, id, trigger, host, ctx.book.takeSuppressed()));
	return true;
}

function messageOf(
	d: Diagnosis,
	id: string,
	trigger: Trigger | null,
	host: string | null,
	suppressed: number,
): WatchMessage {
	const evidence = [
		...(d.evidence?.errors ?? []).map((e) => e.line),
		...d.steps.filter((s) => s.status === 'fail').flatMap((s) => s.evidence.map((e) => `${s.title}: ${e}`)),
	].slice(0, 6);
	return {
		type: 'alert',
		time: new Date().toISOString(),
		host,
		container: d.container,
		id,
		trigger,
		cause: d.cause?.id ?? d.status,
		summary: d.cause?.summary ?? d.note ?? 'No playbook named a cause.',
		evidence,
		fix: d.cause?.fix[0] ?? null,
		suppressed,
	};
}

/** Sends a message everywhere asked: stdout (JSON lines), webhooks, Slack, the incident log. */
function sender(options: WatchCliOptions, out: NodeJS.WritableStream) {
	return async (message: WatchMessage) => {
		out.write(`${JSON.stringify(message)}\n`);
		const posts = [
			...(options.webhook ?? []).map((url) => post(url, message)),
			...(options.slack ?? []).map((url) => post(url, { text: slackTextOf(message) })),
		];
		if (options.incidentLog) posts.push(appendFile(options.incidentLog, markdownOf(message)));
		for (const result of await Promise.allSettled(posts))
			if (result.status === 'rejected')
				process.stderr.write(
					`dockmedic watch: could not deliver an alert: ${(result.reason as Error).message}\n`,
				);
	};
}

async function post(url: string, body: unknown): Promise<void> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

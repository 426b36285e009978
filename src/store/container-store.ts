import type { ContainerReads, EventClient, LogClient } from '../engine/index.js';
import type { ContainerEvent, EngineInfo } from '../model/container.js';
import {
	type ContainerRow,
	heldBackByProject,
	rowFromDetails,
	rowFromSummary,
} from '../model/container-list.js';
import {
	appendEvidence,
	collectEvidence,
	FAILING_WINDOW_S,
	failingNow,
	type LogEvidence,
	linesOfChunks,
	recentMatches,
} from '../model/evidence.js';
import type { Signature } from '../model/signatures.js';
import { nextTriageDelay } from '../model/triage-pace.js';
import { sleep } from '../util/sleep.js';

/** What the store needs of an engine; the real one is src/engine's Engine. */
export type ContainerSource = {
	readonly info: EngineInfo;
	readonly containers: Pick<ContainerReads, 'list' | 'inspect'>;
	readonly events: Pick<EventClient, 'stream'>;
	/** For log triage; a source without it gets none. */
	readonly logs?: Pick<LogClient, 'read'>;
};

export type ConnectionState =
	| { readonly status: 'connecting' }
	| { readonly status: 'live' }
	/** Was connected, lost the engine, retrying. */
	| { readonly status: 'reconnecting'; readonly attempt: number; readonly message: string }
	/** Never reached the engine yet, retrying. */
	| { readonly status: 'unreachable'; readonly attempt: number; readonly message: string };

export type ContainerListSnapshot = {
	readonly connection: ConnectionState;
	readonly engine: EngineInfo | null;
	/** Rows in no particular order; views sort them. */
	readonly rows: readonly ContainerRow[];
	/** Whether the list has been loaded at least once; kept through a reconnect, so the last known list stays shown. */
	readonly loaded: boolean;
	/** Each engine's own state, when several are watched at once (FleetStore). */
	readonly hosts?: readonly HostState[];
};

/** One engine of a fleet as the header shows it. */
export type HostState = {
	readonly name: string;
	readonly connection: ConnectionState;
	readonly engine: EngineInfo | null;
	readonly containers: number;
};

export type ContainerStoreOptions = {
	/** Opens a connection to the engine; called again after each loss. */
	readonly connect: () => Promise<ContainerSource>;
	/** Turns an error into the one-line message shown to the person. */
	readonly describe: (error: unknown) => string;
	/** Coalescing delay for change notifications. 50 ms: many events become one frame, well within 1 s. */
	readonly notifyDelayMs?: number;
	/** Inspect calls in flight at once while filling details; bounds the load put on dockerd. */
	readonly inspectConcurrency?: number;
	/**
	 * Error signatures to look for in running containers' new log lines, every logTriageMs; a
	 * container whose recent lines keep matching is marked as needing attention. None: no triage.
	 */
	readonly signatures?: () => Promise<readonly Signature[]>;
	/** The pace of the log triage for a busy container on screen; quiet and off-screen ones are read less often. */
	readonly logTriageMs?: number;
	/** Whether a container's row is on screen (the triage reads those more often). */
	readonly onScreen?: (id: string) => boolean;
	/**
	 * The first inspect of every container waits for this: the console's first frame is drawn from
	 * the list call alone, and the 50 inspects that fill in health and restarts would compete with it.
	 */
	readonly detailsAfter?: Promise<unknown>;
};

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 3000];
/** How often the triage looks for containers whose next read is due. */
const TRIAGE_TICK_MS = 5000;

/**
 * The live container list: loaded once per connection, then kept current by the events stream
 * (no polling). Framework-free; the UI reads it through subscribe/getSnapshot.
 */
export class ContainerStore {
	private snapshot: ContainerListSnapshot = {
		connection: { status: 'connecting' },
		engine: null,
		rows: [],
		loaded: false,
	};
	private readonly rows = new Map<string, ContainerRow>();
	private readonly listeners = new Set<() => void>();
	private notifyTimer: NodeJS.Timeout | undefined;
	private connection: ConnectionState = { status: 'connecting' };
	private engineInfo: EngineInfo | null = null;
	private loaded = false;
	private source: ContainerSource | undefined;
	private readonly refreshing = new Map<string, boolean>();
	private readonly logEvidence = new Map<string, { evidence: LogEvidence; lastTime: number }>();
	/** When the triage reads each running container next, and the start it was paced for. */
	private readonly triageDue = new Map<string, { at: number; delayMs: number; startedAt: string | null }>();
	/** Ids the engine destroyed: ids are never reused, so a late inspect of one is dropped. */
	private readonly destroyed = new Set<string>();
	private readonly options: Required<ContainerStoreOptions>;
	private readonly stopController = new AbortController();
	private running: Promise<void> | undefined;

	constructor(options: ContainerStoreOptions) {
		this.options = {
			notifyDelayMs: 50,
			inspectConcurrency: 8,
			signatures: async () => [],
			logTriageMs: 15_000,
			detailsAfter: Promise.resolve(),
			onScreen: () => true,
			...options,
		};
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): ContainerListSnapshot => this.snapshot;

	/** Starts the connect/load/follow loop. Safe to call once; stop() ends it. */
	start(): void {
		this.running ??= this.run(this.stopController.signal);
	}

	async stop(): Promise<void> {
		this.stopController.abort();
		clearTimeout(this.notifyTimer);
		await this.running;
	}

	/** Resolves once there is something to show: the first list, or a connection error. Never rejects. */
	whenListedOrFailed(): Promise<void> {
		return new Promise((resolve) => {
			const check = () => {
				const { loaded, connection } = this.snapshot;
				if (loaded || connection.status === 'unreachable') {
					unsubscribe();
					resolve();
				}
			};
			const unsubscribe = this.subscribe(check);
			check();
		});
	}

	/** Resolves when the first full load (list plus details) has finished, or rejects with the connection error. */
	waitUntilLoaded(): Promise<ContainerListSnapshot> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const snap = this.snapshot;
				if (snap.loaded && snap.rows.every((r) => r.detailed)) {
					unsubscribe();
					resolve(snap);
				} else if (snap.connection.status === 'unreachable') {
					unsubscribe();
					reject(new Error(snap.connection.message));
				}
			};
			const unsubscribe = this.subscribe(check);
			check();
		});
	}

	private async run(signal: AbortSignal): Promise<void> {
		let attempt = 0;
		let everConnected = false;
		while (!signal.aborted) {
			const session = new AbortController();
			const abortSession = () => session.abort();
			signal.addEventListener('abort', abortSession, { once: true });
			try {
				const source = await this.options.connect();
				this.source = source;
				this.engineInfo = source.info;
				// Open events before listing so that nothing happening during the load is missed.
				let streamOpen = true;
				// Caught at once, not when awaited: a stream that breaks during the load would otherwise be an
				// unhandled rejection, which ends the process.
				let streamError: unknown;
				const eventsEnded = source.events
					.stream(session.signal, (event) => this.onEvent(event))
					.catch((error: unknown) => {
						streamError = error;
					})
					.finally(() => {
						streamOpen = false;
					});
				await this.loadAll(source, session.signal);
				void this.triageLogs(source, session.signal);
				if (streamOpen) {
					everConnected = true;
					attempt = 0;
					this.setConnection({ status: 'live' });
				}
				await eventsEnded;
				if (signal.aborted) break;
				throw streamError ?? new Error('the events stream from the engine ended');
			} catch (error) {
				if (signal.aborted) break;
				attempt++;
				const message = this.options.describe(error);
				this.setConnection(
					everConnected
						? { status: 'reconnecting', attempt, message }
						: { status: 'unreachable', attempt, message },
				);
			} finally {
				signal.removeEventListener('abort', abortSession);
				session.abort();
			}
			await sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1] ?? 1000, signal);
		}
	}

	private async loadAll(source: ContainerSource, signal: AbortSignal): Promise<void> {
		const summaries = await source.containers.list({ all: true });
		if (signal.aborted) return;
		const seen = new Set(summaries.map((s) => s.id));
		for (const id of this.rows.keys()) if (!seen.has(id)) this.rows.delete(id);
		for (const summary of summaries) {
			const previous = this.rows.get(summary.id);
			// Keep inspect-only fields from before a reconnect until the fresh inspect lands.
			this.rows.set(
				summary.id,
				previous?.detailed
					? { ...previous, ...pickSummaryFields(rowFromSummary(summary)) }
					: rowFromSummary(summary),
			);
		}
		const firstLoad = !this.loaded;
		this.loaded = true;
		// The first list is published at once: it is what the person is waiting to see.
		if (firstLoad) this.publish();
		else this.scheduleNotify();
		if (firstLoad) await this.options.detailsAfter;
		const queue = summaries.map((s) => s.id);
		const workers = Array.from({ length: this.options.inspectConcurrency }, async () => {
			for (let id = queue.shift(); id !== undefined && !signal.aborted; id = queue.shift()) {
				await this.refresh(source, id);
			}
		});
		await Promise.all(workers);
	}

	private onEvent(event: ContainerEvent): void {
		if (event.action === 'destroy') {
			// Remembered: an inspect started before the destroy (for its kill or die) may answer after it.
			this.destroyed.add(event.id);
			if (this.rows.delete(event.id)) this.scheduleNotify();
			return;
		}
		// exec_* and attach/resize events do not change what the list shows.
		if (/^(exec_|attach|resize|top|archive-path|extract-to-dir|export|commit|copy)/.test(event.action))
			return;
		if (this.source) void this.refreshCoalesced(this.source, event.id);
	}

	/** One inspect per container at a time; a burst of events during it leads to exactly one more. */
	private async refreshCoalesced(source: ContainerSource, id: string): Promise<void> {
		if (this.refreshing.has(id)) {
			this.refreshing.set(id, true);
			return;
		}
		this.refreshing.set(id, false);
		try {
			do {
				this.refreshing.set(id, false);
				await this.refresh(source, id);
			} while (this.refreshing.get(id));
		} finally {
			this.refreshing.delete(id);
		}
	}

	/**
	 * Log triage: the new lines of each running container (since the last read, at most 200), matched
	 * against the signatures, each container at its own pace (nextTriageDelay: busy ones on screen every
	 * logTriageMs, quiet and off-screen ones less often, a restarted one at once). The evidence of the
	 * last minutes is kept per container; the rows say which are failing by their own account.
	 * Bounded: one read at a time.
	 */
	private async triageLogs(source: ContainerSource, signal: AbortSignal): Promise<void> {
		const read = source.logs?.read;
		const signatures = read ? await this.options.signatures().catch(() => []) : [];
		if (!read || signatures.length === 0) return;
		const baseMs = this.options.logTriageMs;
		while (!signal.aborted) {
			let changed = false;
			const sweep = [...this.rows.values()];
			for (const row of sweep) {
				if (signal.aborted) return;
				const seen = this.logEvidence.get(row.id);
				const due = this.triageDue.get(row.id);
				if (row.state !== 'running') {
					if (seen) this.logEvidence.delete(row.id);
					this.triageDue.delete(row.id);
					const held = heldBackByProject(row, sweep)
						? { reason: 'a Compose service its project holds back' }
						: null;
					if (row.trouble?.reason !== held?.reason) {
						this.rows.set(row.id, { ...row, trouble: held });
						changed = true;
					}
					continue;
				}
				// A new start (known once inspected) is read at once: a restart is when errors show.
				const restarted = due?.startedAt != null && due.startedAt !== row.startedAt;
				if (due && due.at > Date.now() && !restarted) continue;
				const nowS = Date.now() / 1000;
				const lastTime = seen?.lastTime ?? nowS - FAILING_WINDOW_S;
				// The engine's since is in whole seconds: lines of that second already read are dropped here.
				let unreadable = false;
				const chunks = await read(row.id, { tail: 200, timestamps: true, since: Math.floor(lastTime) }).catch(
					(error: Error) => {
						unreadable = /does not support reading/i.test(error.message);
						return null;
					},
				);
				if (unreadable && !row.trouble) {
					this.rows.set(row.id, {
						...row,
						trouble: { reason: 'its logs cannot be read back (logging driver)' },
					});
					changed = true;
				}
				if (!chunks) {
					this.triageDue.set(row.id, { at: Date.now() + baseMs, delayMs: baseMs, startedAt: row.startedAt });
					continue;
				}
				const lines = linesOfChunks(chunks).filter((l) => !seen || l.time === null || l.time > lastTime);
				const batch = collectEvidence(lines, signatures);
				const evidence = seen ? appendEvidence(seen.evidence, batch, nowS - FAILING_WINDOW_S) : batch;
				const newest = lines.reduce((t, l) => Math.max(t, l.time ?? 0), lastTime);
				this.logEvidence.set(row.id, { evidence, lastTime: newest });
				const current = this.rows.get(row.id);
				if (!current) continue;
				const recent = failingNow(evidence, current.startedAt, nowS)
					? recentMatches(evidence, current.startedAt, nowS)
					: [];
				const trouble = recent.length
					? { reason: `its logs keep reporting errors: ${recent.at(-1)?.line ?? ''}` }
					: null;
				const delayMs = nextTriageDelay(
					{
						newLines: lines.length,
						spanS: nowS - lastTime,
						failing: recent.length > 0,
						onScreen: this.options.onScreen(row.id),
						previousDelayMs: due?.delayMs ?? null,
					},
					baseMs,
				);
				this.triageDue.set(row.id, { at: Date.now() + delayMs, delayMs, startedAt: current.startedAt });
				if (current.trouble?.reason !== trouble?.reason) {
					this.rows.set(row.id, { ...current, trouble });
					changed = true;
				}
			}
			if (changed) this.scheduleNotify();
			// What removed containers left behind goes with them.
			for (const id of this.triageDue.keys()) if (!this.rows.has(id)) this.triageDue.delete(id);
			for (const id of this.logEvidence.keys()) if (!this.rows.has(id)) this.logEvidence.delete(id);
			// Each container has its own time; the sweep only looks for those that are due.
			await sleep(Math.min(baseMs, TRIAGE_TICK_MS), signal);
		}
	}

	private async refresh(source: ContainerSource, id: string): Promise<void> {
		try {
			const details = await source.containers.inspect(id);
			// Removed while this inspect was on its way (it saw "removing"): the row must not come back.
			if (this.destroyed.has(details.id)) return;
			const before = this.rows.get(details.id);
			this.rows.set(details.id, { ...rowFromDetails(details), trouble: before?.trouble ?? null });
		} catch (error) {
			// Gone between the event and the inspect: drop it. Other failures keep the old row.
			if ((error as { name?: string }).name === 'ContainerNotFoundError') this.rows.delete(id);
			else return;
		}
		this.scheduleNotify();
	}

	private setConnection(connection: ConnectionState): void {
		this.connection = connection;
		this.scheduleNotify();
	}

	private scheduleNotify(): void {
		this.notifyTimer ??= setTimeout(() => this.publish(), this.options.notifyDelayMs);
	}

	private publish(): void {
		clearTimeout(this.notifyTimer);
		this.notifyTimer = undefined;
		this.snapshot = {
			connection: this.connection,
			engine: this.engineInfo,
			rows: [...this.rows.values()],
			loaded: this.loaded,
		};
		for (const listener of this.listeners) listener();
	}
}

function pickSummaryFields(row: ContainerRow): Partial<ContainerRow> {
	const { name, image, state, health, status, ports, labels } = row;
	return { name, image, state, health, status, ports, labels };
}

import { RingBuffer } from '../model/ring-buffer.js';
import type { StatsSample } from '../model/stats.js';
import { sleep } from '../util/sleep.js';

/** Opens one container's stats stream; resolves when it ends. */
export type OpenStats = (
	id: string,
	signal: AbortSignal,
	onSample: (sample: StatsSample) => void,
) => Promise<void>;

export type RowStats = {
	readonly cpu: readonly number[];
	readonly memory: readonly number[];
	readonly last: StatsSample;
};

/** Samples kept per row: enough for a short sparkline. */
const HISTORY = 30;

/**
 * Stats for the rows on screen only: each stream costs the engine, so streams follow what the
 * person can see (setWatched), and stop for rows that scroll away. Notifies at most once a second.
 */
export class StatsStore {
	private readonly streams = new Map<string, AbortController>();
	private readonly history = new Map<string, RingBuffer<StatsSample>>();
	private readonly listeners = new Set<() => void>();
	private snapshot: ReadonlyMap<string, RowStats> = new Map();
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly open: OpenStats,
		// 2 s: sparklines need no more, and each notification redraws the whole list.
		private readonly notifyMs = 2000,
		private readonly retryMs = 5000,
	) {}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): ReadonlyMap<string, RowStats> => this.snapshot;

	/** Whether a container's stats stream (its row is on screen). */
	isWatched(id: string): boolean {
		return this.streams.has(id);
	}

	/** The ids whose stats should stream; others stop. */
	setWatched(ids: readonly string[]): void {
		const wanted = new Set(ids);
		for (const [id, controller] of this.streams) {
			if (wanted.has(id)) continue;
			controller.abort();
			this.streams.delete(id);
			this.history.delete(id);
		}
		for (const id of wanted) {
			if (this.streams.has(id)) continue;
			const controller = new AbortController();
			this.streams.set(id, controller);
			const ring = new RingBuffer<StatsSample>(HISTORY);
			this.history.set(id, ring);
			void this.follow(id, controller.signal, (sample) => {
				ring.push(sample);
				this.timer ??= setTimeout(() => this.publish(), this.notifyMs);
			});
		}
	}

	/**
	 * Reads a row's stats for as long as it is watched. A stream that ends (the container stopped, the
	 * engine restarted or dropped out) is opened again after a pause: the row shows no new stats meanwhile.
	 */
	private async follow(
		id: string,
		signal: AbortSignal,
		onSample: (sample: StatsSample) => void,
	): Promise<void> {
		do await this.open(id, signal, onSample).catch(() => undefined);
		while (await sleep(this.retryMs, signal));
	}

	/** How many stats streams are open (the engine pays for each). */
	get openStreams(): number {
		return this.streams.size;
	}

	stop(): void {
		this.setWatched([]);
		clearTimeout(this.timer);
	}

	private publish(): void {
		this.timer = undefined;
		const next = new Map<string, RowStats>();
		for (const [id, ring] of this.history) {
			const samples = ring.toArray();
			const last = samples.at(-1);
			if (last)
				next.set(id, {
					cpu: samples.map((s) => s.cpuPercent),
					memory: samples.map((s) => s.memoryPercent),
					last,
				});
		}
		this.snapshot = next;
		for (const listener of this.listeners) listener();
	}
}

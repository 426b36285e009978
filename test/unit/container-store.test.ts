import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContainerDetails, ContainerEvent, ContainerSummary } from '../../src/model/container.js';
import {
	type ContainerListSnapshot,
	type ContainerSource,
	ContainerStore,
} from '../../src/store/container-store.js';

const info = { endpoint: 'fake', version: '1', apiVersion: '1.41', os: 'linux', arch: 'amd64' };

function summaryOf(name: string, state: ContainerSummary['state'] = 'running'): ContainerSummary {
	return {
		id: `id-${name}`,
		name,
		image: 'img',
		state,
		status: 'Up 1 second',
		health: null,
		createdAt: new Date().toISOString(),
		ports: [],
		labels: {},
	};
}

const summary = summaryOf('doomed');

/** Details as inspect returns them, in the given state. */
function details(state: ContainerDetails['state'], of: ContainerSummary = summary): ContainerDetails {
	return {
		...of,
		state,
		exitCode: 0,
		oomKilled: false,
		restartCount: 0,
		error: '',
		pid: 0,
		startedAt: null,
		finishedAt: null,
		healthLog: [],
		config: {} as ContainerDetails['config'],
		hostConfig: {} as ContainerDetails['hostConfig'],
		mounts: [],
		networks: [],
	} as ContainerDetails;
}

/** Resolves once the store publishes a snapshot that satisfies `predicate` (at once if the current one does). */
function published(
	store: ContainerStore,
	predicate: (snapshot: ContainerListSnapshot) => boolean,
	timeoutMs = 5000,
): Promise<ContainerListSnapshot> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(
				new Error(`no such snapshot within ${timeoutMs} ms; last: ${JSON.stringify(store.getSnapshot())}`),
			);
		}, timeoutMs);
		const check = () => {
			const snapshot = store.getSnapshot();
			if (!predicate(snapshot)) return;
			clearTimeout(timer);
			unsubscribe();
			resolve(snapshot);
		};
		const unsubscribe = store.subscribe(check);
		check();
	});
}

describe('the container store', () => {
	it('does not bring back a removed container when an inspect started before its removal answers after it', async () => {
		const other = summaryOf('other');
		let emit: (event: ContainerEvent) => void = () => {};
		let answerLate: (d: ContainerDetails) => void = () => {};
		let inspects = 0;
		const store = new ContainerStore({
			notifyDelayMs: 1,
			describe: String,
			connect: async () => ({
				info,
				containers: {
					list: async () => [summary],
					inspect: (id) => {
						if (id === other.id) return Promise.resolve(details('running', other));
						inspects++;
						// The first inspect (the initial load) answers at once; the one for the kill event answers late.
						return inspects === 1
							? Promise.resolve(details('running'))
							: new Promise((r) => (answerLate = r));
					},
				},
				events: {
					stream: (signal, onEvent) => {
						emit = onEvent;
						return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
					},
				},
			}),
		});
		store.start();
		await store.waitUntilLoaded();
		const event = (action: string, of: ContainerSummary = summary): ContainerEvent => ({
			id: of.id,
			action,
			name: of.name,
			time: 0,
			attributes: {},
		});
		emit(event('kill'));
		emit(event('destroy'));
		await published(store, (s) => s.rows.length === 0);
		expect(store.getSnapshot().rows).toEqual([]);
		answerLate(details('removing'));
		// Proof that the late answer was taken: a container started after it shows (its inspect answers at
		// once, after the late one), and the removed one is still gone.
		emit(event('start', other));
		await published(store, (s) => s.rows.some((r) => r.id === other.id));
		expect(store.getSnapshot().rows.filter((r) => r.id !== other.id)).toEqual([]);
		await store.stop();
	});
});

/**
 * An engine the test controls: up or down, its containers, and the events stream of the current connection.
 * Records the (fake) time of every connect, and counts the lists.
 */
class FakeEngine {
	up = true;
	containers: ContainerSummary[];
	/** Date.now() of each connect() call. */
	readonly connects: number[] = [];
	lists = 0;
	/** While set, listing waits for it: a slow reload. */
	listGate: Promise<void> | null = null;
	private stream: { end: () => void; fail: (error: Error) => void } | undefined;

	constructor(containers: ContainerSummary[]) {
		this.containers = containers;
	}

	readonly connect = async (): Promise<ContainerSource> => {
		this.connects.push(Date.now());
		if (!this.up) throw new Error('connect ECONNREFUSED /var/run/docker.sock');
		return {
			info,
			containers: {
				list: async () => {
					this.lists++;
					await this.listGate;
					return [...this.containers];
				},
				inspect: async (id) => {
					const found = this.containers.find((c) => c.id === id);
					if (!found)
						throw Object.assign(new Error(`No such container: ${id}`), { name: 'ContainerNotFoundError' });
					return details(found.state, found);
				},
			},
			events: {
				stream: (signal) =>
					new Promise<void>((resolve, reject) => {
						this.stream = { end: resolve, fail: reject };
						signal.addEventListener('abort', () => resolve(), { once: true });
					}),
			},
		};
	};

	/** The engine goes away: connecting fails from now on, and the open events stream ends (or breaks). */
	goDown(): void {
		this.up = false;
		this.stream?.end();
	}

	/** The events stream of the current connection breaks with an error; the engine itself stays up. */
	breakStream(error: Error): void {
		this.stream?.fail(error);
	}
}

/** The store's back-off between attempts (RETRY_DELAYS_MS), the last one repeated. */
const BACK_OFF_MS = [250, 500, 1000, 2000, 3000, 3000];
/** The store's default coalescing delay before a change is published. */
const NOTIFY_MS = 50;

describe('the container store across engine losses (fake timers)', () => {
	let store: ContainerStore | undefined;

	afterEach(async () => {
		await store?.stop();
		store = undefined;
		vi.useRealTimers();
	});

	/** A store on the fake engine, started and live with its first list published. */
	async function liveStore(engine: FakeEngine): Promise<ContainerStore> {
		vi.useFakeTimers();
		store = new ContainerStore({ connect: engine.connect, describe: (error) => (error as Error).message });
		store.start();
		await vi.advanceTimersByTimeAsync(NOTIFY_MS);
		expect(store.getSnapshot()).toMatchObject({ connection: { status: 'live' }, loaded: true });
		return store;
	}

	const names = (s: ContainerStore) => s.getSnapshot().rows.map((r) => r.name);

	it('keeps the last known list while reconnecting, and backs off 250, 500, 1000, 2000, 3000, 3000 ms, saying which attempt it is', async () => {
		const engine = new FakeEngine([summaryOf('api'), summaryOf('db', 'exited')]);
		const s = await liveStore(engine);
		expect(engine.connects).toHaveLength(1);
		const lostAt = Date.now();
		engine.goDown();
		for (const [i, delay] of BACK_OFF_MS.entries()) {
			// Until the back-off ends: no attempt, the failures so far counted and explained, the list kept.
			await vi.advanceTimersByTimeAsync(delay - 1);
			expect(engine.connects).toHaveLength(1 + i);
			expect(s.getSnapshot().connection).toEqual({
				status: 'reconnecting',
				attempt: i + 1,
				message:
					i === 0 ? 'the events stream from the engine ended' : 'connect ECONNREFUSED /var/run/docker.sock',
			});
			expect(s.getSnapshot().loaded).toBe(true);
			expect(names(s)).toEqual(['api', 'db']);
			await vi.advanceTimersByTimeAsync(1);
			expect(engine.connects).toHaveLength(2 + i);
		}
		const attempts = [lostAt, ...engine.connects.slice(1)];
		expect(attempts.slice(1).map((t, i) => t - (attempts[i] ?? 0))).toEqual(BACK_OFF_MS);
	});

	it('reloads the list on recovery, shows it live only once reloaded, and starts the back-off again at the next loss', async () => {
		const engine = new FakeEngine([summaryOf('api'), summaryOf('db'), summaryOf('worker')]);
		const s = await liveStore(engine);
		engine.goDown();
		await vi.advanceTimersByTimeAsync(250 + 500 + NOTIFY_MS);
		expect(s.getSnapshot().connection).toMatchObject({ status: 'reconnecting', attempt: 3 });
		// While it was away: worker removed, cron created, db stopped. The next attempt (in 1000 ms) gets through.
		engine.containers = [summaryOf('api'), summaryOf('db', 'exited'), summaryOf('cron')];
		engine.up = true;
		let reload: () => void = () => {};
		engine.listGate = new Promise((resolve) => (reload = resolve));
		await vi.advanceTimersByTimeAsync(1000 - NOTIFY_MS);
		expect(engine.connects).toHaveLength(4);
		expect(engine.lists).toBe(2);
		// Connected, still listing: the last known list stays, and so does the reconnecting state.
		await vi.advanceTimersByTimeAsync(NOTIFY_MS * 4);
		expect(s.getSnapshot().connection).toMatchObject({ status: 'reconnecting', attempt: 3 });
		expect(names(s)).toEqual(['api', 'db', 'worker']);
		reload();
		await vi.advanceTimersByTimeAsync(NOTIFY_MS);
		expect(s.getSnapshot().connection).toEqual({ status: 'live' });
		expect(names(s).sort()).toEqual(['api', 'cron', 'db']);
		expect(s.getSnapshot().rows.find((r) => r.name === 'db')?.state).toBe('exited');
		// Lost again: attempt 1, retried after 250 ms (not the 2000 ms a fourth failure in a row would wait).
		engine.goDown();
		await vi.advanceTimersByTimeAsync(NOTIFY_MS);
		expect(s.getSnapshot().connection).toMatchObject({ status: 'reconnecting', attempt: 1 });
		await vi.advanceTimersByTimeAsync(250 - NOTIFY_MS - 1);
		expect(engine.connects).toHaveLength(4);
		await vi.advanceTimersByTimeAsync(1);
		expect(engine.connects).toHaveLength(5);
	});

	it('reconnects when the events stream breaks, saying why, and is live again after one back-off', async () => {
		const engine = new FakeEngine([summaryOf('api')]);
		const s = await liveStore(engine);
		engine.breakStream(new Error('socket hang up'));
		await vi.advanceTimersByTimeAsync(NOTIFY_MS);
		expect(s.getSnapshot().connection).toEqual({
			status: 'reconnecting',
			attempt: 1,
			message: 'socket hang up',
		});
		expect(names(s)).toEqual(['api']);
		await vi.advanceTimersByTimeAsync(250 - NOTIFY_MS - 1);
		expect(engine.connects).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(engine.connects).toHaveLength(2);
		expect(engine.lists).toBe(2);
		await vi.advanceTimersByTimeAsync(NOTIFY_MS);
		expect(s.getSnapshot().connection).toEqual({ status: 'live' });
	});

	it('takes an events stream that breaks during the first load for a loss, not an unhandled rejection', async () => {
		const engine = new FakeEngine([summaryOf('api')]);
		let open: () => void = () => undefined;
		engine.listGate = new Promise<void>((resolve) => {
			open = resolve;
		});
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			vi.useFakeTimers();
			store = new ContainerStore({ connect: engine.connect, describe: (error) => (error as Error).message });
			store.start();
			await vi.advanceTimersByTimeAsync(1);
			engine.breakStream(new Error('socket hang up'));
			await vi.advanceTimersByTimeAsync(1);
			open();
			engine.listGate = null;
			await vi.advanceTimersByTimeAsync(NOTIFY_MS);
			expect(store.getSnapshot().connection).toEqual({
				status: 'unreachable',
				attempt: 1,
				message: 'socket hang up',
			});
			// Node reports an unhandled rejection on a later turn of the event loop (a real one).
			vi.useRealTimers();
			await new Promise((resolve) => setImmediate(resolve));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});

	it('says "unreachable", with the attempt, while it has never reached the engine, and shows the list once it does', async () => {
		vi.useFakeTimers();
		const engine = new FakeEngine([summaryOf('api')]);
		engine.up = false;
		store = new ContainerStore({ connect: engine.connect, describe: (error) => (error as Error).message });
		store.start();
		await vi.advanceTimersByTimeAsync(NOTIFY_MS);
		expect(store.getSnapshot()).toEqual({
			connection: { status: 'unreachable', attempt: 1, message: 'connect ECONNREFUSED /var/run/docker.sock' },
			engine: null,
			rows: [],
			loaded: false,
		});
		await vi.advanceTimersByTimeAsync(250 + 500);
		expect(engine.connects).toHaveLength(3);
		expect(store.getSnapshot().connection).toMatchObject({ status: 'unreachable', attempt: 3 });
		engine.up = true;
		await vi.advanceTimersByTimeAsync(1000 + NOTIFY_MS);
		expect(store.getSnapshot()).toMatchObject({ connection: { status: 'live' }, loaded: true, engine: info });
		expect(names(store)).toEqual(['api']);
	});

	it('stops retrying on stop(), at once, even in the middle of a back-off', async () => {
		const engine = new FakeEngine([summaryOf('api')]);
		const s = await liveStore(engine);
		engine.goDown();
		await vi.advanceTimersByTimeAsync(250 + 100);
		expect(engine.connects).toHaveLength(2);
		// 500 ms of back-off left: stop() does not wait for it.
		let stopped = false;
		void s.stop().then(() => {
			stopped = true;
		});
		await vi.advanceTimersByTimeAsync(0);
		expect(stopped).toBe(true);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(engine.connects).toHaveLength(2);
	});

	it('ends the events stream on stop() without taking it for a loss: no reconnect, no "reconnecting"', async () => {
		const engine = new FakeEngine([summaryOf('api')]);
		const s = await liveStore(engine);
		await s.stop();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(engine.connects).toHaveLength(1);
		expect(s.getSnapshot().connection).toEqual({ status: 'live' });
	});
});

describe('the log triage pace', () => {
	it('reads a busy container on screen every interval, a quiet one less often, a quiet one off screen least', async () => {
		const busy = summaryOf('busy');
		const quiet = summaryOf('quiet');
		const away = summaryOf('away');
		const reads = new Map<string, number>();
		const store = new ContainerStore({
			notifyDelayMs: 1,
			describe: String,
			logTriageMs: 100,
			onScreen: (id) => id !== away.id,
			signatures: async () => [
				{
					id: 'x',
					class: 'dns',
					runtime: 'test',
					source: 'test',
					patterns: [/never in these logs/],
					generic: false,
					file: '',
				},
			],
			connect: async () => ({
				info,
				containers: {
					list: async () => [busy, quiet, away],
					inspect: async (id) =>
						details(
							'running',
							[busy, quiet, away].find((s) => s.id === id),
						),
				},
				events: {
					stream: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve())),
				},
				logs: {
					read: async (id) => {
						reads.set(id, (reads.get(id) ?? 0) + 1);
						return id === busy.id
							? [
									{
										stream: 'stdout' as const,
										data: Buffer.from(`${new Date().toISOString()} request served\n`),
									},
								]
							: [];
					},
				},
			}),
		});
		store.start();
		await store.waitUntilLoaded();
		await new Promise((r) => setTimeout(r, 2500));
		await store.stop();
		const busyReads = reads.get(busy.id) ?? 0;
		const quietReads = reads.get(quiet.id) ?? 0;
		const awayReads = reads.get(away.id) ?? 0;
		// Busy: about every 100 ms. Quiet on screen: 100, 200, 400, 400... Off screen: 100, 200, 400, 800.
		expect(busyReads).toBeGreaterThanOrEqual(15);
		expect(quietReads).toBeLessThanOrEqual(busyReads / 2);
		expect(quietReads).toBeGreaterThanOrEqual(4);
		expect(awayReads).toBeLessThan(quietReads);
		expect(awayReads).toBeGreaterThanOrEqual(3);
	});
});

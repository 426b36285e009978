import type { ContainerRow } from '../model/container-list.js';
import type { ContainerListSnapshot, ContainerStore, HostState } from './container-store.js';

export type FleetSnapshot = ContainerListSnapshot & { readonly hosts: readonly HostState[] };

export type FleetMemberStore = { readonly name: string; readonly store: ContainerStore };

/**
 * Several engines' live lists as one: each row carries its host's name. Every member keeps its own
 * connection, retries and events stream, so a host that drops out is marked and retried while the
 * others keep updating. Same subscribe/getSnapshot surface as one ContainerStore.
 */
export class FleetStore {
	private readonly listeners = new Set<() => void>();
	private snapshot: FleetSnapshot;
	private readonly hostById = new Map<string, string>();
	private readonly unsubscribes: (() => void)[] = [];

	constructor(private readonly members: readonly FleetMemberStore[]) {
		this.snapshot = this.compose();
		for (const member of members) {
			this.unsubscribes.push(
				member.store.subscribe(() => {
					this.snapshot = this.compose();
					for (const listener of this.listeners) listener();
				}),
			);
		}
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): FleetSnapshot => this.snapshot;

	/** Which host a container id belongs to (the first listing it, should two engines share one). */
	hostOf(id: string): string | undefined {
		return this.hostById.get(id);
	}

	start(): void {
		for (const { store } of this.members) store.start();
	}

	async stop(): Promise<void> {
		for (const unsubscribe of this.unsubscribes) unsubscribe();
		await Promise.all(this.members.map(({ store }) => store.stop()));
	}

	/** Resolves once every host has listed or failed, so the first frame shows them all. */
	async whenListedOrFailed(): Promise<void> {
		await Promise.all(this.members.map(({ store }) => store.whenListedOrFailed()));
	}

	private compose(): FleetSnapshot {
		const rows: ContainerRow[] = [];
		const hosts: HostState[] = [];
		this.hostById.clear();
		for (const { name, store } of this.members) {
			const snapshot = store.getSnapshot();
			const down =
				snapshot.connection.status === 'reconnecting' || snapshot.connection.status === 'unreachable';
			for (const row of snapshot.rows) {
				if (this.hostById.has(row.id)) continue;
				this.hostById.set(row.id, name);
				rows.push(down ? { ...row, host: name, hostDown: true } : { ...row, host: name });
			}
			hosts.push({
				name,
				connection: snapshot.connection,
				engine: snapshot.engine,
				containers: snapshot.rows.length,
			});
		}
		const states = this.members.map(({ store }) => store.getSnapshot());
		const live = states.find((s) => s.connection.status === 'live');
		return {
			// The fleet is live while any host is; each host's own state is in `hosts`.
			connection: live ? live.connection : (states[0]?.connection ?? { status: 'connecting' }),
			engine: live?.engine ?? states[0]?.engine ?? null,
			rows,
			loaded: states.some((s) => s.loaded),
			hosts,
		};
	}
}

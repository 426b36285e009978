import type { ContainerRow } from '../../src/model/container-list.js';
import type { ContainerListSnapshot } from '../../src/store/container-store.js';

export const FIXED_NOW = Date.parse('2026-01-01T12:00:00Z');

/** A container list snapshot that a test sets by hand, read by the UI like the live store. */
export class ListSource {
	private snapshot: ContainerListSnapshot;
	private readonly listeners = new Set<() => void>();

	constructor(rows: ContainerRow[], over: Partial<ContainerListSnapshot> = {}) {
		this.snapshot = {
			connection: { status: 'live' },
			engine: {
				endpoint: 'unix:///var/run/docker.sock',
				version: '20.10.24',
				apiVersion: '1.41',
				os: 'linux',
				arch: 'amd64',
			},
			rows,
			loaded: true,
			...over,
		};
	}

	readonly subscribe = (listener: () => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = () => this.snapshot;

	set(over: Partial<ContainerListSnapshot>): void {
		this.snapshot = { ...this.snapshot, ...over };
		for (const listener of this.listeners) listener();
	}
}

/** A container row as inspect would describe it, with sensible defaults. */
export function makeRow(over: Partial<ContainerRow> & { name: string }): ContainerRow {
	return {
		id: `id-${over.name}`,
		image: 'shop/web:1.4',
		state: 'running',
		health: null,
		status: '',
		createdAt: new Date(FIXED_NOW - 3600_000).toISOString(),
		ports: [],
		labels: {},
		restartCount: 0,
		exitCode: null,
		oomKilled: false,
		startedAt: new Date(FIXED_NOW - 180_000).toISOString(),
		finishedAt: null,
		detailed: true,
		...over,
	};
}

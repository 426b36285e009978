import { COMPOSE_PROJECT, COMPOSE_SERVICE } from './compose.js';
import type {
	ContainerDetails,
	ContainerState,
	ContainerSummary,
	HealthStatus,
	PortMapping,
} from './container.js';
import { humanDuration } from './format.js';

/**
 * One container as the console lists it. Built first from the cheap list call; the fields only
 * inspect knows (restartCount, startedAt, exitCode...) are null until its inspect arrives.
 */
export type ContainerRow = {
	readonly id: string;
	readonly name: string;
	readonly image: string;
	readonly state: ContainerState;
	readonly health: HealthStatus | null;
	/** Status text as last read from the engine; recomputed from times when they are known. */
	readonly status: string;
	readonly createdAt: string;
	readonly ports: readonly PortMapping[];
	readonly labels: Readonly<Record<string, string>>;
	readonly restartCount: number | null;
	readonly exitCode: number | null;
	readonly oomKilled: boolean | null;
	readonly startedAt: string | null;
	readonly finishedAt: string | null;
	/** The engine's start error (State.Error), e.g. a port already allocated; empty when none. */
	readonly error?: string;
	/**
	 * What the console's own reads found wrong while it runs or waits (log triage: recent error
	 * signatures, logs that cannot be read; a Compose service held back), null when nothing.
	 */
	readonly trouble?: { readonly reason: string } | null;
	/** True once inspect has filled the fields above. */
	readonly detailed: boolean;
	/** The engine it runs on, when the console watches several. */
	readonly host?: string;
	/** Its engine does not answer at the moment: this is the last state read from it. */
	readonly hostDown?: boolean;
};

export function rowFromSummary(summary: ContainerSummary): ContainerRow {
	const exit = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(summary.status);
	return {
		id: summary.id,
		name: summary.name,
		image: summary.image,
		state: summary.state,
		health: summary.health,
		status: summary.status,
		createdAt: summary.createdAt,
		ports: summary.ports,
		labels: summary.labels,
		restartCount: null,
		exitCode: exit?.[1] === undefined ? null : Number(exit[1]),
		oomKilled: null,
		startedAt: null,
		finishedAt: null,
		detailed: false,
	};
}

export function rowFromDetails(details: ContainerDetails): ContainerRow {
	return {
		id: details.id,
		name: details.name,
		image: details.image,
		state: details.state,
		health: details.health,
		status: details.status,
		createdAt: details.createdAt,
		ports: details.ports,
		labels: details.labels,
		restartCount: details.restartCount,
		// Only meaningful while stopped or between restarts: the engine resets it to 0 on every start.
		exitCode:
			details.state === 'exited' || details.state === 'dead' || details.state === 'restarting'
				? details.exitCode
				: null,
		oomKilled: details.oomKilled,
		startedAt: details.startedAt,
		finishedAt: details.finishedAt,
		error: details.error,
		detailed: true,
	};
}

type Timed = {
	readonly state: ContainerState;
	readonly health: HealthStatus | null;
	readonly exitCode: number | null;
	readonly startedAt: string | null;
	readonly finishedAt: string | null;
};

/** The status line the docker CLI prints ("Up 3 minutes (healthy)", "Exited (1) 2 hours ago"). */
export function statusText(c: Timed, now: number): string {
	const since = (iso: string | null) => (iso ? humanDuration(now - Date.parse(iso)) : '');
	switch (c.state) {
		case 'running': {
			const health = c.health === 'starting' ? ' (health: starting)' : c.health ? ` (${c.health})` : '';
			return `Up ${since(c.startedAt)}${health}`;
		}
		case 'paused':
			return `Up ${since(c.startedAt)} (Paused)`;
		case 'restarting':
			return `Restarting (${c.exitCode ?? 0}) ${since(c.finishedAt)} ago`;
		case 'exited':
			return c.finishedAt ? `Exited (${c.exitCode ?? 0}) ${since(c.finishedAt)} ago` : 'Created';
		case 'created':
			return 'Created';
		case 'removing':
			return 'Removal In Progress';
		case 'dead':
			return 'Dead';
	}
}

/** The row's status as of now: recomputed from its times when inspect gave them, else the engine's text. */
export function currentStatus(row: ContainerRow, now: number): string {
	return row.detailed ? statusText(row, now) : row.status;
}

/** Milliseconds the container has been up, or null when it is not running. */
export function uptimeMs(row: ContainerRow, now: number): number | null {
	if ((row.state !== 'running' && row.state !== 'paused') || !row.startedAt) return null;
	return now - Date.parse(row.startedAt);
}

export type StateCounts = Readonly<Record<ContainerState, number>> & { readonly total: number };

export function countByState(rows: readonly ContainerRow[]): StateCounts {
	const counts = {
		created: 0,
		running: 0,
		paused: 0,
		restarting: 0,
		removing: 0,
		exited: 0,
		dead: 0,
		total: rows.length,
	};
	for (const row of rows) counts[row.state]++;
	return counts;
}

/** The counts as the header says them: "3 running · 1 exited", states with none left out. */
export function stateCountsText(counts: StateCounts, separator: string): string {
	return (['running', 'paused', 'restarting', 'exited', 'created', 'dead'] as const)
		.filter((state) => counts[state] > 0)
		.map((state) => `${counts[state]} ${state}`)
		.join(separator);
}

export const SORT_KEYS = ['name', 'state', 'created', 'restarts'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Trouble first when sorting by state: the containers a person opens this tool for. */
const STATE_ORDER: Record<ContainerState, number> = {
	restarting: 0,
	dead: 1,
	exited: 2,
	created: 3,
	removing: 4,
	paused: 5,
	running: 6,
};

export type ListView = {
	readonly showAll: boolean;
	readonly filter: string;
	readonly sort: SortKey;
};

/**
 * The rows the list shows: state scope, then the filter, then sort. Pure and stable. The filter matches
 * name, image, host, Compose project or service; `@name` matches the host alone (one engine of several).
 */
export function visibleRows(rows: readonly ContainerRow[], view: ListView): ContainerRow[] {
	const needle = view.filter.trim().toLowerCase();
	const hostOnly = needle.startsWith('@') ? needle.slice(1) : null;
	const matches = (row: ContainerRow) =>
		hostOnly !== null
			? (row.host ?? '').toLowerCase().includes(hostOnly)
			: [row.name, row.image, row.host, row.labels[COMPOSE_PROJECT], row.labels[COMPOSE_SERVICE]].some(
					(text) => (text ?? '').toLowerCase().includes(needle),
				);
	const shown = rows.filter(
		(row) =>
			(view.showAll || row.state === 'running' || row.state === 'restarting' || row.state === 'paused') &&
			(!needle || matches(row)),
	);
	const byName = (a: ContainerRow, b: ContainerRow) => a.name.localeCompare(b.name);
	const compare: Record<SortKey, (a: ContainerRow, b: ContainerRow) => number> = {
		name: byName,
		state: (a, b) =>
			attentionFirst(a, b) ||
			STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
			unhealthyFirst(a, b) ||
			byName(a, b),
		created: (a, b) => b.createdAt.localeCompare(a.createdAt) || byName(a, b),
		restarts: (a, b) => (b.restartCount ?? 0) - (a.restartCount ?? 0) || byName(a, b),
	};
	return shown.sort(compare[view.sort]);
}

/** The rows marked ! first: a running service whose logs keep failing is trouble too. */
function attentionFirst(a: ContainerRow, b: ContainerRow): number {
	return Number(!needsAttention(a)) - Number(!needsAttention(b));
}

function unhealthyFirst(a: ContainerRow, b: ContainerRow): number {
	const rank = (r: ContainerRow) => (r.health === 'unhealthy' ? 0 : r.health === 'starting' ? 1 : 2);
	return rank(a) - rank(b);
}

export function nextSortKey(current: SortKey): SortKey {
	return SORT_KEYS[(SORT_KEYS.indexOf(current) + 1) % SORT_KEYS.length] ?? 'name';
}

/**
 * Whether the list should mark the container as needing attention (what `diagnose --all` diagnoses):
 * exited non-zero, restarting, dead, unhealthy, OOM-killed, left `created` by a start error, just
 * restarted by its policy, or running while its own recent logs carry error signatures.
 */
export function needsAttention(c: {
	readonly state: ContainerState;
	readonly health: HealthStatus | null;
	readonly exitCode: number | null;
	readonly oomKilled: boolean | null;
	readonly restartCount: number | null;
	readonly error?: string;
	readonly trouble?: { readonly reason: string } | null;
}): boolean {
	return (
		Boolean(c.trouble) ||
		(c.state === 'created' && Boolean(c.error)) ||
		c.state === 'restarting' ||
		c.state === 'dead' ||
		c.health === 'unhealthy' ||
		c.oomKilled === true ||
		(c.state === 'exited' && (c.exitCode ?? 0) !== 0) ||
		(c.state === 'running' && (c.restartCount ?? 0) > 0)
	);
}

/**
 * A created Compose container is held back when a sibling of its project is unhealthy, restarting
 * or exited with an error: Compose never started it. Pure, over the whole list.
 */
export function heldBackByProject(row: ContainerRow, rows: readonly ContainerRow[]): boolean {
	const project = row.labels[COMPOSE_PROJECT];
	return (
		row.state === 'created' &&
		project !== undefined &&
		rows.some(
			(o) =>
				o.id !== row.id &&
				o.labels[COMPOSE_PROJECT] === project &&
				(o.health === 'unhealthy' ||
					o.state === 'restarting' ||
					(o.state === 'exited' && (o.exitCode ?? 0) !== 0)),
		)
	);
}

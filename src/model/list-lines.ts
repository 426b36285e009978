import { COMPOSE_PROJECT, composeInfo, dependencyOrder } from './compose.js';
import { type ContainerRow, type ListView, needsAttention, visibleRows } from './container-list.js';

/** A project's header in the grouped list; `project` null is the group of stand-alone containers. */
export type ProjectLine = {
	readonly kind: 'project';
	/** Unique among lines: `project:<host>/<name>`. */
	readonly id: string;
	readonly project: string | null;
	readonly host?: string;
	readonly total: number;
	readonly running: number;
	/** Containers per state other than running, in the order the header names them. */
	readonly others: readonly { readonly state: string; readonly count: number }[];
	readonly attention: boolean;
	readonly collapsed: boolean;
};

export type ContainerLine = { readonly kind: 'container'; readonly id: string; readonly row: ContainerRow };

export type ListLine = ProjectLine | ContainerLine;

export type GroupedView = ListView & {
	/** Ids of the project lines whose containers are hidden. */
	readonly collapsed: readonly string[];
	/** Project headers alone. */
	readonly projectsOnly: boolean;
};

const STANDALONE = 'stand-alone';

/**
 * The lines the list shows. Without Compose containers: the rows, as visibleRows orders them. With
 * them: a header per project (and one for the stand-alone containers, last), each followed by its
 * containers unless collapsed; projects with trouble first when sorted by state.
 */
export function listLines(rows: readonly ContainerRow[], view: GroupedView): ListLine[] {
	const shown = visibleRows(rows, view);
	const asLine = (row: ContainerRow): ContainerLine => ({ kind: 'container', id: row.id, row });
	if (!rows.some((r) => r.labels[COMPOSE_PROJECT])) return shown.map(asLine);
	const groups = new Map<string, ContainerRow[]>();
	for (const row of shown) {
		const key = groupId(row);
		groups.set(key, [...(groups.get(key) ?? []), row]);
	}
	const headers = [...groups.entries()].map(([id, members]) =>
		header(id, members, view.collapsed.includes(id)),
	);
	headers.sort(
		(a, b) =>
			Number(a.project === null) - Number(b.project === null) ||
			(view.sort === 'state' ? Number(b.attention) - Number(a.attention) : 0) ||
			(a.host ?? '').localeCompare(b.host ?? '') ||
			(a.project ?? '').localeCompare(b.project ?? ''),
	);
	return headers.flatMap((h) =>
		view.projectsOnly || h.collapsed ? [h] : [h, ...(groups.get(h.id) ?? []).map(asLine)],
	);
}

/** The id of the project line a container belongs under. */
export function groupId(row: ContainerRow): string {
	return `project:${row.host ?? ''}/${row.labels[COMPOSE_PROJECT] ?? ''}`;
}

function header(id: string, members: readonly ContainerRow[], collapsed: boolean): ProjectLine {
	const first = members[0];
	const project = first?.labels[COMPOSE_PROJECT] ?? null;
	const counts = new Map<string, number>();
	for (const row of members) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
	const unhealthy = members.filter((r) => r.health === 'unhealthy').length;
	const others = [
		...(unhealthy ? [{ state: 'unhealthy', count: unhealthy }] : []),
		...['restarting', 'exited', 'created', 'paused', 'dead', 'removing'].flatMap((state) => {
			const count = counts.get(state) ?? 0;
			return count ? [{ state, count }] : [];
		}),
	];
	return {
		kind: 'project',
		id,
		project,
		...(first?.host ? { host: first.host } : {}),
		total: members.length,
		running: counts.get('running') ?? 0,
		others,
		attention: members.some((r) => needsAttention(r)),
		collapsed,
	};
}

/** Containers the lines show, those of collapsed groups included. */
export function matchedCount(lines: readonly ListLine[]): number {
	return lines.some((l) => l.kind === 'project')
		? lines.reduce((n, l) => n + (l.kind === 'project' ? l.total : 0), 0)
		: lines.filter((l) => l.kind === 'container').length;
}

/** "shop 4/5 running · 1 restarting", as the header row reads. */
export function projectSummary(line: ProjectLine): string {
	const name = `${line.host ? `${line.host}/` : ''}${line.project ?? STANDALONE}`;
	return [
		`${name} ${line.running}/${line.total} running`,
		...line.others.map((o) => `${o.count} ${o.state}`),
	].join(' · ');
}

/**
 * Where a project's trouble starts: of its containers that need attention, the first in dependency
 * order (a service after those it depends on, from Compose v2's depends_on labels), unhealthy or
 * failed ones before those merely held back. Null when none needs attention.
 */
export function troubleStart(rows: readonly ContainerRow[], line: ProjectLine): ContainerRow | null {
	const members = rows.filter(
		(r) => groupId(r) === line.id && needsAttention({ ...r, trouble: r.trouble ?? null }),
	);
	const held = (r: ContainerRow) => Number(r.state === 'created');
	const candidates = [...members].sort((a, b) => held(a) - held(b));
	const serviceOf = (r: ContainerRow) => composeInfo(r.labels)?.service ?? r.name;
	const order = dependencyOrder(
		candidates.map(serviceOf),
		(service) =>
			composeInfo(
				rows.find((r) => groupId(r) === line.id && serviceOf(r) === service)?.labels ?? {},
			)?.dependsOn.map((d) => d.service) ?? [],
	);
	return candidates.find((r) => serviceOf(r) === order[0]) ?? null;
}

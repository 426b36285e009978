import type { ContainerRow } from '../../model/container-list.js';
import { currentStatus, uptimeMs } from '../../model/container-list.js';
import { formatPorts, shortDuration, sparkline } from '../../model/format.js';
import { displayWidth } from '../../model/text-width.js';
import type { RowStats } from '../../store/stats-store.js';
import type { Theme } from '../theme.js';

export type ColumnId =
	| 'host'
	| 'name'
	| 'image'
	| 'state'
	| 'status'
	| 'uptime'
	| 'restarts'
	| 'cpu'
	| 'memory'
	| 'ports';

export type Column = { readonly id: ColumnId; readonly title: string; readonly width: number };

const GAP = 1;
/** Room for the selection pointer before the first column. */
export const POINTER_WIDTH = 2;

type ColumnSpec = {
	readonly id: ColumnId;
	readonly title: string;
	readonly min: number;
	readonly max: number;
	/** How readily the column gives up width when space is short (higher gives first). */
	readonly give: number;
};

const SPECS: readonly ColumnSpec[] = [
	{ id: 'host', title: 'HOST', min: 6, max: 16, give: 0.5 },
	{ id: 'name', title: 'NAME', min: 10, max: 40, give: 0.25 },
	{ id: 'image', title: 'IMAGE', min: 8, max: 36, give: 2 },
	{ id: 'state', title: 'STATE', min: 11, max: 13, give: 0 },
	{ id: 'status', title: 'STATUS', min: 12, max: 30, give: 0.6 },
	{ id: 'uptime', title: 'UP', min: 4, max: 4, give: 0 },
	{ id: 'restarts', title: 'RST', min: 3, max: 4, give: 0 },
	{ id: 'cpu', title: 'CPU', min: 11, max: 11, give: 0 },
	{ id: 'memory', title: 'MEM', min: 11, max: 11, give: 0 },
	{ id: 'ports', title: 'PORTS', min: 5, max: 200, give: 0.3 },
];

/**
 * Fits the columns to the terminal width and to what they hold: each column asks for its widest
 * cell (within its bounds); when that does not fit, the widest columns give way first, down to
 * their minimum. The separate uptime column appears only on wide terminals (the status text
 * already says "Up 3 minutes"). Ports take what is left.
 */
export function layoutColumns(
	totalWidth: number,
	contentWidths: Partial<Record<ColumnId, number>> = {},
): Column[] {
	// Wide terminals get the uptime column and the CPU and memory sparklines.
	// The host column only when several engines are watched (rows carry a host).
	const specs = SPECS.filter(
		(s) =>
			((s.id !== 'uptime' && s.id !== 'cpu' && s.id !== 'memory') || totalWidth >= 110) &&
			(s.id !== 'host' || (contentWidths.host ?? 0) > 0),
	);
	const available = totalWidth - POINTER_WIDTH - GAP * (specs.length - 1) - 1;
	const widths = specs.map((s) =>
		clamp(Math.max(s.title.length, contentWidths[s.id] ?? s.min), s.min, s.max),
	);
	const portsIndex = specs.findIndex((s) => s.id === 'ports');
	const sum = () => widths.reduce((a, b) => a + b, 0);
	// Take one cell at a time from the column with the most weighted slack: image text is the
	// least needed when diagnosing, the status the most.
	const slack = (i: number) =>
		((widths[i] ?? 0) - (specs[i] as ColumnSpec).min) * (specs[i] as ColumnSpec).give;
	while (sum() > available) {
		let giver = -1;
		for (let i = 0; i < specs.length; i++)
			if (slack(i) > 0 && (giver < 0 || slack(i) > slack(giver))) giver = i;
		if (giver < 0) break;
		widths[giver] = (widths[giver] ?? 0) - 1;
	}
	if (sum() < available) widths[portsIndex] = (widths[portsIndex] ?? 0) + available - sum();
	return specs.map((s, i) => ({ id: s.id, title: s.title, width: widths[i] ?? s.min }));
}

function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}

/** The widest cell of each column over the given rows. */
export function measureColumns(
	rows: readonly ContainerRow[],
	now: number,
	theme: Theme,
): Partial<Record<ColumnId, number>> {
	const widths: Partial<Record<ColumnId, number>> = {};
	for (const row of rows) {
		for (const spec of SPECS) {
			const length = displayWidth(cellText(row, spec.id, now, theme));
			if (length > (widths[spec.id] ?? 0)) widths[spec.id] = length;
		}
	}
	return widths;
}

export type StateBadge = { readonly text: string; readonly tone: keyof Theme['color'] };

/** State with health in one short badge that reads without colour: "✔ healthy", "✖ exited 137". */
export function stateBadge(row: ContainerRow, theme: Theme): StateBadge {
	const g = theme.glyph;
	switch (row.state) {
		case 'running':
			if (row.health === 'healthy') return { text: `${g.healthy} healthy`, tone: 'ok' };
			if (row.health === 'unhealthy') return { text: `${g.unhealthy} unhealthy`, tone: 'error' };
			if (row.health === 'starting') return { text: `${g.starting} starting`, tone: 'warn' };
			return { text: `${g.running} running`, tone: 'ok' };
		case 'paused':
			return { text: `${g.paused} paused`, tone: 'warn' };
		case 'restarting':
			return { text: `${g.restarting} restarting`, tone: 'error' };
		case 'exited':
			if (row.oomKilled) return { text: `${g.failed} OOM killed`, tone: 'error' };
			return row.exitCode !== null && row.exitCode !== 0
				? { text: `${g.failed} exited ${row.exitCode}`, tone: 'error' }
				: { text: `${g.stopped} exited`, tone: 'muted' };
		case 'created':
			return { text: `${g.created} created`, tone: 'muted' };
		case 'removing':
			return { text: `${g.stopped} removing`, tone: 'muted' };
		case 'dead':
			return { text: `${g.failed} dead`, tone: 'error' };
	}
}

/** The text of each cell of a row, before padding. */
export function cellText(
	row: ContainerRow,
	column: ColumnId,
	now: number,
	theme: Theme,
	stats?: RowStats,
): string {
	switch (column) {
		case 'host':
			return row.host ?? '';
		case 'name':
			return row.name;
		case 'image':
			return row.image;
		case 'state':
			return stateBadge(row, theme).text;
		case 'status':
			// The host is gone for now: what is shown is the last state read from it.
			return row.hostDown ? `host lost, was: ${currentStatus(row, now)}` : currentStatus(row, now);
		case 'uptime': {
			const up = uptimeMs(row, now);
			return up === null ? '-' : shortDuration(up);
		}
		case 'restarts':
			return row.restartCount === null ? '' : String(row.restartCount);
		case 'ports':
			return formatPorts(row.ports, { compact: true });
		case 'cpu':
			return stats
				? `${sparkline(stats.cpu, 6, { max: 100, ascii: !theme.unicode })}${stats.last.cpuPercent.toFixed(0).padStart(4)}%`
				: '';
		case 'memory':
			return stats
				? `${sparkline(stats.memory, 6, { max: 100, ascii: !theme.unicode })}${stats.last.memoryPercent.toFixed(0).padStart(4)}%`
				: '';
	}
}

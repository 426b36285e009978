import type { ContainerDetails } from '../../model/container.js';
import { type ContainerRow, currentStatus, rowFromDetails, visibleRows } from '../../model/container-list.js';
import { formatPorts } from '../../model/format.js';
import { connectEngine, type GlobalOptions } from '../connect.js';
import { renderTable } from '../text-table.js';

export type PsOptions = GlobalOptions & { readonly all?: boolean; readonly format: 'table' | 'json' };

/** The documented JSON shape of one container in `dockmedic ps --format json`. */
export type PsEntry = {
	id: string;
	name: string;
	image: string;
	state: string;
	health: string | null;
	status: string;
	exitCode: number | null;
	oomKilled: boolean;
	restartCount: number;
	createdAt: string;
	startedAt: string | null;
	finishedAt: string | null;
	ports: { ip: string | null; privatePort: number; publicPort: number | null; type: string }[];
};

export async function runPs(
	options: PsOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	const engine = await connectEngine(options);
	const summaries = await engine.listContainers({ all: options.all ?? false });
	const details = await inspectAll(
		summaries.map((s) => s.id),
		(id) => engine.inspectContainer(id),
	);
	const now = Date.now();
	const rows = visibleRows(details.map(rowFromDetails), { showAll: true, filter: '', sort: 'name' });
	if (options.format === 'json') {
		out.write(
			`${JSON.stringify(
				rows.map((row) => toEntry(row, now)),
				null,
				2,
			)}\n`,
		);
		return 0;
	}
	out.write(
		renderTable(
			['NAME', 'IMAGE', 'STATE', 'STATUS', 'RESTARTS', 'PORTS'],
			rows.map((r) => [
				r.name,
				r.image,
				r.health ? `${r.state} (${r.health})` : r.state,
				currentStatus(r, now),
				String(r.restartCount ?? 0),
				formatPorts(r.ports),
			]),
		),
	);
	return 0;
}

/** Inspects a batch with bounded concurrency; containers removed meanwhile are skipped. */
async function inspectAll(
	ids: string[],
	inspect: (id: string) => Promise<ContainerDetails>,
): Promise<ContainerDetails[]> {
	const results: ContainerDetails[] = [];
	const queue = [...ids];
	await Promise.all(
		Array.from({ length: 8 }, async () => {
			for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
				try {
					results.push(await inspect(id));
				} catch (error) {
					if ((error as Error).name !== 'ContainerNotFoundError') throw error;
				}
			}
		}),
	);
	return results;
}

function toEntry(row: ContainerRow, now: number): PsEntry {
	return {
		id: row.id,
		name: row.name,
		image: row.image,
		state: row.state,
		health: row.health,
		status: currentStatus(row, now),
		exitCode: row.exitCode,
		oomKilled: row.oomKilled ?? false,
		restartCount: row.restartCount ?? 0,
		createdAt: row.createdAt,
		startedAt: row.startedAt,
		finishedAt: row.finishedAt,
		ports: row.ports.map((p) => ({
			ip: p.ip ?? null,
			privatePort: p.privatePort,
			publicPort: p.publicPort ?? null,
			type: p.type,
		})),
	};
}

import { composeInfo } from '../../model/compose.js';
import type { ContainerDetails } from '../../model/container.js';
import { type ContainerRow, currentStatus, rowFromDetails, visibleRows } from '../../model/container-list.js';
import { formatPorts } from '../../model/format.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet, onEachHost, reportUnreachable } from '../fleet.js';
import { renderTable } from '../text-table.js';

export type PsOptions = GlobalOptions & { readonly all?: boolean; readonly format: 'table' | 'json' };

/** The documented JSON shape of one container in `dockmedic ps --format json`. */
export type PsEntry = {
	/** The engine the container runs on: its docker context name ("default"), or the --host URL. */
	host: string;
	id: string;
	name: string;
	/** The Compose project and service that created it; null outside Compose. */
	project: string | null;
	service: string | null;
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
	const fleet = await connectFleet(options);
	const listed = await onEachHost(fleet, async ({ host, engine }) => {
		const summaries = await engine.containers.list({ all: options.all ?? false });
		const details = await inspectAll(
			summaries.map((s) => s.id),
			(id) => engine.containers.inspect(id),
		);
		return details.map((d): ContainerRow => ({ ...rowFromDetails(d), host }));
	});
	const now = Date.now();
	// By host, then by name (the sort is stable).
	const entries = visibleRows(listed, { showAll: true, filter: '', sort: 'name' })
		.map((row) => ({ host: row.host ?? '', row }))
		.sort((a, b) => a.host.localeCompare(b.host));
	const exitCode = reportUnreachable(fleet);
	if (options.format === 'json') {
		out.write(
			`${JSON.stringify(
				entries.map(({ host, row }) => toEntry(host, row, now)),
				null,
				2,
			)}\n`,
		);
		return exitCode;
	}
	out.write(
		renderTable(
			[...(fleet.many ? ['HOST'] : []), 'NAME', 'IMAGE', 'STATE', 'STATUS', 'RESTARTS', 'PORTS'],
			entries.map(({ host, row: r }) => [
				...(fleet.many ? [host] : []),
				r.name,
				r.image,
				r.health ? `${r.state} (${r.health})` : r.state,
				currentStatus(r, now),
				String(r.restartCount ?? 0),
				formatPorts(r.ports),
			]),
		),
	);
	return exitCode;
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

function toEntry(host: string, row: ContainerRow, now: number): PsEntry {
	return {
		host,
		id: row.id,
		name: row.name,
		project: composeInfo(row.labels)?.project ?? null,
		service: composeInfo(row.labels)?.service ?? null,
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

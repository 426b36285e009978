import { DockmedicError } from '../../engine/errors.js';
import { describeTask, failedTasks } from '../../model/swarm.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet, onEachHost, reportUnreachable } from '../fleet.js';
import { type ServiceWithTasks, servicesWithTasks } from '../swarm-reads.js';
import { renderTable } from '../text-table.js';

export type ServicesOptions = GlobalOptions & { readonly format: 'table' | 'json' };

/** The JSON shape of one service in `dockmedic services --format json` (documented in the README). */
export type ServiceEntry = ServiceWithTasks & { readonly host: string };

/**
 * `dockmedic services`: the Swarm services of each manager engine, replicas running against desired,
 * and each service's tasks with node, state and the error the orchestrator recorded.
 */
export async function runServices(
	options: ServicesOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	const fleet = await connectFleet(options);
	const perHost = await onEachHost(
		fleet,
		async ({ host, engine }): Promise<{ entries: ServiceEntry[] | null }[]> => {
			const services = await servicesWithTasks(engine);
			return [{ entries: services?.map((s) => ({ host, ...s })) ?? null }];
		},
	);
	const managers = perHost.filter((h) => h.entries !== null);
	if (managers.length === 0) {
		throw new DockmedicError(
			fleet.many
				? 'None of these engines is a Swarm manager.'
				: 'This engine is not a Swarm manager: it has no services.',
			{
				tryMessage:
					'Point dockmedic at a manager node (--host, --context), or see `docker info --format {{.Swarm}}`.',
				exitCode: 1,
			},
		);
	}
	const entries: ServiceEntry[] = managers
		.flatMap((h) => h.entries ?? [])
		.sort((a, b) => a.host.localeCompare(b.host) || a.name.localeCompare(b.name));
	const exitCode = reportUnreachable(fleet);
	if (options.format === 'json') {
		out.write(`${JSON.stringify(entries, null, 2)}\n`);
		return exitCode;
	}
	out.write(
		renderTable(
			[...(fleet.many ? ['HOST'] : []), 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'LAST FAILED TASK'],
			entries.map((e) => {
				const last = failedTasks(e.tasks)[0];
				return [
					...(fleet.many ? [e.host] : []),
					e.name,
					e.mode,
					`${e.running}/${e.desired}`,
					e.image,
					last ? describeTask(e.name, last) : '',
				];
			}),
		),
	);
	return exitCode;
}

import type { Project } from '../../model/projects.js';
import { readProjects } from '../compose-reads.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet, onEachHost, reportUnreachable } from '../fleet.js';
import { renderTable } from '../text-table.js';

export type ProjectsOptions = GlobalOptions & { readonly format: 'table' | 'json' };

/** The documented JSON shape of one project in `dockmedic projects --format json`. */
export type ProjectEntry = {
	host: string;
	project: string;
	workingDir: string | null;
	configFiles: string[];
	/** Whether its Compose file was read here (a local engine): services without a container come from it. */
	fileRead: boolean;
	needsAttention: boolean;
	/** In dependency order: a service after those it depends on. */
	services: {
		service: string;
		running: number;
		/** From the file's replicas when it was read, else the containers Compose created. */
		desired: number;
		containers: { name: string; state: string; health: string | null }[];
		dependsOn: { service: string; condition: string }[];
		/** In the file, but Compose never created a container for it. */
		missing: boolean;
		needsAttention: boolean;
	}[];
};

/** `dockmedic projects`: the Compose projects with their services; exit 1 when one needs attention. */
export async function runProjects(
	options: ProjectsOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	const fleet = await connectFleet(options);
	const found = await onEachHost(fleet, async ({ host, engine }) =>
		(await readProjects(engine, host)).map((project) => toEntry(host, project)),
	);
	const unreachable = reportUnreachable(fleet);
	if (options.format === 'json') out.write(`${JSON.stringify(found, null, 2)}\n`);
	else if (found.length === 0) out.write('No Compose projects.\n');
	else
		out.write(
			renderTable(
				[...(fleet.many ? ['HOST'] : []), 'PROJECT', 'SERVICE', 'RUNNING', 'CONTAINERS', 'DEPENDS ON', ''],
				found.flatMap((p) =>
					p.services.map((s) => [
						...(fleet.many ? [p.host] : []),
						p.project,
						s.service,
						`${s.running}/${s.desired}`,
						s.missing
							? 'none (never created)'
							: s.containers
									.map((c) => `${c.name} ${c.health && c.state === 'running' ? c.health : c.state}`)
									.join(', '),
						s.dependsOn.map((d) => `${d.service} (${d.condition.replace(/^service_/, '')})`).join(', '),
						s.needsAttention ? '!' : '',
					]),
				),
			),
		);
	return unreachable || (found.some((p) => p.needsAttention) ? 1 : 0);
}

function toEntry(host: string, project: Project): ProjectEntry {
	return {
		host,
		project: project.name,
		workingDir: project.workingDir,
		configFiles: [...project.configFiles],
		fileRead: project.fileRead,
		needsAttention: project.attention,
		services: project.services.map((s) => ({
			service: s.service,
			running: s.running,
			desired: s.desired,
			containers: s.containers.map((c) => ({ name: c.name, state: c.state, health: c.health })),
			dependsOn: s.dependsOn.map((d) => ({ ...d })),
			missing: s.missing,
			needsAttention: s.attention,
		})),
	};
}

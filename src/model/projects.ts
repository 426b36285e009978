import { type ComposeDependency, type ComposeInfo, composeInfo, dependencyOrder } from './compose.js';
import type { ComposeFileModel } from './compose-file.js';
import { type ContainerRow, needsAttention } from './container-list.js';

/** One service of a Compose project: its containers, what it depends on, and whether it needs attention. */
export type ProjectService = {
	readonly service: string;
	readonly containers: readonly ContainerRow[];
	readonly running: number;
	/** Replicas wanted: from the file when it was read, else the containers Compose created. */
	readonly desired: number;
	readonly dependsOn: readonly ComposeDependency[];
	/** In the file but no container exists: Compose never created it (a dependency it waits for failed). */
	readonly missing: boolean;
	/** The container name the file fixes for it (container_name), if any. */
	readonly containerName?: string;
	/** The image the file names, when the file was read and it pulls (does not build) it. */
	readonly pulledImage?: string;
	readonly attention: boolean;
};

export type Project = {
	readonly name: string;
	readonly host?: string;
	readonly workingDir: string | null;
	readonly configFiles: readonly string[];
	/** In dependency order: a service after those it depends on. */
	readonly services: readonly ProjectService[];
	/** Whether its Compose file was read (services without containers and v1's depends_on come from it). */
	readonly fileRead: boolean;
	readonly attention: boolean;
};

/** The Compose projects among the containers, with what their files add (`files` by project name). */
export function projectsOf(
	rows: readonly ContainerRow[],
	files: ReadonlyMap<string, ComposeFileModel | null> = new Map(),
): Project[] {
	const byProject = new Map<string, { info: ComposeInfo; rows: ContainerRow[] }>();
	for (const row of rows) {
		const info = composeInfo(row.labels);
		if (!info || info.oneoff) continue;
		const key = `${row.host ?? ''}/${info.project}`;
		const entry = byProject.get(key) ?? { info, rows: [] };
		entry.rows.push(row);
		byProject.set(key, entry);
	}
	return [...byProject.values()]
		.map(({ info, rows: members }) => projectOf(info, members, files.get(info.project) ?? null))
		.sort((a, b) => (a.host ?? '').localeCompare(b.host ?? '') || a.name.localeCompare(b.name));
}

function projectOf(
	info: ComposeInfo,
	members: readonly ContainerRow[],
	file: ComposeFileModel | null,
): Project {
	const serviceOf = (row: ContainerRow) => composeInfo(row.labels)?.service ?? row.name;
	const names = [...new Set([...(file?.services.map((s) => s.name) ?? []), ...members.map(serviceOf)])];
	const services = names.map((name): ProjectService => {
		const containers = members.filter((r) => serviceOf(r) === name);
		const declared = file?.services.find((s) => s.name === name);
		const labelled =
			containers.map((r) => composeInfo(r.labels)?.dependsOn ?? []).find((d) => d.length) ?? [];
		const missing = containers.length === 0;
		return {
			service: name,
			containers,
			running: containers.filter((r) => r.state === 'running').length,
			desired: declared?.replicas ?? containers.length,
			dependsOn: labelled.length ? labelled : (declared?.dependsOn ?? []),
			missing,
			...(declared?.containerName ? { containerName: declared.containerName } : {}),
			...(declared?.image && !declared.builds ? { pulledImage: declared.image } : {}),
			// A created container of a project is one Compose held back (or never got to start).
			attention:
				(missing && (declared?.replicas ?? 1) > 0) ||
				containers.some((r) => needsAttention(r) || r.state === 'created'),
		};
	});
	const order = dependencyOrder(
		services.map((s) => s.service),
		(name) => services.find((s) => s.service === name)?.dependsOn.map((d) => d.service) ?? [],
	);
	const host = members[0]?.host;
	return {
		name: info.project,
		...(host ? { host } : {}),
		workingDir: info.workingDir,
		configFiles: info.configFiles,
		services: order.flatMap((name) => services.filter((s) => s.service === name)),
		fileRead: file !== null,
		attention: services.some((s) => s.attention),
	};
}

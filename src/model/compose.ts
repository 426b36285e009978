/**
 * The labels Docker Compose puts on the containers of a project. v1 (docker-compose 1.29) and v2
 * both write project, service, container-number, oneoff, config-hash, project.working_dir and
 * project.config_files; only v2 writes depends_on.
 */
export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_SERVICE = 'com.docker.compose.service';
export const COMPOSE_NUMBER = 'com.docker.compose.container-number';
export const COMPOSE_ONEOFF = 'com.docker.compose.oneoff';
export const COMPOSE_CONFIG_HASH = 'com.docker.compose.config-hash';
export const COMPOSE_WORKING_DIR = 'com.docker.compose.project.working_dir';
/** Comma-separated, relative to the working directory or absolute. */
export const COMPOSE_CONFIG_FILES = 'com.docker.compose.project.config_files';
/** Written by Compose v2: "db:service_healthy:false,cache:service_started:false". */
export const COMPOSE_DEPENDS_ON = 'com.docker.compose.depends_on';

/** Every Compose label dockmedic reads, for the README and `--help`. */
export const COMPOSE_LABELS = [
	COMPOSE_PROJECT,
	COMPOSE_SERVICE,
	COMPOSE_NUMBER,
	COMPOSE_ONEOFF,
	COMPOSE_CONFIG_HASH,
	COMPOSE_WORKING_DIR,
	COMPOSE_CONFIG_FILES,
	COMPOSE_DEPENDS_ON,
] as const;

export type ComposeDependency = { readonly service: string; readonly condition: string };

/** What Compose recorded about the container it created. */
export type ComposeInfo = {
	readonly project: string;
	readonly service: string;
	/** Replica number within the service (1 for a single one). */
	readonly number: number | null;
	/** A `run` container, not one of the service's replicas. */
	readonly oneoff: boolean;
	readonly workingDir: string | null;
	readonly configFiles: readonly string[];
	/** Declared dependencies (Compose v2 only; v1 keeps them in the file). */
	readonly dependsOn: readonly ComposeDependency[];
};

/** The Compose facts of a container from its labels, or null when Compose did not create it. */
export function composeInfo(labels: Readonly<Record<string, string>>): ComposeInfo | null {
	const project = labels[COMPOSE_PROJECT];
	if (!project) return null;
	const number = Number.parseInt(labels[COMPOSE_NUMBER] ?? '', 10);
	return {
		project,
		service: labels[COMPOSE_SERVICE] ?? '',
		number: Number.isFinite(number) ? number : null,
		oneoff: (labels[COMPOSE_ONEOFF] ?? '').toLowerCase() === 'true',
		workingDir: labels[COMPOSE_WORKING_DIR] || null,
		configFiles: (labels[COMPOSE_CONFIG_FILES] ?? '')
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean),
		dependsOn: parseDependsOn(labels[COMPOSE_DEPENDS_ON] ?? ''),
	};
}

/** "db:service_healthy:false,cache:service_started:false" → [{db, service_healthy}, {cache, service_started}]. */
export function parseDependsOn(label: string): ComposeDependency[] {
	return label
		.split(',')
		.map((entry) => entry.trim().split(':'))
		.filter(([service]) => Boolean(service))
		.map(([service, condition]) => ({ service: service ?? '', condition: condition || 'service_started' }));
}

/** Which Compose the person has: the v2 plugin (`docker compose`) or v1 (`docker-compose`). */
export type ComposeFlavour = 'v2' | 'v1';

/**
 * The Compose command line for a project, as a person would type it: always with `-p PROJECT`, and
 * with `-f FILE` for each config file when they are known (absolute, so it works from any directory).
 */
/** The project's Compose files as absolute paths (the labels name them relative to the working directory). */
export function configFilePaths(info: Pick<ComposeInfo, 'workingDir' | 'configFiles'>): string[] {
	return info.configFiles.map((file) =>
		file.startsWith('/') || !info.workingDir ? file : `${info.workingDir.replace(/\/$/, '')}/${file}`,
	);
}

export function composeCommand(
	info: Pick<ComposeInfo, 'project' | 'workingDir' | 'configFiles'>,
	flavour: ComposeFlavour,
	...args: string[]
): string {
	const files = configFilePaths(info);
	const base = flavour === 'v2' ? 'docker compose' : 'docker-compose';
	return [
		base,
		'-p',
		quote(info.project),
		...files.flatMap((f) => ['-f', quote(f)]),
		...args.map(quote),
	].join(' ');
}

function quote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * Services in the order to diagnose them: a service after the services it depends on, so that the
 * dependency that fails is examined before the services it takes down with it. Cycles are broken at
 * the first service met again; services not in `dependsOn` keep their given order.
 */
export function dependencyOrder(
	services: readonly string[],
	dependsOn: (service: string) => readonly string[],
): string[] {
	const ordered: string[] = [];
	const visiting = new Set<string>();
	const visit = (service: string) => {
		if (ordered.includes(service) || visiting.has(service)) return;
		visiting.add(service);
		for (const dependency of dependsOn(service)) if (services.includes(dependency)) visit(dependency);
		visiting.delete(service);
		ordered.push(service);
	};
	for (const service of services) visit(service);
	return ordered;
}

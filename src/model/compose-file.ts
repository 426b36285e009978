import { parse } from 'yaml';
import type { ComposeDependency } from './compose.js';

/** What dockmedic reads of a Compose file: its services, what each depends on and how many it wants. */
export type ComposeFileService = {
	readonly name: string;
	readonly dependsOn: readonly ComposeDependency[];
	/** Replicas the file asks for (deploy.replicas or scale); 1 when it says nothing. */
	readonly replicas: number;
	/** The fixed container name (container_name), when the file sets one. */
	readonly containerName?: string;
	/** The image it names (as written: a ${VAR} in it is not filled in). */
	readonly image?: string;
	/** The file builds its image (build:): then a missing image is built, not pulled. */
	readonly builds?: boolean;
};

export type ComposeFileModel = { readonly services: readonly ComposeFileService[] };

/**
 * Reads the services of a Compose file. Tolerant: a file it cannot read as Compose gives null, never
 * an exception, since the containers' labels still tell most of the story. Variables (${X}) are left
 * as written: only service names, depends_on and replica counts are read, which rarely use them.
 */
export function parseComposeFile(text: string): ComposeFileModel | null {
	let document: unknown;
	try {
		document = parse(text);
	} catch {
		return null;
	}
	const services = (document as { services?: unknown } | null)?.services;
	if (!services || typeof services !== 'object') return null;
	return {
		services: Object.entries(services as Record<string, unknown>).map(([name, raw]) => {
			const service = (raw ?? {}) as {
				depends_on?: unknown;
				deploy?: { replicas?: unknown };
				scale?: unknown;
				container_name?: unknown;
				image?: unknown;
				build?: unknown;
			};
			const replicas = Number(service.deploy?.replicas ?? service.scale ?? 1);
			return {
				name,
				dependsOn: dependsOnOf(service.depends_on),
				replicas: Number.isInteger(replicas) && replicas >= 0 ? replicas : 1,
				...(typeof service.container_name === 'string' ? { containerName: service.container_name } : {}),
				...(typeof service.image === 'string' ? { image: service.image } : {}),
				...(service.build !== undefined ? { builds: true } : {}),
			};
		}),
	};
}

/** depends_on as a list of names, or as a map of name to {condition}. */
function dependsOnOf(raw: unknown): ComposeDependency[] {
	if (Array.isArray(raw))
		return raw.map((service) => ({ service: String(service), condition: 'service_started' }));
	if (raw && typeof raw === 'object')
		return Object.entries(raw as Record<string, { condition?: unknown } | null>).map(([service, spec]) => ({
			service,
			condition: typeof spec?.condition === 'string' ? spec.condition : 'service_started',
		}));
	return [];
}

/** Merges several files as Compose does for what is read here: later files add services and override. */
export function mergeComposeFiles(models: readonly (ComposeFileModel | null)[]): ComposeFileModel | null {
	const present = models.filter((m): m is ComposeFileModel => m !== null);
	if (present.length === 0) return null;
	const byName = new Map<string, ComposeFileService>();
	for (const model of present)
		for (const service of model.services) {
			const before = byName.get(service.name);
			const image = service.image ?? before?.image;
			const builds = service.builds ?? before?.builds;
			byName.set(service.name, {
				...service,
				...(image ? { image } : {}),
				...(builds ? { builds } : {}),
				dependsOn: service.dependsOn.length ? service.dependsOn : (before?.dependsOn ?? []),
			});
		}
	return { services: [...byName.values()] };
}

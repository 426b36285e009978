import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../engine/index.js';
import { COMPOSE_PROJECT, composeInfo } from '../model/compose.js';
import { type ComposeFileModel, mergeComposeFiles, parseComposeFile } from '../model/compose-file.js';
import type { ContainerDetails } from '../model/container.js';
import { type ContainerRow, rowFromDetails } from '../model/container-list.js';
import { type Project, projectsOf } from '../model/projects.js';

/**
 * The Compose projects on an engine, from its containers' labels; where the engine is this machine's, also
 * from their Compose files (services never created, v1's depends_on). Files are read only for a local
 * engine: a path in a remote engine's labels names a file on that server, not here.
 */
export async function readProjects(engine: Engine, host: string, only?: string): Promise<Project[]> {
	const label = only ? `${COMPOSE_PROJECT}=${only}` : COMPOSE_PROJECT;
	const summaries = await engine.containers.listByLabel(label);
	const details = await Promise.all(summaries.map((s) => engine.containers.inspect(s.id).catch(() => null)));
	const rows = details
		.filter((d): d is ContainerDetails => d !== null)
		.map((d): ContainerRow => ({ ...rowFromDetails(d), host }));
	const files = new Map<string, ComposeFileModel | null>();
	if (engine.endpoint.kind === 'unix')
		for (const row of rows) {
			const info = composeInfo(row.labels);
			if (info && !files.has(info.project))
				files.set(info.project, readComposeFiles(info.workingDir, info.configFiles));
		}
	return projectsOf(rows, files);
}

/** The project's Compose files merged, or null when none can be read here. */
function readComposeFiles(
	workingDir: string | null,
	configFiles: readonly string[],
): ComposeFileModel | null {
	return mergeComposeFiles(
		configFiles.map((file) => {
			try {
				return parseComposeFile(readFileSync(path.resolve(workingDir ?? '/', file), 'utf8'));
			} catch {
				return null;
			}
		}),
	);
}

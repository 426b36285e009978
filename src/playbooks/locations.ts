import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configRoot } from '../util/xdg.js';

/** The playbooks shipped with dockmedic: ../playbooks from src/ or dist/. */
export function builtinPlaybookDir(): string {
	const here = path.dirname(fileURLToPath(import.meta.url));
	// dist/chunks/x.js, dist/cli.js and src/playbooks/x.ts all sit under the project root (the last dist
	// or src of the path: a home folder named /home/distance must not count).
	const under = (folder: string) => `${here}${path.sep}`.lastIndexOf(`${path.sep}${folder}${path.sep}`);
	const cut = Math.max(under('dist'), under('src'));
	const root = cut >= 0 ? here.slice(0, cut) : here;
	return path.join(root, 'playbooks');
}

/** Built-in, then the user's ($XDG_CONFIG_HOME/dockmedic/playbooks), then --playbooks: later ones win. */
export function playbookDirs(extra: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
	const config = configRoot(env);
	return [builtinPlaybookDir(), path.join(config, 'dockmedic', 'playbooks'), ...extra];
}

/** The *.yaml and *.yml files of a folder, sorted; none when it does not exist. */
export function yamlFiles(dir: string): string[] {
	try {
		if (!statSync(dir).isDirectory()) return [];
		return readdirSync(dir)
			.filter((f) => /\.ya?ml$/.test(f))
			.sort()
			.map((f) => path.join(dir, f));
	} catch {
		return [];
	}
}

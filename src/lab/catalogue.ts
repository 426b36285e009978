import path from 'node:path';
import type { PlaybookError } from '../playbooks/loader.js';
import { configRoot } from '../util/xdg.js';
import { loadLabPacks } from './pack.js';
import type { Scenario } from './scenario.js';
import { scenarios as builtin } from './scenarios/index.js';

/** A teacher's labs: $XDG_CONFIG_HOME/dockmedic/labs, then each --labs folder. */
export function userLabDirs(extra: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
	const config = configRoot(env);
	return [path.join(config, 'dockmedic', 'labs'), ...extra];
}

/** Every lab a command can run: the built-in ones, then the teacher's YAML labs (with their problems). */
export function labCatalogue(
	extra: readonly string[] = [],
	env: NodeJS.ProcessEnv = process.env,
): { scenarios: Scenario[]; errors: PlaybookError[] } {
	const packs = loadLabPacks(userLabDirs(extra, env), new Set(builtin.map((s) => s.id)));
	return { scenarios: [...builtin, ...packs.scenarios], errors: packs.errors };
}

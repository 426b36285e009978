import { DockmedicError } from '../../engine/errors.js';
import type { Engine } from '../../engine/index.js';
import type { Remedy } from '../diagnosis.js';
import { networkConnect } from './network-connect.js';
import type { RemedyDefinition } from './remedy.js';
import { restart } from './restart.js';
import { start } from './start.js';
import { updateCpus } from './update-cpus.js';
import { updatePids } from './update-pids.js';

/** Every remedy, one line each; a playbook names it by its action. */
export const REMEDIES = [networkConnect, start, restart, updatePids, updateCpus] as const;

export type RemedyAction = (typeof REMEDIES)[number]['action'];

const byAction = new Map<string, RemedyDefinition>(REMEDIES.map((r) => [r.action, r]));

function definition(action: string): RemedyDefinition {
	const remedy = byAction.get(action);
	if (!remedy) throw new DockmedicError(`There is no remedy "${action}".`);
	return remedy;
}

/** The remedy a cause offers, with its arguments filled in and the docker command that does the same. */
export function remedyReport(action: RemedyAction, args: Readonly<Record<string, string>>): Remedy {
	const { container = '', ...params } = args;
	return { action, args, command: definition(action).command(params, container) };
}

/**
 * Applies a remedy the person confirmed: one engine call, with values as API arguments, never a
 * shell. An argument that came out empty (a fact the run did not find) stops it before the call.
 */
export async function applyRemedy(engine: Engine, remedy: Remedy): Promise<string> {
	const found = definition(remedy.action);
	for (const key of ['container', ...Object.keys(found.schema.shape)])
		if (!remedy.args[key]) throw new DockmedicError(`The remedy ${remedy.action} lacks "${key}".`);
	const { container = '', ...params } = remedy.args;
	await found.apply(engine, params, container);
	return found.describe(params, container);
}

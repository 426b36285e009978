import { shellQuote } from '../../model/container-spec.js';
import { defineRemedy, numberArg, remedyArgs } from './remedy.js';

/** Raises the pids limit of a running container, in place. */
export const updatePids = defineRemedy({
	action: 'update-pids',
	schema: remedyArgs({ limit: numberArg(/\d+/, 'a whole number') }),
	describe: ({ limit }, container) => `Raised the pids limit of ${container} to ${limit}.`,
	command: ({ limit }, container) =>
		`docker update --pids-limit ${shellQuote(limit)} ${shellQuote(container)}`,
	async apply(engine, { limit }, container) {
		await engine.containers.update(container, { pidsLimit: Number(limit) });
	},
});

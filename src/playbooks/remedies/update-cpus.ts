import { shellQuote } from '../../model/container-spec.js';
import { defineRemedy, numberArg, remedyArgs } from './remedy.js';

/** Sets the CPU limit of a running container, in place. */
export const updateCpus = defineRemedy({
	action: 'update-cpus',
	schema: remedyArgs({ cpus: numberArg(/\d+(?:\.\d+)?/, 'a number of CPUs such as 1.5') }),
	describe: ({ cpus }, container) => `Set the CPU limit of ${container} to ${cpus}.`,
	command: ({ cpus }, container) => `docker update --cpus ${shellQuote(cpus)} ${shellQuote(container)}`,
	async apply(engine, { cpus }, container) {
		await engine.containers.update(container, { nanoCpus: Math.round(Number(cpus) * 1e9) });
	},
});

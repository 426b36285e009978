import { shellQuote } from '../../model/container-spec.js';
import { defineRemedy, remedyArgs } from './remedy.js';

/** Starts a stopped container (the diagnosed one, or a dependency it needs). */
export const start = defineRemedy({
	action: 'start',
	schema: remedyArgs({}),
	describe: (_params, container) => `Started ${container}.`,
	command: (_params, container) => `docker start ${shellQuote(container)}`,
	async apply(engine, _params, container) {
		await engine.containers.act('start', container);
	},
});

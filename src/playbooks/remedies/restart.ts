import { shellQuote } from '../../model/container-spec.js';
import { defineRemedy, remedyArgs } from './remedy.js';

export const restart = defineRemedy({
	action: 'restart',
	schema: remedyArgs({}),
	describe: (_params, container) => `Restarted ${container}.`,
	command: (_params, container) => `docker restart ${shellQuote(container)}`,
	async apply(engine, _params, container) {
		await engine.containers.act('restart', container);
	},
});

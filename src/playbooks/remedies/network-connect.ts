import { z } from 'zod';
import { shellQuote } from '../../model/container-spec.js';
import { defineRemedy, remedyArgs } from './remedy.js';

/** Attaches the container to a network its peer is on (then the peer's name resolves). */
export const networkConnect = defineRemedy({
	action: 'network-connect',
	schema: remedyArgs({ network: z.string().min(1) }),
	describe: ({ network }, container) => `Connected ${container} to ${network}.`,
	command: ({ network }, container) =>
		`docker network connect ${shellQuote(network)} ${shellQuote(container)}`,
	async apply(engine, { network }, container) {
		await engine.networks.connect(network, container);
	},
});

import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams, wholeParam } from './define.js';
import { type ProbeContext, param, runInNetns } from './probe.js';

const params = probeParams({ host: z.string(), port: wholeParam });
const facts = z.object({
	host: z.string(),
	port: z.number(),
	reachable: z.boolean(),
	refused: z.boolean(),
	unreachableNetwork: z.boolean(),
	badAddress: z.boolean(),
	timedOut: z.boolean(),
});

/** Opens a TCP connection from the container's network namespace to host:port. */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const host = param(ctx, 'host');
	const port = param(ctx, 'port');
	const result = await runInNetns(ctx, ['nc', '-w', '3', host, port]);
	const output = (result.stdout + result.stderr).trim();
	const reachable = result.exitCode === 0;
	return {
		facts: {
			host,
			port: Number(port),
			reachable,
			refused: /refused/i.test(output),
			unreachableNetwork: /unreachable/i.test(output),
			badAddress: /bad address|can't resolve/i.test(output),
			timedOut: result.timedOut || /timed out/i.test(output),
		},
		evidence: [
			reachable
				? `TCP ${host}:${port} connects`
				: `TCP ${host}:${port} fails: ${output || `exit ${result.exitCode}`}`,
		],
	};
};

export const tcp = defineProbe({ kind: 'tcp', params, facts, run });

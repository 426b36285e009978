import { z } from 'zod';
import { type ListeningSocket, listeningSockets } from '../../model/proc-net.js';
import { defineProbe, type ProbeOutput, probeParams, wholeParam } from './define.js';
import { type ProbeContext, param, runInNetns } from './probe.js';

/** Without a port, every listening socket; without a container, the subject's own. */
const params = probeParams({ port: wholeParam.optional(), container: z.string().optional() });
const facts = z.object({
	/** False when the container does not run, so it has no sockets to read. */
	checked: z.boolean(),
	/** Whose sockets these are (a peer's, or the subject's own). */
	container: z.string(),
	ports: z.array(z.number()).optional(),
	listening: z.boolean().optional(),
	loopbackOnly: z.boolean().optional(),
	addresses: z.array(z.string()).optional(),
});

/** Listening TCP sockets of a container (its own or a peer's), read from /proc/net/tcp and tcp6. */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const port = Number(param(ctx, 'port')) || null;
	const of = param(ctx, 'container');
	const subjectCtx =
		of && of !== ctx.subject.name ? { ...ctx, subject: await ctx.engine.containers.inspect(of) } : ctx;
	if (subjectCtx.subject.state !== 'running') {
		return {
			facts: { checked: false, container: subjectCtx.subject.name },
			evidence: [`${subjectCtx.subject.name} is ${subjectCtx.subject.state}: no sockets to read`],
		};
	}
	const result = await runInNetns(subjectCtx, ['cat', '/proc/net/tcp', '/proc/net/tcp6']);
	const sockets = listeningSockets(result.stdout);
	const onPort = port === null ? sockets : sockets.filter((s) => s.port === port);
	const loopbackOnly = onPort.length > 0 && onPort.every((s) => s.loopback);
	const describe = (s: ListeningSocket) => `${s.address}:${s.port}`;
	return {
		facts: {
			checked: true,
			container: subjectCtx.subject.name,
			ports: [...new Set(sockets.map((s) => s.port))],
			listening: onPort.length > 0,
			loopbackOnly,
			addresses: onPort.map(describe),
		},
		evidence: [
			`${subjectCtx.subject.name} listens on ${sockets.map(describe).join(', ') || 'nothing'}`,
			...(port !== null
				? [
						onPort.length
							? `port ${port}: ${onPort.map(describe).join(', ')}${loopbackOnly ? ' (loopback only)' : ''}`
							: `nothing listens on port ${port}`,
					]
				: []),
		],
	};
};

export const listening = defineProbe({ kind: 'listening', params, facts, run });

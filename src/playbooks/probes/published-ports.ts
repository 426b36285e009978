import { z } from 'zod';
import { declaredUnreachablePorts, listeningSockets, unreachableServedPort } from '../../model/proc-net.js';
import { defineProbe, type ProbeOutput, probeParams, wholeParam } from './define.js';
import { type ProbeContext, param, runInNetns } from './probe.js';

/** With a port: is that one published? Without: does each published port reach a listener? */
const params = probeParams({ port: wholeParam.optional() });
const facts = z.object({
	published: z.boolean(),
	checked: z.boolean().optional(),
	loopbackOnly: z.boolean().optional(),
	/** The first published port whose listener is bound to loopback only. */
	loopbackPort: z.number().nullable().optional(),
	notListening: z.boolean().optional(),
	/** The first published port nothing listens on. */
	idlePort: z.number().nullable().optional(),
	/**
	 * With nothing published, on the default bridge: the first port the image or --expose declares
	 * that a socket listens on, which neither the host nor any other container can reach by name.
	 */
	exposedPort: z.number().nullable().optional(),
	// With a port:
	listening: z.boolean().optional(),
	portNotPublished: z.boolean().optional(),
});

/**
 * For each published port: does something listen on it inside, and on which address? With a
 * `port` parameter: is that one port published at all?
 */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const bindings = Object.entries(ctx.subject.hostConfig.portBindings).filter(([, b]) => b.length > 0);
	const wanted = Number(param(ctx, 'port')) || null;
	if (wanted !== null)
		return portNotPublished(
			ctx,
			wanted,
			bindings.some(([key]) => Number(key.split('/')[0]) === wanted),
		);
	if (bindings.length === 0) return unreachableExposed(ctx);
	if (ctx.subject.state !== 'running')
		return { facts: { published: true, checked: false }, evidence: ['not running'] };
	const listening = await readListening(ctx);
	const evidence: string[] = [];
	let loopbackOnly: number | null = null;
	let notListening: number | null = null;
	for (const [key, hostBindings] of bindings) {
		const port = Number(key.split('/')[0]);
		const on = listening.filter((s) => s.port === port);
		const host = hostBindings.map((b) => `${b.hostIp || '0.0.0.0'}:${b.hostPort}`).join(', ');
		if (on.length === 0) notListening ??= port;
		else if (on.every((s) => s.loopback)) loopbackOnly ??= port;
		evidence.push(
			`${host} -> ${port}: ${on.length ? `listening on ${on.map((s) => `${s.address}:${s.port}`).join(', ')}` : 'nothing listens'}`,
		);
	}
	return {
		facts: {
			published: true,
			checked: true,
			loopbackOnly: loopbackOnly !== null,
			loopbackPort: loopbackOnly,
			notListening: notListening !== null,
			idlePort: notListening,
		},
		evidence,
	};
};

async function readListening(ctx: ProbeContext) {
	const result = await runInNetns(ctx, ['cat', '/proc/net/tcp', '/proc/net/tcp6']);
	return listeningSockets(result.stdout);
}

/**
 * Nothing published: is a declared port (EXPOSE, --expose) listened on by a container that only
 * the default bridge connects? Then nothing reaches that service by name (the classic missing -p);
 * on a user-defined network its peers do, and nothing is wrong.
 */
async function unreachableExposed(ctx: ProbeContext): ProbeOutput<typeof facts> {
	const declared = declaredUnreachablePorts(ctx.subject);
	if (declared.length === 0)
		return { facts: { published: false, exposedPort: null }, evidence: ['no port is published'] };
	const port = unreachableServedPort(ctx.subject, await readListening(ctx));
	return {
		facts: { published: false, exposedPort: port },
		evidence: [
			'no port is published',
			port === null
				? `declared ports (${declared.join(', ')}) have no listener on the network interface`
				: `port ${port} is declared (EXPOSE/--expose) and listened on, but on the default bridge alone nothing reaches it by name: not the host (no -p), not other containers`,
		],
	};
}

/** One port that should answer on the host: is it published, and does something listen on it? */
async function portNotPublished(
	ctx: ProbeContext,
	port: number,
	published: boolean,
): ProbeOutput<typeof facts> {
	const listening = (await readListening(ctx)).some((s) => s.port === port);
	return {
		facts: { published, listening, portNotPublished: listening && !published },
		evidence: [
			`port ${port}: ${listening ? 'listening' : 'nothing listens'} inside; ${published ? 'published' : 'not published'} on the host`,
		],
	};
}

export const publishedPorts = defineProbe({ kind: 'published-ports', params, facts, run });

import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import { type ProbeContext, param, runInNetns } from './probe.js';

const params = probeParams({ name: z.string() });
const facts = z.object({
	name: z.string(),
	resolved: z.boolean(),
	addresses: z.array(z.string()),
	timedOut: z.boolean(),
	/** Which servers the container's lookups go to, in words (--dns, or the engine's defaults). */
	servers: z.string(),
	/** How the lookup ran: exec in the container, or a helper in its network namespace. */
	via: z.enum(['exec', 'helper']),
});

/** Resolves a name the way the container does (its resolv.conf and embedded DNS). */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const name = param(ctx, 'name');
	const result = await runInNetns(ctx, ['nslookup', name]);
	// busybox nslookup prints the server first, then "Name:/Address:" pairs for the answer.
	const answer = result.stdout
		.split(/\n\s*\n/)
		.slice(1)
		.join('\n');
	const addresses = [...answer.matchAll(/Address(?:\s+\d+)?:\s*([0-9a-f.:]+)/gi)].map((m) => m[1] ?? '');
	const resolved = result.exitCode === 0 && addresses.length > 0;
	const detail = (result.stdout + result.stderr).match(
		/NXDOMAIN|can't resolve[^\n]*|timed out|no servers[^\n]*/i,
	)?.[0];
	// Docker's embedded DNS answers container names itself and forwards other names to these.
	const configured = ctx.subject.hostConfig.dns;
	const servers =
		configured.length > 0
			? `${configured.join(', ')}, set with --dns`
			: "the engine's defaults: the daemon's dns setting or the host's resolv.conf";
	return {
		facts: {
			name,
			servers,
			resolved,
			addresses,
			timedOut: result.timedOut || /timed out|no servers/i.test(result.stdout + result.stderr),
			via: result.via,
		},
		evidence: [
			resolved
				? `${name} resolves to ${addresses.join(', ')}`
				: `${name} does not resolve inside the container${detail ? ` (${detail})` : ''}`,
			`DNS servers: ${servers}`,
		],
	};
};

export const dns = defineProbe({ kind: 'dns', params, facts, run });

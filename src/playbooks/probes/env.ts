import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import { type ProbeContext, param } from './probe.js';

const params = probeParams({ name: z.string() });
const facts = z.object({ name: z.string(), present: z.boolean(), empty: z.boolean() });

/** Whether an environment variable is set in the container's config (secret values arrive masked). */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const name = param(ctx, 'name');
	const entry = ctx.subject.config.env.find((e) => e.startsWith(`${name}=`));
	const value = entry?.slice(name.length + 1) ?? null;
	return {
		facts: { name, present: entry !== undefined, empty: value === '' },
		evidence: [entry === undefined ? `Config.Env has no ${name}` : `Config.Env: ${name}=${value}`],
	};
};

export const env = defineProbe({ kind: 'env', params, facts, run });

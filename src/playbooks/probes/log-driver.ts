import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';

const params = probeParams({});
const facts = z.object({ driver: z.string(), readable: z.boolean(), error: z.string().optional() });

/** The logging driver, and whether the engine can read the logs back. */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const driver = ctx.subject.hostConfig.logDriver || 'json-file';
	try {
		await ctx.engine.logs.read(ctx.subject.id, { tail: 1, tty: ctx.subject.config.tty });
		return {
			facts: { driver, readable: true },
			evidence: [`logging driver ${driver}; logs can be read back`],
		};
	} catch (error) {
		const message = (error as Error).message.split('\n')[0] ?? '';
		return {
			facts: { driver, readable: false, error: message },
			evidence: [`logging driver ${driver}; reading logs fails: ${message}`],
		};
	}
};

export const logDriver = defineProbe({ kind: 'log-driver', params, facts, run });

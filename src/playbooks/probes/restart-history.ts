import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';

const params = probeParams({});
const facts = z.object({
	dies: z.number(),
	lastExitCode: z.number().nullable(),
	allZero: z.boolean(),
	ooms: z.number(),
});

/** How long back the history is read: the engine keeps only its last 256 events anyway. */
const WINDOW_S = 3600;

/**
 * The container's recent runs from the engine's event history: how often it died and with which
 * exit codes. Inspect only knows the last code, and the engine resets it to 0 on every restart.
 */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const now = Math.floor(Date.now() / 1000);
	const events = await ctx.engine.events.history(ctx.subject.id, now - WINDOW_S, now);
	const dies = events.filter((e) => e.action === 'die');
	const codes = dies.map((e) => Number(e.attributes.exitCode ?? Number.NaN));
	const ooms = events.filter((e) => e.action === 'oom').length;
	return {
		facts: {
			dies: dies.length,
			lastExitCode: codes.at(-1) ?? null,
			allZero: codes.length > 0 && codes.every((c) => c === 0),
			ooms,
		},
		evidence: [
			dies.length
				? `${dies.length} exits in the last hour; exit codes: ${codes.slice(-10).join(', ')}${ooms ? `; ${ooms} OOM events` : ''}`
				: "no exit in the engine's recent event history",
		],
	};
};

export const restartHistory = defineProbe({ kind: 'restart-history', params, facts, run });

import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';

const params = probeParams({});
const facts = z.object({
	configured: z.boolean(),
	status: z.enum(['starting', 'healthy', 'unhealthy']).nullable().optional(),
	failing: z.boolean().optional(),
	toolMissing: z.boolean().optional(),
	timedOut: z.boolean().optional(),
	lastExitCode: z.number().nullable().optional(),
});

/** The health check and its last results (the engine keeps five). */
const run = async ({ subject: s }: ProbeContext): ProbeOutput<typeof facts> => {
	const log = s.healthLog;
	if (!s.config.healthcheck || s.config.healthcheck[0] === 'NONE') {
		return { facts: { configured: false }, evidence: ['no health check configured'] };
	}
	const failures = log.filter((e) => e.exitCode !== 0);
	const last = log.at(-1);
	const allFailed = log.length > 0 && failures.length === log.length;
	return {
		facts: {
			configured: true,
			status: s.health,
			failing: failures.length > 0 && (s.health === 'unhealthy' || allFailed),
			// 127, or the shell's own words; not an HTTP "404 Not Found" from a check that did run.
			toolMissing:
				failures.length > 0 &&
				failures.every(
					(e) => e.exitCode === 127 || /\bsh: .*not found|executable file not found/i.test(e.output),
				),
			timedOut:
				failures.length > 0 && failures.every((e) => e.exitCode === -1 || /exceeded timeout/i.test(e.output)),
			lastExitCode: last?.exitCode ?? null,
		},
		evidence: [
			`health check: ${s.config.healthcheck.join(' ')}`,
			`status ${s.health ?? 'none'}; last results: ${log.map((e) => e.exitCode).join(', ') || 'none yet'}`,
			...(last ? [`last output: ${last.output.trim().slice(0, 200) || '(empty)'}`] : []),
		],
	};
};

export const health = defineProbe({ kind: 'health', params, facts, run });

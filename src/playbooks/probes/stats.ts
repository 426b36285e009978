import { z } from 'zod';
import { cpuLimit, cpuPercent, memoryUsage, throttledRatio } from '../../model/stats.js';
import { raisedLimit } from '../../model/tuning.js';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';

const params = probeParams({});
const facts = z.object({
	/** False when the container does not run: no sample to read. */
	checked: z.boolean(),
	cpuPercent: z.number().optional(),
	/** CPUs the container may use; 0 without a limit. */
	cpuLimit: z.number().optional(),
	/** Share of CPU periods throttled, 0 to 1. */
	throttledRatio: z.number().optional(),
	memoryPercent: z.number().optional(),
	pids: z.number().optional(),
	pidsLimit: z.number().nullable().optional(),
	pidsFull: z.boolean().optional(),
	/** First raises of the limits for a fix (model/tuning raisedLimit); empty where there is no limit. */
	cpusRaised: z.string().optional(),
	memoryRaised: z.string().optional(),
	pidsRaised: z.string().optional(),
});

/** One stats sample against the container's limits: CPU throttling, memory, pids. */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	if (ctx.subject.state !== 'running')
		return { facts: { checked: false }, evidence: ['not running: no stats'] };
	const sample = await ctx.engine.stats.once(ctx.subject.id);
	const memory = memoryUsage(sample.memory_stats);
	const limited = ctx.subject.hostConfig.memoryBytes > 0;
	const memPct = limited && memory.limit > 0 ? (memory.used / memory.limit) * 100 : 0;
	const throttle = throttledRatio(sample);
	const pids = sample.pids_stats?.current ?? 0;
	const pidsLimit =
		ctx.subject.hostConfig.pidsLimit ??
		(sample.pids_stats?.limit && sample.pids_stats.limit < 4194304 ? sample.pids_stats.limit : null);
	const cpu = cpuPercent(sample);
	const cpus = cpuLimit(ctx.subject.hostConfig);
	return {
		// Percentages to one decimal: they appear in causes' explanations as they are.
		facts: {
			checked: true,
			cpuPercent: Math.round(cpu * 10) / 10,
			cpuLimit: cpus,
			throttledRatio: throttle.ratio,
			memoryPercent: Math.round(memPct * 10) / 10,
			pids,
			pidsLimit,
			pidsFull: pidsLimit !== null && pids >= pidsLimit - 1,
			cpusRaised: cpus ? raisedLimit.cpus(cpus) : '',
			memoryRaised: limited ? raisedLimit.memory(ctx.subject.hostConfig.memoryBytes) : '',
			pidsRaised: pidsLimit ? raisedLimit.pids(pidsLimit) : '',
		},
		evidence: [
			`CPU ${cpu.toFixed(1)}%${cpus ? ` with a limit of ${cpus} CPU` : ''}; ${throttle.throttled} of ${throttle.periods} periods throttled`,
			`memory ${(memory.used / 1048576).toFixed(1)} MiB${limited ? ` of ${(memory.limit / 1048576).toFixed(0)} MiB (${memPct.toFixed(0)}%)` : ' (no limit)'}`,
			`pids ${pids}${pidsLimit ? ` of ${pidsLimit}` : ' (no limit)'}`,
		],
	};
};

export const stats = defineProbe({ kind: 'stats', params, facts, run });

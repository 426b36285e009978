import { z } from 'zod';
import { converged, describeTask, failedTasks, waitingTasks } from '../../model/swarm.js';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';

/** The label the engine puts on every container of a Swarm task. */
export const SERVICE_LABEL = 'com.docker.swarm.service.name';

const params = probeParams({});
const facts = z.object({
	/** Whether the container is a task of a service at all. */
	task: z.boolean(),
	service: z.string().optional(),
	/** False when this engine cannot read the service (not a manager, or the service is gone). */
	readable: z.boolean().optional(),
	desired: z.number().optional(),
	running: z.number().optional(),
	converged: z.boolean().optional(),
	failed: z.number().optional(),
	rejected: z.number().optional(),
	waiting: z.number().optional(),
	/** What the orchestrator recorded for the newest task that ended badly. */
	lastError: z.string().optional(),
	lastExitCode: z.number().nullable().optional(),
	thisTaskFailed: z.boolean().optional(),
});
/** The facts as a service's tasks give them (a service whose tasks have no container is read without the probe). */
export type SwarmServiceFacts = z.infer<typeof facts>;

/**
 * The service the subject container is a task of: replicas running against desired, the tasks that
 * failed or were rejected (newest first, with the error the orchestrator recorded), and those waiting.
 */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const service = ctx.subject.labels[SERVICE_LABEL];
	if (!service) return { facts: { task: false }, evidence: ['not a task of a Swarm service'] };
	if (!(await ctx.engine.swarm.isManager())) {
		return {
			facts: { task: true, service, readable: false },
			evidence: [
				`a task of service ${service}; this engine is not a Swarm manager, so the service cannot be read here`,
			],
		};
	}
	const summary = (await ctx.engine.swarm.services()).find((s) => s.name === service);
	if (!summary)
		return {
			facts: { task: true, service, readable: false },
			evidence: [`service ${service} no longer exists`],
		};
	const tasks = await ctx.engine.swarm.tasks(summary.id);
	const failed = failedTasks(tasks);
	const waiting = waitingTasks(tasks);
	const last = failed[0];
	return {
		facts: {
			task: true,
			readable: true,
			service,
			desired: summary.desired,
			running: summary.running,
			converged: converged(summary),
			failed: failed.length,
			rejected: failed.filter((t) => t.state === 'rejected').length,
			waiting: waiting.length,
			lastError: last?.error ?? '',
			lastExitCode: last?.exitCode ?? null,
			thisTaskFailed: failed.some((t) => t.containerId === ctx.subject.id),
		},
		evidence: [
			`service ${service}: ${summary.running}/${summary.desired} tasks running, ${failed.length} ended badly`,
			...failed.slice(0, 3).map((t) => describeTask(service, t)),
			...waiting.slice(0, 2).map((t) => describeTask(service, t)),
		],
	};
};

export const swarmService = defineProbe({ kind: 'swarm-service', params, facts, run });

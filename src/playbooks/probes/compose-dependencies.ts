import { z } from 'zod';
import { COMPOSE_DEPENDS_ON, COMPOSE_PROJECT, COMPOSE_SERVICE } from '../../model/compose.js';
import type { ContainerDetails } from '../../model/container.js';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';

const params = probeParams({});
const facts = z.object({
	compose: z.boolean(),
	blocked: z.boolean(),
	project: z.string().optional(),
	service: z.string().optional(),
	/** The service that holds this one back, its container and state ("exited", "running (unhealthy)"). */
	dependency: z.string().optional(),
	dependencyContainer: z.string().optional(),
	dependencyState: z.string().optional(),
	/** The depends_on condition it waits for (service_healthy...). */
	condition: z.string().optional(),
	/** service:condition for each declared dependency. */
	declared: z.array(z.string()).optional(),
});

/**
 * For a Compose service's container: the services it depends on (Compose v2's depends_on label,
 * else the other services of its project) and whether one of them is unhealthy, exited or never
 * started, which is why Compose left this one created or stopped it.
 */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const project = ctx.subject.labels[COMPOSE_PROJECT];
	if (!project)
		return {
			facts: { compose: false, blocked: false },
			evidence: [`${ctx.subject.name} is not a Compose service`],
		};
	const declared = (ctx.subject.labels[COMPOSE_DEPENDS_ON] ?? '')
		.split(',')
		.map((d) => d.split(':'))
		.filter((d) => d[0])
		.map((d) => ({ service: d[0] ?? '', condition: d[1] ?? 'service_started' }));
	const siblings = (await ctx.engine.containers.list({ all: true })).filter(
		(c) => c.labels[COMPOSE_PROJECT] === project && c.id !== ctx.subject.id,
	);
	const wanted = declared.length
		? siblings.filter((c) => declared.some((d) => d.service === c.labels[COMPOSE_SERVICE]))
		: siblings;
	const details = (
		await Promise.all(wanted.map((c) => ctx.engine.containers.inspect(c.id).catch(() => null)))
	).filter((d): d is ContainerDetails => d !== null);
	const failing = details.find(
		(d) =>
			d.health === 'unhealthy' ||
			(d.state === 'exited' && d.exitCode !== 0) ||
			d.state === 'dead' ||
			d.state === 'restarting',
	);
	const describe = (d: ContainerDetails) =>
		`${d.labels[COMPOSE_SERVICE] ?? d.name} (${d.name}): ${d.state}${d.health ? `, ${d.health}` : ''}${d.state === 'exited' ? `, exit ${d.exitCode}` : ''}`;
	const condition = failing
		? (declared.find((d) => d.service === failing.labels[COMPOSE_SERVICE])?.condition ?? 'service_started')
		: '';
	return {
		facts: {
			compose: true,
			project,
			service: ctx.subject.labels[COMPOSE_SERVICE] ?? '',
			blocked: failing !== undefined,
			dependency: failing?.labels[COMPOSE_SERVICE] ?? '',
			dependencyContainer: failing?.name ?? '',
			dependencyState: failing ? `${failing.state}${failing.health ? ` (${failing.health})` : ''}` : '',
			condition,
			declared: declared.map((d) => `${d.service}:${d.condition}`),
		},
		evidence: [
			declared.length
				? `depends_on (Compose label): ${declared.map((d) => `${d.service} ${d.condition}`).join(', ')}`
				: `no depends_on label; the other services of project ${project} are looked at`,
			...(details.length ? details.map(describe) : ['none of them has a container']),
		],
	};
};

export const composeDependencies = defineProbe({ kind: 'compose-dependencies', params, facts, run });

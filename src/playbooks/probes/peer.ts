import { z } from 'zod';
import { COMPOSE_PROJECT, COMPOSE_SERVICE } from '../../model/compose.js';
import { CONTAINER_STATES, type ContainerSummary } from '../../model/container.js';
import { closestNames } from '../../model/similar.js';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import { type ProbeContext, param } from './probe.js';

/** A container name, id prefix, network alias (a Compose service) or IP address. */
const params = probeParams({ name: z.string() });
const facts = z.object({
	name: z.string(),
	exists: z.boolean(),
	/** Container names close to it, when none has it. */
	similar: z.array(z.string()).optional(),
	/** That, as a sentence for the explanation (also when none is close). */
	similarHint: z.string().optional(),
	container: z.string().optional(),
	running: z.boolean().optional(),
	/** healthy, unhealthy, starting, or none. */
	health: z.string().optional(),
	startedAt: z.string().optional(),
	startedAfter: z.boolean().optional(),
	raced: z.boolean().optional(),
	upSeconds: z.number().nullable().optional(),
	state: z.enum(CONTAINER_STATES).optional(),
	sharesNetwork: z.boolean().optional(),
	sharedNetworks: z.array(z.string()).optional(),
	peerNetworks: z.array(z.string()).optional(),
	peerNetwork: z.string().optional(),
});

/** A dependency started this close before the subject may still have been starting up when the subject needed it. */
const RACE_WINDOW_MS = 30_000;

/** Whether a name is a container on this engine, its state, and which networks it shares with the subject. */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const name = param(ctx, 'name');
	const all = await ctx.engine.containers.list({ all: true });
	const found =
		all.find((c) => c.name === name || (name.length >= 6 && c.id.startsWith(name))) ??
		(await byAliasOrAddress(ctx, all, name));
	if (!found) {
		const similar = closestNames(
			name,
			all.map((c) => c.name),
		);
		return {
			facts: {
				name,
				exists: false,
				similar,
				similarHint: similar.length
					? `A typo is likely: similar container names are ${similar.join(', ')}.`
					: 'No container has a similar name: it may have been removed, or be meant for another engine or network.',
			},
			evidence: [
				`no container named ${name} on this engine${similar.length ? `; did you mean ${similar.join(' or ')}?` : ''}`,
			],
		};
	}
	const peerDetails = await ctx.engine.containers.inspect(found.id);
	const mine = new Set(ctx.subject.networks.map((n) => n.name));
	const shared = peerDetails.networks
		.map((n) => n.name)
		.filter((n) => mine.has(n) && n !== 'none' && n !== 'host');
	// A dependency that started after the subject's last start was not there when the subject needed it.
	const peerStarted = peerDetails.startedAt ? Date.parse(peerDetails.startedAt) : Number.NaN;
	const subjectStarted = ctx.subject.startedAt ? Date.parse(ctx.subject.startedAt) : Number.NaN;
	const startedAfter = peerStarted > subjectStarted;
	// Started together (compose up) or after: it may not have accepted connections yet when the subject tried.
	const raced = peerStarted > subjectStarted - RACE_WINDOW_MS;
	return {
		facts: {
			name,
			container: peerDetails.name,
			exists: true,
			running: peerDetails.state === 'running',
			health: peerDetails.health ?? 'none',
			// To the second: a person reads it, and nanoseconds only hide the comparison.
			startedAt: peerDetails.startedAt ? `${peerDetails.startedAt.slice(0, 19)}Z` : '',
			startedAfter,
			raced,
			upSeconds: Number.isNaN(peerStarted) ? null : Math.round((Date.now() - peerStarted) / 1000),
			state: peerDetails.state,
			sharesNetwork: shared.length > 0,
			sharedNetworks: shared,
			peerNetworks: peerDetails.networks.map((n) => n.name),
			peerNetwork: peerDetails.networks[0]?.name ?? '',
		},
		evidence: [
			`container ${peerDetails.name}${peerDetails.name === name ? '' : ` (${name})`} exists, state ${peerDetails.state}, networks: ${peerDetails.networks.map((n) => n.name).join(', ') || 'none'}`,
			...(peerDetails.startedAt && ctx.subject.startedAt
				? [
						`${peerDetails.name} last started ${peerDetails.startedAt.slice(0, 19)}Z, ${startedAfter ? 'after' : 'before'} ${ctx.subject.name} (${ctx.subject.startedAt.slice(0, 19)}Z)`,
					]
				: []),
			`${ctx.subject.name} is on: ${[...mine].join(', ') || 'none'}; shared: ${shared.join(', ') || 'none'}`,
		],
	};
};

/**
 * The container a name or address stands for when it is not a container name: a network alias
 * (a Compose service name), or an IP address a log line printed. Reads each container once.
 */
async function byAliasOrAddress(
	ctx: ProbeContext,
	all: readonly ContainerSummary[],
	name: string,
): Promise<ContainerSummary | undefined> {
	if (!name) return undefined;
	for (const c of all) {
		const details = await ctx.engine.containers.inspect(c.id).catch(() => null);
		if (details?.networks.some((n) => n.aliases.includes(name) || n.ipAddress === name)) return c;
		const project = ctx.subject.labels[COMPOSE_PROJECT];
		if (project && details?.labels[COMPOSE_PROJECT] === project && details.labels[COMPOSE_SERVICE] === name)
			return c;
	}
	return undefined;
}

export const peer = defineProbe({ kind: 'peer', params, facts, run });

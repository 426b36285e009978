import { closestNames } from '../../model/similar.js';
import { type Probe, param } from './probe.js';

/** Whether a name is a container on this engine, its state, and which networks it shares with the subject. */
export const peer: Probe = async (ctx) => {
	const name = param(ctx, 'name');
	const all = await ctx.engine.listContainers({ all: true });
	const found = all.find((c) => c.name === name || c.id.startsWith(name));
	if (!found) {
		const similar = closestNames(
			name,
			all.map((c) => c.name),
		);
		return {
			facts: { name, exists: false, similar },
			evidence: [
				`no container named ${name} on this engine${similar.length ? `; did you mean ${similar.join(' or ')}?` : ''}`,
			],
		};
	}
	const peerDetails = await ctx.engine.inspectContainer(found.id);
	const mine = new Set(ctx.subject.networks.map((n) => n.name));
	const shared = peerDetails.networks
		.map((n) => n.name)
		.filter((n) => mine.has(n) && n !== 'none' && n !== 'host');
	return {
		facts: {
			name,
			exists: true,
			running: peerDetails.state === 'running',
			state: peerDetails.state,
			sharesNetwork: shared.length > 0,
			sharedNetworks: shared,
			peerNetworks: peerDetails.networks.map((n) => n.name),
			peerNetwork: peerDetails.networks[0]?.name ?? '',
		},
		evidence: [
			`container ${name} exists, state ${peerDetails.state}, networks: ${peerDetails.networks.map((n) => n.name).join(', ') || 'none'}`,
			`${ctx.subject.name} is on: ${[...mine].join(', ') || 'none'}; shared: ${shared.join(', ') || 'none'}`,
		],
	};
};

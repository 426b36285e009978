import type { Probe } from './probe.js';

/** The network mode, the networks joined, and extra hosts. */
export const networkMode: Probe = async ({ subject: s }) => {
	const networks = s.networks.map((n) => n.name).filter((n) => n !== 'none');
	return {
		facts: {
			mode: s.hostConfig.networkMode,
			none: s.hostConfig.networkMode === 'none',
			networks,
			hostGatewayMapped: s.hostConfig.extraHosts.some((h) => h.startsWith('host.docker.internal:')),
		},
		evidence: [
			`NetworkMode=${s.hostConfig.networkMode}; networks: ${networks.join(', ') || 'none'}; extra hosts: ${s.hostConfig.extraHosts.join(', ') || 'none'}`,
		],
	};
};

import { z } from 'zod';
import { defineProbe, type ProbeRun, probeParams } from './define.js';

const params = probeParams({});
const facts = z.object({
	mode: z.string(),
	none: z.boolean(),
	networks: z.array(z.string()),
	hostGatewayMapped: z.boolean(),
});

/** The network mode, the networks joined, and extra hosts. */
const run: ProbeRun<typeof facts> = async ({ subject: s }) => {
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

export const networkMode = defineProbe({ kind: 'network-mode', params, facts, run });

import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';

const params = probeParams({});
const facts = z.object({
	mode: z.string(),
	none: z.boolean(),
	networks: z.array(z.string()),
	hostGatewayMapped: z.boolean(),
});

/** The network mode, the networks joined, and extra hosts. */
const run = async ({ subject: s }: ProbeContext): ProbeOutput<typeof facts> => {
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

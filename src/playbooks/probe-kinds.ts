/** Probe kinds a playbook may name; each has one module under probes/. */
export const PROBE_KINDS = [
	'container-state',
	'logs',
	'env',
	'mount-of-path',
	'dns',
	'peer',
	'tcp',
	'listening',
	'write-access',
	'health',
	'log-driver',
	'log-files',
	'stats',
	'published-ports',
	'network-mode',
	'restart-history',
	'swarm-service',
	'entrypoint',
	'compose-dependencies',
] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

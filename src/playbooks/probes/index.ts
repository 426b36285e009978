import { composeDependencies } from './compose-dependencies.js';
import { containerState } from './container-state.js';
import type { ProbeDefinition } from './define.js';
import { dns } from './dns.js';
import { entrypoint } from './entrypoint.js';
import { env } from './env.js';
import { health } from './health.js';
import { listening } from './listening.js';
import { logDriver } from './log-driver.js';
import { logFiles } from './log-files.js';
import { logs } from './logs.js';
import { mountOfPath } from './mount-of-path.js';
import { networkMode } from './network-mode.js';
import { peer } from './peer.js';
import { publishedPorts } from './published-ports.js';
import { restartHistory } from './restart-history.js';
import { stats } from './stats.js';
import { swarmService } from './swarm-service.js';
import { tcp } from './tcp.js';
import { writeAccess } from './write-access.js';

/** Every probe, one line each; a playbook names it by its kind. */
export const PROBES = [
	containerState,
	logs,
	env,
	mountOfPath,
	dns,
	peer,
	tcp,
	listening,
	writeAccess,
	health,
	logDriver,
	logFiles,
	stats,
	publishedPorts,
	networkMode,
	restartHistory,
	swarmService,
	entrypoint,
	composeDependencies,
] as const;

export type ProbeKind = (typeof PROBES)[number]['kind'];

/** A probe for every kind a playbook may name; tests give the runner fakes of this shape. */
export type ProbeRegistry = Readonly<Record<ProbeKind, ProbeDefinition>>;

/** The probes by kind, for the runner and the loader. */
export const probes: ProbeRegistry = byKind(PROBES);

function byKind<P extends ProbeDefinition>(list: readonly P[]): Record<P['kind'], ProbeDefinition> {
	const map = {} as Record<P['kind'], ProbeDefinition>;
	for (const probe of list) map[probe.kind as P['kind']] = probe;
	return map;
}

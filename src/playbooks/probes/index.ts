import type { ProbeKind } from '../probe-kinds.js';
import { composeDependencies } from './compose-dependencies.js';
import { containerState } from './container-state.js';
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
import type { Probe } from './probe.js';
import { publishedPorts } from './published-ports.js';
import { restartHistory } from './restart-history.js';
import { stats } from './stats.js';
import { swarmService } from './swarm-service.js';
import { tcp } from './tcp.js';
import { writeAccess } from './write-access.js';

/** A probe for every kind a playbook may name. */
export type ProbeRegistry = Readonly<Record<ProbeKind, Probe>>;

/** Every probe by the kind a playbook names it with; a missing kind fails type-checking. */
export const probes: ProbeRegistry = {
	'container-state': containerState,
	logs,
	env,
	'mount-of-path': mountOfPath,
	dns,
	peer,
	tcp,
	listening,
	'write-access': writeAccess,
	health,
	'log-driver': logDriver,
	'log-files': logFiles,
	stats,
	'published-ports': publishedPorts,
	'network-mode': networkMode,
	'restart-history': restartHistory,
	'swarm-service': swarmService,
	entrypoint,
	'compose-dependencies': composeDependencies,
};

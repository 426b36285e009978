import type { ContainerDetails } from '../model/container.js';
import { SERVICE_LABEL } from './probes/swarm-service.js';

/**
 * Which playbooks to run, in order, for a container in its current state. The first that names
 * a cause ends the diagnosis. Pure.
 */
export function triage(
	c: Pick<
		ContainerDetails,
		'state' | 'health' | 'exitCode' | 'oomKilled' | 'restartCount' | 'error' | 'startedAt' | 'labels'
	>,
): string[] {
	// A task of a Swarm service: first what the orchestrator recorded, then the container's own reason.
	if (c.labels[SERVICE_LABEL]) return ['swarm', ...containerPlaybooks(c)];
	return containerPlaybooks(c);
}

function containerPlaybooks(
	c: Pick<
		ContainerDetails,
		'state' | 'health' | 'exitCode' | 'oomKilled' | 'restartCount' | 'error' | 'startedAt'
	>,
): string[] {
	if (
		c.state === 'restarting' ||
		c.state === 'dead' ||
		c.state === 'created' ||
		(c.state === 'exited' && (c.exitCode !== 0 || c.oomKilled || c.error))
	) {
		return ['crash'];
	}
	if (c.state === 'exited') return ['crash'];
	// Just restarted by its policy: most likely a crash loop caught while briefly running.
	if (
		c.state === 'running' &&
		c.restartCount > 0 &&
		c.startedAt &&
		Date.now() - Date.parse(c.startedAt) < 30_000
	) {
		return ['crash', 'network', 'storage-permission', 'logging', 'resources', 'health'];
	}
	if (c.health === 'unhealthy') return ['health', 'network', 'storage-permission', 'resources'];
	// Running (or paused): look for a cause in the order a responder would.
	return ['network', 'storage-permission', 'logging', 'resources', 'health'];
}

export { needsAttention } from '../model/container-list.js';

import type { Engine } from '../engine/index.js';
import type { ContainerDetails } from '../model/container.js';
import { containersToExamine, type ServiceSummary, type TaskSummary } from '../model/swarm.js';

export type ServiceWithTasks = ServiceSummary & { readonly tasks: readonly TaskSummary[] };

/** An engine's Swarm services, each with its tasks; null when the engine is not a Swarm manager. */
export async function servicesWithTasks(engine: Engine): Promise<ServiceWithTasks[] | null> {
	if (!(await engine.swarm.isManager())) return null;
	const services = await engine.swarm.services();
	return Promise.all(services.map(async (s) => ({ ...s, tasks: await engine.swarm.tasks(s.id) })));
}

/**
 * The task container to diagnose for a service: the newest of a task that ended badly (it carries the
 * reason), else a running one; only one that still exists on this engine. Undefined when there is none.
 */
export async function taskContainer(
	engine: Engine,
	tasks: readonly TaskSummary[],
): Promise<ContainerDetails | undefined> {
	for (const id of containersToExamine(tasks)) {
		const details = await engine.containers.inspect(id).catch(() => undefined);
		if (details) return details;
	}
	return undefined;
}

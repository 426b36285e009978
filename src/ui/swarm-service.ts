import type { ServiceSummary, TaskSummary } from '../model/swarm.js';

/** A Swarm service as the console lists it, with its tasks (and its host when several are watched). */
export type ServiceRow = ServiceSummary & { readonly host?: string; readonly tasks: readonly TaskSummary[] };

/** What the services view needs; the console's session provides it, the UI never touches the engine. */
export type SwarmService = {
	/** The services of every manager engine; an empty list when none is a manager. */
	services(): Promise<readonly ServiceRow[]>;
	/** The task container to diagnose for a service (its last failed task's, else a running one's), or null. */
	taskToDiagnose(service: ServiceRow): Promise<{ readonly id: string; readonly name: string } | null>;
};

/** A Swarm service as `docker service ls` shows it. */
export type ServiceSummary = {
	readonly id: string;
	readonly name: string;
	readonly image: string;
	readonly mode: 'replicated' | 'global';
	/** Tasks the service asks for (replicas, or one per eligible node for global services). */
	readonly desired: number;
	readonly running: number;
};

/** One task of a service, as `docker service ps` shows it. */
export type TaskSummary = {
	readonly id: string;
	readonly serviceId: string;
	/** Replica slot (replicated services); null for global ones. */
	readonly slot: number | null;
	readonly node: string;
	readonly desiredState: string;
	readonly state: string;
	readonly message: string;
	/** Why the task failed or was rejected ("task: non-zero exit (3)", "No such image: ..."). */
	readonly error: string;
	readonly containerId: string | null;
	readonly exitCode: number | null;
	readonly updatedAt: string;
};

/** Task states after which a task never runs again. */
const ENDED = new Set(['complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'remove']);

/** Whether a service runs what it asks for. */
export function converged(service: ServiceSummary): boolean {
	return service.running >= service.desired;
}

/** The tasks that ended badly (failed or rejected), newest first. */
export function failedTasks(tasks: readonly TaskSummary[]): TaskSummary[] {
	return tasks
		.filter((t) => t.state === 'failed' || t.state === 'rejected')
		.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** Tasks still meant to run but not running: pending, assigned, preparing... (with the scheduler's message). */
export function waitingTasks(tasks: readonly TaskSummary[]): TaskSummary[] {
	return tasks.filter((t) => t.desiredState === 'running' && t.state !== 'running' && !ENDED.has(t.state));
}

/** One line per task for evidence and tables: "bad.1 on vm: failed 'task: non-zero exit (3)'". */
export function describeTask(service: string, task: TaskSummary): string {
	const name = task.slot === null ? `${service}.${task.node}` : `${service}.${task.slot}`;
	const why = task.error || task.message;
	return `${name} on ${task.node || '(no node)'}: ${task.state}${why ? ` "${why}"` : ''}`;
}

/**
 * The task containers worth diagnosing for a service, best first: those of tasks that ended badly
 * (newest first: they carry the reason), then running ones.
 */
export function containersToExamine(tasks: readonly TaskSummary[]): string[] {
	const running = tasks
		.filter((t) => t.state === 'running')
		.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
	return [...failedTasks(tasks), ...running].flatMap((t) => (t.containerId ? [t.containerId] : []));
}

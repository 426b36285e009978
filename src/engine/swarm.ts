/** Swarm: whether the engine is a manager, and its services and their tasks. */
import type { ServiceSummary, TaskSummary } from '../model/swarm.js';
import { type Connection, callWithOptions } from './calls.js';
import { type RawNode, type RawService, type RawTask, toService, toTask } from './convert-swarm.js';

export type SwarmClient = {
	/** Whether this engine is a Swarm manager, the only kind that can list services and tasks. */
	isManager(): Promise<boolean>;
	/** Swarm services with their running and desired task counts (a manager only). */
	services(): Promise<ServiceSummary[]>;
	/** The tasks of one service (by id or name), with node host names. */
	tasks(service: string): Promise<TaskSummary[]>;
};

export function swarmClient(conn: Connection): SwarmClient {
	const { docker } = conn;
	return {
		async isManager() {
			const info = (await conn.call('read the engine info', (abortSignal) =>
				callWithOptions(docker, 'info', { abortSignal }),
			)) as { Swarm?: { ControlAvailable?: boolean } };
			return info.Swarm?.ControlAvailable === true;
		},

		async services() {
			const raw = (await conn.call('list services', (abortSignal) =>
				callWithOptions(docker, 'listServices', { status: true, abortSignal }),
			)) as RawService[];
			return raw.map(toService);
		},

		async tasks(service) {
			const [tasks, nodes] = await Promise.all([
				conn.call(`list the tasks of service ${service}`, (abortSignal) =>
					callWithOptions(docker, 'listTasks', { filters: { service: [service] }, abortSignal }),
				) as Promise<RawTask[]>,
				conn.call('list swarm nodes', (abortSignal) =>
					callWithOptions(docker, 'listNodes', { abortSignal }),
				) as Promise<RawNode[]>,
			]);
			const hostOf = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
			return tasks.map((t) => toTask(t, hostOf));
		},
	};
}

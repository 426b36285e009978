/** The engine's Swarm services and tasks, as dockmedic's Swarm types. */
import type { ServiceSummary, TaskSummary } from '../model/swarm.js';

/** The fields of GET /services?status=true that dockmedic reads. */
export type RawService = {
	ID: string;
	Spec?: {
		Name?: string;
		Mode?: { Replicated?: { Replicas?: number }; Global?: object };
		TaskTemplate?: { ContainerSpec?: { Image?: string } };
	};
	ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number };
};

/** The fields of GET /tasks that dockmedic reads. */
export type RawTask = {
	ID: string;
	ServiceID: string;
	Slot?: number;
	NodeID?: string;
	DesiredState?: string;
	UpdatedAt?: string;
	Status?: {
		State?: string;
		Message?: string;
		Err?: string;
		ContainerStatus?: { ContainerID?: string; ExitCode?: number };
	};
};

export type RawNode = { ID: string; Description?: { Hostname?: string } };

export function toService(raw: RawService): ServiceSummary {
	const mode = raw.Spec?.Mode?.Global ? 'global' : 'replicated';
	return {
		id: raw.ID,
		name: raw.Spec?.Name ?? raw.ID,
		// The image as pinned by the manager ("image:tag@sha256:..."): the digest is noise here.
		image: (raw.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]+$/, ''),
		mode,
		desired: raw.ServiceStatus?.DesiredTasks ?? raw.Spec?.Mode?.Replicated?.Replicas ?? 0,
		running: raw.ServiceStatus?.RunningTasks ?? 0,
	};
}

export function toTask(raw: RawTask, hostOf: ReadonlyMap<string, string>): TaskSummary {
	const container = raw.Status?.ContainerStatus;
	return {
		id: raw.ID,
		serviceId: raw.ServiceID,
		slot: raw.Slot ?? null,
		node: raw.NodeID ? (hostOf.get(raw.NodeID) ?? raw.NodeID) : '',
		desiredState: raw.DesiredState ?? '',
		state: raw.Status?.State ?? '',
		message: raw.Status?.Message ?? '',
		error: raw.Status?.Err ?? '',
		containerId: container?.ContainerID || null,
		exitCode: container?.ExitCode ?? null,
		updatedAt: raw.UpdatedAt ?? '',
	};
}

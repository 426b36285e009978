import { useCallback, useState } from 'react';
import type { ServiceRow, SwarmService } from '../swarm-service.js';
import { usePolled } from './use-polled.js';

/** Read again this often while the view is open: Swarm reschedules tasks by itself. */
const REFRESH_MS = 3000;

/** Without Swarm there is nothing to read (never called: the poll is inactive then). */
const noServices = async (): Promise<readonly ServiceRow[]> => [];

/** Swarm services, read while the view is open, and the lookup of a task to diagnose for one. */
export function useSwarmServices(swarm: SwarmService | undefined, open: boolean) {
	const { value: services, problem } = usePolled(
		swarm?.services ?? noServices,
		'',
		REFRESH_MS,
		Boolean(swarm) && open,
	);
	const [message, setMessage] = useState<string | null>(null);
	const findTask = useCallback(
		(index: number, onTarget: (target: { id: string; name: string }) => void) => {
			const service = services?.[Math.min(index, services.length - 1)];
			if (!swarm || !service) return;
			setMessage(`Finding a task of ${service.name} to diagnose…`);
			swarm.taskToDiagnose(service).then(
				(target) =>
					target ? onTarget(target) : setMessage(`${service.name} has no task container to examine.`),
				(error: Error) => setMessage(error.message.split('\n')[0] ?? 'failed'),
			);
		},
		[swarm, services],
	);
	return { services, problem, message, findTask };
}

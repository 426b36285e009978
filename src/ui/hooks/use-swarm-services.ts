import { useCallback, useEffect, useState } from 'react';
import type { ServiceRow, SwarmService } from '../swarm-service.js';

/** Read again this often while the view is open: Swarm reschedules tasks by itself. */
const REFRESH_MS = 3000;

/** Swarm services, read while the view is open, and the lookup of a task to diagnose for one. */
export function useSwarmServices(swarm: SwarmService | undefined, open: boolean) {
	const [services, setServices] = useState<readonly ServiceRow[] | null>(null);
	const [problem, setProblem] = useState<string | null>(null);
	const [message, setMessage] = useState<string | null>(null);
	useEffect(() => {
		if (!swarm || !open) return;
		let live = true;
		const read = () =>
			swarm.services().then(
				(rows) => {
					if (!live) return;
					setServices(rows);
					setProblem(null);
				},
				(error: Error) => live && setProblem(error.message.split('\n')[0] ?? 'cannot read services'),
			);
		void read();
		const timer = setInterval(read, REFRESH_MS);
		return () => {
			live = false;
			clearInterval(timer);
		};
	}, [swarm, open]);
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

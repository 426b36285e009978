import { useCallback, useState } from 'react';
import { CONTAINER_ACTIONS, type ContainerAction } from '../actions.js';
import type { Target } from '../state/console-state.js';

/** Runs confirmed container actions (one engine call each) and says how the last one went. */
export function useContainerAction(
	act: ((id: string, action: ContainerAction) => Promise<void>) | undefined,
) {
	const [message, setMessage] = useState<string | null>(null);
	const run = useCallback(
		(target: Target, action: ContainerAction) => {
			if (!act) return;
			const verb = CONTAINER_ACTIONS[action];
			setMessage(`${verb.label} ${target.name}…`);
			// The list shows the effect through the events stream; this line says it was done, or why not.
			act(target.id, action).then(
				() => setMessage(`${verb.done} ${target.name}.`),
				(error: Error) =>
					setMessage(`Could not ${verb.label} ${target.name}: ${error.message.split('\n')[0]}`),
			);
		},
		[act],
	);
	return { message, run };
}

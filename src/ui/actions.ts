/** Lifecycle actions the console offers, each behind a confirmation; --read-only offers none. */
export const CONTAINER_ACTIONS = {
	start: { key: 's', label: 'start', done: 'Started' },
	stop: { key: 't', label: 'stop', done: 'Stopped' },
	restart: { key: 'r', label: 'restart', done: 'Restarted' },
	kill: { key: 'k', label: 'kill', done: 'Killed' },
	pause: { key: 'p', label: 'pause', done: 'Paused' },
	unpause: { key: 'u', label: 'unpause', done: 'Unpaused' },
	remove: { key: 'D', label: 'remove (force)', done: 'Removed' },
} as const;

export type ContainerAction = keyof typeof CONTAINER_ACTIONS;

/** The action a key picks in the action menu, if any. */
export function actionForKey(input: string): ContainerAction | undefined {
	return (
		Object.entries(CONTAINER_ACTIONS) as [ContainerAction, (typeof CONTAINER_ACTIONS)[ContainerAction]][]
	).find(([, a]) => a.key === input)?.[0];
}

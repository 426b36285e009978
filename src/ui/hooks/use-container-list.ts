import { useSyncExternalStore } from 'react';
import type { ContainerListSnapshot } from '../../store/container-store.js';

/** What the UI needs of the container store. */
export type ContainerListSource = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): ContainerListSnapshot;
};

/** The live container list; re-renders only when the store publishes a new snapshot. */
export function useContainerList(source: ContainerListSource): ContainerListSnapshot {
	return useSyncExternalStore(source.subscribe, source.getSnapshot);
}

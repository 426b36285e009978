import { useEffect, useSyncExternalStore } from 'react';
import type { RowStats } from '../../store/stats-store.js';

/** What the list needs of the stats store. */
export type RowStatsSource = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): ReadonlyMap<string, RowStats>;
	setWatched(ids: readonly string[]): void;
};

const NO_STATS: ReadonlyMap<string, RowStats> = new Map();
const noSubscription = () => () => undefined;
const noStats = () => NO_STATS;

/** Stats of the given rows for the sparklines: only those are read from the engine, and only while shown. */
export function useRowStats(source: RowStatsSource | undefined, watched: readonly string[]) {
	const stats = useSyncExternalStore(source?.subscribe ?? noSubscription, source?.getSnapshot ?? noStats);
	// Keyed on the ids, not the array's identity, which is new each frame.
	const key = watched.join(',');
	useEffect(() => {
		source?.setWatched(key ? key.split(',') : []);
	}, [key, source]);
	return stats;
}

import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every intervalMs so that "Up 3 minutes" keeps counting.
 * Ink writes nothing when a re-render produces the same frame, so an idle list costs no output.
 */
export function useNow(intervalMs: number, fixed?: number): number {
	const [now, setNow] = useState(() => fixed ?? Date.now());
	useEffect(() => {
		if (fixed !== undefined) return;
		const timer = setInterval(() => setNow(Date.now()), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, fixed]);
	return now;
}

/**
 * The clock of the list: status text changes every second only for containers up (or down) less than
 * a minute; otherwise a tick every 15 s keeps "Up 3 minutes" right without redrawing for nothing.
 */
export function useListClock(
	rows: readonly { state: string; startedAt: string | null; finishedAt: string | null }[],
	fixed?: number,
): number {
	const young = rows.some((r) => {
		const since = Date.parse(r.state === 'running' ? (r.startedAt ?? '') : (r.finishedAt ?? ''));
		return Number.isFinite(since) && Date.now() - since < 60_000;
	});
	return useNow(young ? 1000 : 15_000, fixed);
}

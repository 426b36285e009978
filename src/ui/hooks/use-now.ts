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

import { useEffect, useState } from 'react';

/**
 * What `read(id)` answers, read now and again every `intervalMs` while the component is shown and
 * `active`, with why the last read failed (its first line). The last answer stays while inactive;
 * answers that come after the component is gone (or inactive) are dropped.
 */
export function usePolled<T>(
	read: (id: string) => Promise<T>,
	id: string,
	intervalMs: number,
	active = true,
): { readonly value: T | null; readonly problem: string | null } {
	const [value, setValue] = useState<T | null>(null);
	const [problem, setProblem] = useState<string | null>(null);
	useEffect(() => {
		if (!active) return;
		let live = true;
		const load = () =>
			read(id).then(
				(found) => {
					if (!live) return;
					setValue(found);
					setProblem(null);
				},
				(error: Error) => live && setProblem(error.message.split('\n')[0] ?? 'the read failed'),
			);
		void load();
		const timer = setInterval(load, intervalMs);
		return () => {
			live = false;
			clearInterval(timer);
		};
	}, [read, id, intervalMs, active]);
	return { value, problem };
}

import { useCallback, useState } from 'react';
import type { Remedy } from '../../playbooks/diagnosis.js';
import type { Target } from '../state/console-state.js';

/** Applies a diagnosis's safe fix and says what happened; on success the caller diagnoses again. */
export function useFix(applyFix: ((remedy: Remedy, containerId: string) => Promise<string>) | undefined) {
	const [message, setMessage] = useState<string | null>(null);
	const apply = useCallback(
		(remedy: Remedy, target: Target, onApplied: () => void) => {
			if (!applyFix) return;
			setMessage(`Running: ${remedy.command}`);
			applyFix(remedy, target.id).then(
				(done) => {
					setMessage(`${done} Diagnosed again below.`);
					onApplied();
				},
				(error: Error) => setMessage(`The fix failed: ${error.message.split('\n')[0]}`),
			);
		},
		[applyFix],
	);
	const clear = useCallback(() => setMessage(null), []);
	return { message, apply, clear };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DiagnoseService } from '../../playbooks/diagnosis.js';
import type { DiagnosisProgress } from '../components/DiagnosisView.js';
import type { Target } from '../state/console-state.js';

const NO_PROGRESS: DiagnosisProgress = { steps: [], running: null, result: null, error: null };

/** Runs diagnoses and keeps the progress of the latest; an older run's late results are dropped. */
export function useDiagnosis(diagnose: DiagnoseService | undefined) {
	const [progress, setProgress] = useState<DiagnosisProgress>(NO_PROGRESS);
	const latestRun = useRef(0);
	useEffect(
		() => () => {
			latestRun.current = Number.NaN; // unmounted: no run is current any more
		},
		[],
	);
	const start = useCallback(
		(target: Target) => {
			const run = latestRun.current + 1;
			latestRun.current = run;
			const current = () => latestRun.current === run;
			if (!diagnose) {
				setProgress({ ...NO_PROGRESS, error: 'Diagnosis is not available here.' });
				return;
			}
			setProgress(NO_PROGRESS);
			diagnose(
				target.id,
				(step) => {
					if (current() && step.status !== 'skipped')
						setProgress((p) => ({ ...p, steps: [...p.steps, step], running: null }));
				},
				(running) => current() && setProgress((p) => ({ ...p, running })),
			).then(
				(result) => current() && setProgress((p) => ({ ...p, result, running: null })),
				(error: Error) =>
					current() &&
					setProgress((p) => ({ ...p, error: error.message.split('\n')[0] ?? 'diagnosis failed' })),
			);
		},
		[diagnose],
	);
	return { progress, start };
}

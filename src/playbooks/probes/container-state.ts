import { signalName } from '../../model/exit-codes.js';
import type { Probe } from './probe.js';

/** State, exit code and its signal, OOM kill, start error, restarts: what inspect says about the last run. */
export const containerState: Probe = async ({ subject: s }) => {
	const upSeconds =
		s.startedAt && s.state === 'running' ? Math.floor((Date.now() - Date.parse(s.startedAt)) / 1000) : null;
	const ranFor =
		s.startedAt && s.finishedAt && Date.parse(s.finishedAt) >= Date.parse(s.startedAt)
			? (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000
			: null;
	const signal = signalName(s.exitCode);
	return {
		facts: {
			state: s.state,
			exitCode: s.exitCode,
			signal,
			oomKilled: s.oomKilled,
			error: s.error,
			restartCount: s.restartCount,
			restartPolicy: s.hostConfig.restartPolicy.name,
			restarts: s.restartCount > 0 || s.state === 'restarting',
			upSeconds,
			ranForSeconds: ranFor,
			memoryLimit: s.hostConfig.memoryBytes,
		},
		evidence: [
			`State.Status=${s.state} ExitCode=${s.exitCode}${signal ? ` (${signal})` : ''} OOMKilled=${s.oomKilled} RestartCount=${s.restartCount}`,
			...(s.error ? [`State.Error: ${s.error}`] : []),
			`RestartPolicy=${s.hostConfig.restartPolicy.name}${ranFor !== null ? `, last run lasted ${ranFor.toFixed(1)} s` : ''}`,
		],
	};
};

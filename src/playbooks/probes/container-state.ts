import { z } from 'zod';
import { CONTAINER_STATES } from '../../model/container.js';
import { signalName } from '../../model/exit-codes.js';
import { formatBytes } from '../../model/format.js';
import { raisedLimit } from '../../model/tuning.js';
import { defineProbe, type ProbeRun, probeParams } from './define.js';

const params = probeParams({});
const facts = z.object({
	state: z.enum(CONTAINER_STATES),
	exitCode: z.number(),
	/** The signal an exit code above 128 stands for (SIGKILL...), else null. */
	signal: z.string().nullable(),
	oomKilled: z.boolean(),
	/** The engine's own start error, empty when none. */
	error: z.string(),
	restartCount: z.number(),
	restartPolicy: z.string(),
	restarts: z.boolean(),
	upSeconds: z.number().nullable(),
	ranForSeconds: z.number().nullable(),
	/** Bytes; 0 without a limit. */
	memoryLimit: z.number(),
	/** Its pids limit; null when it has none (unset, 0 or -1). */
	pidsLimit: z.number().nullable(),
	/** A first raise of it for a fix (model/tuning raisedLimit); empty without a limit. */
	pidsRaised: z.string(),
	/** What it ran out of, for prose: "its limit of 16MiB", or the host's memory when it has no limit. */
	memoryBound: z.string(),
	/** A first raise of the limit for a fix (twice it; 512m with none), as docker update takes it. */
	memoryRaised: z.string(),
});

/** State, exit code and its signal, OOM kill, start error, restarts: what inspect says about the last run. */
const run: ProbeRun<typeof facts> = async ({ subject: s, engine }) => {
	const upSeconds =
		s.startedAt && s.state === 'running' ? Math.floor((Date.now() - Date.parse(s.startedAt)) / 1000) : null;
	const ranFor =
		s.startedAt && s.finishedAt && Date.parse(s.finishedAt) >= Date.parse(s.startedAt)
			? (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000
			: null;
	const signal = signalName(s.exitCode);
	// OOMKilled is set when the engine handles the kernel's oom event; under load the exit can be handled
	// first and the flag stays false. The event itself is in the history of that run.
	const oomEvent =
		s.exitCode === 137 && !s.oomKilled && s.startedAt && s.finishedAt && Date.parse(s.finishedAt) > 0
			? await engine.events
					.history(
						s.id,
						Math.floor(Date.parse(s.startedAt) / 1000) - 1,
						Math.ceil(Date.parse(s.finishedAt) / 1000) + 2,
					)
					.then((events) => events.some((e) => e.action === 'oom'))
					.catch(() => false)
			: false;
	const oomKilled = s.oomKilled || oomEvent;
	const pidsLimit = Math.max(0, s.hostConfig.pidsLimit ?? 0);
	return {
		facts: {
			state: s.state,
			exitCode: s.exitCode,
			signal,
			oomKilled,
			error: s.error,
			restartCount: s.restartCount,
			restartPolicy: s.hostConfig.restartPolicy.name,
			restarts: s.restartCount > 0 || s.state === 'restarting',
			upSeconds,
			ranForSeconds: ranFor,
			memoryLimit: s.hostConfig.memoryBytes,
			pidsLimit: pidsLimit || null,
			pidsRaised: pidsLimit ? raisedLimit.pids(pidsLimit) : '',
			memoryBound: s.hostConfig.memoryBytes
				? `its limit of ${formatBytes(s.hostConfig.memoryBytes).replace('.0', '')}`
				: "the host's memory (it has no limit of its own)",
			memoryRaised: s.hostConfig.memoryBytes ? raisedLimit.memory(s.hostConfig.memoryBytes) : '512m',
		},
		evidence: [
			`State.Status=${s.state} ExitCode=${s.exitCode}${signal ? ` (${signal})` : ''} OOMKilled=${s.oomKilled} RestartCount=${s.restartCount}`,
			...(oomEvent
				? [
						'OOMKilled is false, yet the engine recorded an oom event during that run: the kernel killed it at its memory limit',
					]
				: []),
			...(s.error ? [`State.Error: ${s.error}`] : []),
			`RestartPolicy=${s.hostConfig.restartPolicy.name}${ranFor !== null ? `, last run lasted ${ranFor.toFixed(1)} s` : ''}`,
		],
	};
};

export const containerState = defineProbe({ kind: 'container-state', params, facts, run });

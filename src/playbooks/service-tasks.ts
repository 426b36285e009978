import { describeTask, failedTasks, type ServiceSummary, type TaskSummary } from '../model/swarm.js';
import type { Diagnosis } from './diagnosis.js';
import { firstVerdict } from './match.js';
import type { SwarmServiceFacts } from './probes/swarm-service.js';
import type { Playbook } from './schema.js';
import { render, renderCommand } from './template.js';

/**
 * A service whose tasks never got a container (the image cannot be pulled, no node fits): the
 * swarm playbook's verdicts read what the orchestrator recorded for its tasks, with no container
 * to look into. Null when no verdict names a cause. Pure.
 */
export function diagnoseServiceTasks(
	service: ServiceSummary,
	tasks: readonly TaskSummary[],
	playbooks: readonly Playbook[],
): Diagnosis | null {
	const playbook = playbooks.find((p) => p.id === 'swarm');
	const step = playbook?.steps.find((s) => s.probe.kind === 'swarm-service');
	if (!playbook || !step) return null;
	const failed = failedTasks(tasks);
	const last = failed[0];
	// Shaped as the swarm-service probe declares its facts, which the verdicts are checked against.
	const facts = {
		task: true,
		readable: true,
		service: service.name,
		desired: service.desired,
		running: service.running,
		converged: service.running >= service.desired,
		failed: failed.length,
		lastError: last?.error ?? '',
		lastExitCode: last?.exitCode ?? null,
	} satisfies SwarmServiceFacts;
	const scope = { container: '', service: service.name, inputs: {}, [step.id]: facts };
	const verdict = firstVerdict(step.verdicts, facts, scope);
	const cause = verdict?.cause ? playbook.causes[verdict.cause] : undefined;
	if (!verdict?.cause || !cause) return null;
	return {
		container: service.name,
		playbook: playbook.id,
		playbooksRun: [playbook.id],
		status: 'finding',
		cause: {
			id: verdict.cause,
			summary: render(cause.summary, scope),
			explanation: render(cause.explanation, scope),
			fix: cause.fix.map((f) => renderCommand(f, scope)),
		},
		steps: [
			{
				playbook: playbook.id,
				id: step.id,
				title: step.title,
				why: step.why,
				status: 'fail',
				evidence: [
					`service ${service.name}: ${service.running}/${service.desired} tasks running, ${failed.length} ended badly, none has a container`,
					...failed.slice(0, 3).map((t) => describeTask(service.name, t)),
				],
				command: renderCommand(step.command, scope),
				durationMs: 0,
			},
		],
		inputs: {},
		durationMs: 0,
	};
}

import type { Engine } from '../engine/index.js';
import { redactDetails } from '../model/redact.js';
import type { CauseReport, Diagnosis, RunEvent, StepRecord } from './diagnosis.js';
import { SERVICE_LABEL } from './probes/swarm-service.js';
import { type PlaybookOutcome, runPlaybook } from './runner.js';
import type { Playbook } from './schema.js';
import { triage } from './triage.js';

export type DiagnoseOptions = {
	readonly engine: Engine;
	readonly playbooks: readonly Playbook[];
	/** Run only this playbook instead of the ones triage picks. */
	readonly playbookId?: string;
	readonly helperImage: string;
	readonly inputs?: Readonly<Record<string, string>>;
	readonly stepTimeoutMs?: number;
	readonly onEvent?: (event: RunEvent) => void;
	/** Report secret-looking environment values as they are (masked otherwise). */
	readonly showSecrets?: boolean;
};

/**
 * Diagnoses one container: the playbooks triage picks for its state (or the one asked for), in
 * order, until one names a cause. Nothing here changes the container.
 */
export async function diagnose(containerRef: string, options: DiagnoseOptions): Promise<Diagnosis> {
	const started = Date.now();
	// Masked from the start, so no evidence, summary or report can carry a secret value.
	const subject = redactDetails(await options.engine.inspectContainer(containerRef), options.showSecrets);
	const wanted = options.playbookId ? [options.playbookId] : triage(subject);
	const chosen = wanted
		.map((id) => options.playbooks.find((p) => p.id === id))
		.filter(
			(p): p is Playbook =>
				p !== undefined && (options.playbookId !== undefined || p.applies_to.states.includes(subject.state)),
		);
	const steps: StepRecord[] = [];
	const run: string[] = [];
	let inconclusive = false;
	let inputs: Record<string, string> = {};
	for (const playbook of chosen) {
		run.push(playbook.id);
		const generator = runPlaybook(playbook, { ...options, subject });
		let next = await generator.next();
		while (!next.done) {
			options.onEvent?.(next.value);
			next = await generator.next();
		}
		const outcome: PlaybookOutcome = next.value;
		steps.push(...outcome.steps);
		inputs = { ...inputs, ...outcome.inputs };
		if (outcome.status === 'finding') {
			const service = subject.labels[SERVICE_LABEL];
			return {
				container: subject.name,
				playbook: playbook.id,
				playbooksRun: run,
				status: 'finding',
				cause: service && outcome.cause ? fixTheService(outcome.cause, service) : outcome.cause,
				steps,
				inputs,
				durationMs: Date.now() - started,
			};
		}
		inconclusive ||= outcome.status === 'inconclusive';
	}
	return {
		container: subject.name,
		playbook: run.join(','),
		playbooksRun: run,
		status: inconclusive ? 'inconclusive' : 'healthy',
		cause: null,
		steps,
		inputs,
		durationMs: Date.now() - started,
	};
}

/**
 * A Swarm task is replaced by its service: a container recreated by hand would not be one of its
 * tasks. Fixes that recreate the container become the same change made to the service.
 */
function fixTheService(cause: CauseReport, service: string): CauseReport {
	const general = `docker service update SETTINGS ${service}   # make the change on the service (--env-add, --image, --limit-memory...); Swarm replaces its tasks`;
	const mapped = cause.fix.map((command) => {
		// A missing variable has its own flag on the service.
		const env = /^docker run .*?-e (\S+=\S+)/.exec(command);
		if (env)
			return `docker service update --env-add ${env[1]} ${service}   # Swarm replaces its tasks with the setting`;
		return /^docker (rm -f|run) /.test(command) ? general : command;
	});
	const specific = mapped.some((c) => c.startsWith('docker service update --'));
	const fix = [...new Set(mapped)].filter((c) => !(specific && c === general));
	const { remedy: _remedy, ...rest } = cause;
	// A one-call remedy on the container would be undone by the next task: none is offered.
	return { ...rest, fix };
}

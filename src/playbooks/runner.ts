import { describeError } from '../engine/errors.js';
import type { ContainerDetails } from '../model/container.js';
import { withDeadline } from '../util/deadline.js';
import type { CauseReport, Remedy, RunEvent, StepRecord, StepStatus } from './diagnosis.js';
import { resolveInputs } from './inputs.js';
import { allMatch, firstVerdict } from './match.js';
import { type ProbeRegistry, probes as registry } from './probes/index.js';
import type { ProbeEngine, ProbeParams } from './probes/probe.js';
import { SERVICE_LABEL } from './probes/swarm-service.js';
import { remedyReport } from './remedies/index.js';
import type { Playbook, PlaybookStep } from './schema.js';
import { lookup, render, renderCommand } from './template.js';

export type RunOptions = {
	readonly engine: ProbeEngine;
	/** The probes by kind: the registry unless given (tests give fakes). */
	readonly probes?: ProbeRegistry;
	readonly subject: ContainerDetails;
	readonly helperImage: string;
	readonly inputs?: Readonly<Record<string, string>>;
	/** Overrides every step's timeout (tests use it to prove a hung probe is cut off). */
	readonly stepTimeoutMs?: number;
};

export type PlaybookOutcome = {
	/** fallback: a generic cause, named only when no other playbook finds a specific one. */
	readonly status: 'finding' | 'fallback' | 'healthy' | 'inconclusive';
	readonly cause: CauseReport | null;
	readonly steps: StepRecord[];
	readonly inputs: Record<string, string>;
	/** Why it is inconclusive, when the verdict said (the diagnosis's headline). */
	readonly note?: string;
};

/**
 * Runs one playbook step by step: probe, evidence, verdict. Yields an event per step and returns
 * the outcome. Probes only read; a probe that fails or times out makes its step "error" and the
 * run goes on.
 */
export async function* runPlaybook(
	playbook: Playbook,
	options: RunOptions,
): AsyncGenerator<RunEvent, PlaybookOutcome> {
	const { values: inputs } = resolveInputs(playbook, options.subject.config.env, options.inputs);
	// `service`: the Swarm service the container is a task of, for commands that read it by hand.
	const service = options.subject.labels[SERVICE_LABEL] ?? '';
	const scope: Record<string, unknown> = { container: options.subject.name, service, inputs };
	// A step that did not run reads as empty in texts, not as its raw placeholder.
	for (const step of playbook.steps) scope[step.id] = {};
	const steps: StepRecord[] = [];
	const probes = options.probes ?? registry;
	yield { type: 'playbook-started', playbook: playbook.id, title: playbook.title };
	let index = 0;
	while (index < playbook.steps.length) {
		const step = playbook.steps[index] as PlaybookStep;
		index++;
		const command = renderCommand(step.command, scope);
		const missing = step.requires.filter((name) => isEmpty(lookup(scope, name)));
		const applies = allMatch(step.only_if, {}, scope);
		if (missing.length > 0 || !applies) {
			const reason = missing.length > 0 ? `no ${missing.join(', ')}` : 'does not apply here';
			const record = stepRecord(playbook, step, 'skipped', [`skipped: ${reason}`], command, 0);
			steps.push(record);
			yield { type: 'step-finished', step: record };
			continue;
		}
		const timeoutMs = options.stepTimeoutMs ?? step.timeout_s * 1000;
		yield {
			type: 'step-started',
			playbook: playbook.id,
			id: step.id,
			title: step.title,
			why: step.why,
			timeoutMs,
		};
		const started = Date.now();
		try {
			const params = renderParams(step.probe, scope);
			// Past the deadline the step fails with a timeout, whatever the probe is doing.
			const result = await withDeadline(
				timeoutMs,
				() =>
					probes[step.probe.kind].run({
						engine: options.engine,
						subject: options.subject,
						params,
						helperImage: options.helperImage,
						timeoutMs,
					}),
				`${step.probe.kind} probe timed out after ${(timeoutMs / 1000).toFixed(1)} s`,
			);
			scope[step.id] = result.facts;
			const verdict = firstVerdict(step.verdicts, result.facts, scope);
			const status: StepStatus = verdict?.cause
				? 'fail'
				: verdict?.note || verdict?.inconclusive
					? 'warn'
					: 'pass';
			const evidence = verdict?.note
				? [...result.evidence, render(verdict.note, scope)]
				: [...result.evidence];
			const record = stepRecord(playbook, step, status, evidence, command, Date.now() - started);
			steps.push(record);
			yield { type: 'step-finished', step: record };
			if (verdict?.cause) {
				const cause = playbook.causes[verdict.cause];
				return {
					status: verdict.fallback ? 'fallback' : 'finding',
					cause: {
						id: verdict.cause,
						summary: render(cause?.summary ?? verdict.cause, scope),
						explanation: render(cause?.explanation ?? '', scope),
						fix: (cause?.fix ?? []).map((f) => renderCommand(f, scope)),
						...(cause?.remedy ? { remedy: remedyFor(cause.remedy, scope) } : {}),
					},
					steps,
					inputs,
				};
			}
			if (verdict?.healthy) return { status: 'healthy', cause: null, steps, inputs };
			if (verdict?.inconclusive)
				return {
					status: 'inconclusive',
					cause: null,
					steps,
					inputs,
					...(verdict.note ? { note: render(verdict.note, scope) } : {}),
				};
			if (verdict?.next) {
				// Jumps go forward only (the schema refuses others): a playbook that bypassed it still ends.
				const target = playbook.steps.findIndex((s) => s.id === verdict.next);
				index = Math.max(index, target);
			}
		} catch (error) {
			const record = stepRecord(
				playbook,
				step,
				'error',
				[describeError(error).split('\n')[0] ?? 'probe failed'],
				command,
				Date.now() - started,
			);
			steps.push(record);
			yield { type: 'step-finished', step: record };
		}
	}
	const errored = steps.some((s) => s.status === 'error');
	return { status: errored ? 'inconclusive' : 'healthy', cause: null, steps, inputs };
}

/** Probe parameters with placeholders filled; a parameter that is only "{{name}}" keeps the value's type (lists). */
function renderParams(probe: PlaybookStep['probe'], scope: Record<string, unknown>): ProbeParams {
	const params: Record<string, ProbeParams[string]> = {};
	for (const [key, value] of Object.entries(probe)) {
		if (key === 'kind') continue;
		const whole = typeof value === 'string' ? /^\{\{\s*([\w.|\s-]+?)\s*\}\}$/.exec(value) : null;
		if (whole) {
			const raw = lookup(scope, whole[1] ?? '');
			params[key] = Array.isArray(raw)
				? raw.map(String)
				: raw === undefined || raw === null
					? ''
					: (raw as string | number | boolean);
		} else params[key] = typeof value === 'string' ? render(value, scope) : (value as ProbeParams[string]);
	}
	return params;
}

function stepRecord(
	playbook: Playbook,
	step: PlaybookStep,
	status: StepStatus,
	evidence: string[],
	command: string,
	durationMs: number,
): StepRecord {
	return {
		playbook: playbook.id,
		id: step.id,
		title: step.title,
		why: step.why,
		status,
		evidence,
		command,
		durationMs,
	};
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
	);
}

/** The remedy with its arguments filled in (the diagnosed container unless it names another). */
function remedyFor(remedy: Pick<Remedy, 'action' | 'args'>, scope: Record<string, unknown>): Remedy {
	const args = Object.fromEntries(Object.entries(remedy.args).map(([k, v]) => [k, render(v, scope)]));
	return remedyReport(remedy.action, {
		...args,
		container: args.container ?? render('{{container}}', scope),
	});
}

import { composeFix, composeFixLines } from '../model/compose-fix.js';
import type { ContainerDetails } from '../model/container.js';
import {
	type ConfiguredTarget,
	collectEvidence,
	configuredTargets,
	FAILING_WINDOW_S,
	failingNow,
	type LogEvidence,
	linesOfChunks,
	recentMatches,
} from '../model/evidence.js';
import { backupCommands, recoveryOf } from '../model/recovery.js';
import { redactDetails } from '../model/redact.js';
import type { Signature, SignatureMatch } from '../model/signatures.js';
import type { CauseReport, Diagnosis, DiagnosisEvidence, RunEvent, StepRecord } from './diagnosis.js';
import type { ProbeRegistry } from './probes/index.js';
import type { ProbeEngine } from './probes/probe.js';
import { SERVICE_LABEL } from './probes/swarm-service.js';
import { planRuns } from './route.js';
import { type PlaybookOutcome, runPlaybook } from './runner.js';
import type { Playbook } from './schema.js';
import { defaultSignatures } from './signature-loader.js';

export type DiagnoseOptions = {
	readonly engine: ProbeEngine;
	/** The probes by kind: the registry unless given (tests give fakes). */
	readonly probes?: ProbeRegistry;
	readonly playbooks: readonly Playbook[];
	/** Run only this playbook instead of the ones triage picks. */
	readonly playbookId?: string;
	readonly helperImage: string;
	readonly inputs?: Readonly<Record<string, string>>;
	readonly stepTimeoutMs?: number;
	readonly onEvent?: (event: RunEvent) => void;
	/** Report secret-looking environment values as they are (masked otherwise). */
	readonly showSecrets?: boolean;
	/** The error-signature catalogue (the built-in and the user's when not given). */
	readonly signatures?: readonly Signature[];
};

/** Log lines read for evidence: enough for a crash loop's last runs or a few minutes of a busy service. */
const EVIDENCE_TAIL = 200;

/**
 * Diagnoses one container. First the evidence: its state, the error signatures of its own recent
 * log lines and the services its configuration names; routing turns them into an ordered plan of
 * playbooks with inputs (or the one playbook asked for). The first specific cause ends the
 * diagnosis; a generic one (app-error-exit, restart-loop) is named only when no later playbook
 * finds a specific one. Error lines nothing explains make it inconclusive, never healthy.
 * Nothing here changes the container.
 */
export async function diagnose(containerRef: string, options: DiagnoseOptions): Promise<Diagnosis> {
	const started = Date.now();
	// Masked from the start, so no evidence, summary or report can carry a secret value.
	const subject = redactDetails(await options.engine.containers.inspect(containerRef), options.showSecrets);
	const signatures = options.signatures ?? defaultSignatures();
	const evidence = await readEvidence(options.engine, subject, signatures);
	const targets = configuredTargets(subject.config.env);
	const lastRun = matchesOfLastRun(subject, evidence);
	const routed = planRuns(subject, lastRun, targets, options.inputs ?? {});
	const plan = options.playbookId
		? [
				{
					playbook: options.playbookId,
					inputs: { ...(routed[0]?.inputs ?? {}), ...(options.inputs ?? {}) },
				},
			]
		: routed;
	const runnable = plan.filter((run) => {
		const p = options.playbooks.find((pb) => pb.id === run.playbook);
		return (
			p !== undefined && (options.playbookId !== undefined || p.applies_to.states.includes(subject.state))
		);
	});
	const steps: StepRecord[] = [evidenceStep(subject, evidence, lastRun, targets)];
	options.onEvent?.({ type: 'step-finished', step: steps[0] as StepRecord });
	const run: string[] = [];
	let inconclusive = false;
	let inconclusiveNote: string | undefined;
	let inputs: Record<string, string> = {};
	let fallback: { playbook: string; cause: CauseReport } | null = null;
	const finish = (
		status: Diagnosis['status'],
		playbook: string,
		cause: CauseReport | null,
		note?: string,
	) => {
		const service = subject.labels[SERVICE_LABEL];
		return {
			container: subject.name,
			playbook,
			playbooksRun: run,
			status,
			cause: !cause
				? cause
				: withRecovery(
						service ? fixTheService(cause, service) : fixTheComposeService(cause, subject.labels),
						subject,
					),
			steps,
			inputs,
			evidence: evidenceSummary(lastRun, targets),
			...(note ? { note } : {}),
			durationMs: Date.now() - started,
		};
	};
	for (const planned of runnable) {
		const playbook = options.playbooks.find((p) => p.id === planned.playbook) as Playbook;
		if (!run.includes(playbook.id)) run.push(playbook.id);
		const generator = runPlaybook(playbook, { ...options, subject, inputs: planned.inputs });
		let next = await generator.next();
		while (!next.done) {
			options.onEvent?.(next.value);
			next = await generator.next();
		}
		const outcome: PlaybookOutcome = next.value;
		steps.push(...outcome.steps);
		inputs = { ...inputs, ...outcome.inputs };
		if (outcome.status === 'finding' && outcome.cause) return finish('finding', playbook.id, outcome.cause);
		if (outcome.status === 'fallback' && outcome.cause)
			fallback ??= { playbook: playbook.id, cause: outcome.cause };
		inconclusive ||= outcome.status === 'inconclusive';
		inconclusiveNote ??= outcome.note;
	}
	if (fallback) return finish('finding', fallback.playbook, fallback.cause);
	const unexplained =
		subject.state === 'running' || subject.state === 'paused'
			? failingNow(evidence, subject.startedAt)
				? recentMatches(evidence, subject.startedAt)
				: []
			: lastRun;
	if (unexplained.length > 0) {
		const tried = [...new Set(runnable.map((r) => r.inputs.target).filter((t): t is string => Boolean(t)))];
		const record: StepRecord = {
			playbook: 'evidence',
			id: 'unexplained-errors',
			title: 'Do the checks explain the errors it logs?',
			why: 'A container that logs errors is not healthy, even when every check passes; these lines need a person.',
			status: 'warn',
			evidence: [
				`${unexplained.length} error line${unexplained.length === 1 ? '' : 's'} no check explains; the newest:`,
				...unexplained.slice(-3).map((m) => `log: ${m.line}`),
				tried.length
					? `services checked: ${tried.join(', ')}`
					: 'no service to check was named in its logs or configuration',
			],
			command: `docker logs --since 5m ${subject.name}`,
			durationMs: 0,
		};
		steps.push(record);
		options.onEvent?.({ type: 'step-finished', step: record });
		return finish(
			'inconclusive',
			run.join(','),
			null,
			`its logs report errors no check explains: ${unexplained.at(-1)?.line ?? ''}`,
		);
	}
	return inconclusive
		? finish('inconclusive', run.join(','), null, inconclusiveNote)
		: finish('healthy', run.join(','), null);
}

/** The recent log lines with timestamps, matched against the catalogue. Unreadable logs give none. */
async function readEvidence(
	engine: ProbeEngine,
	subject: ContainerDetails,
	signatures: readonly Signature[],
): Promise<LogEvidence> {
	try {
		const chunks = await engine.logs.read(subject.id, {
			tail: EVIDENCE_TAIL,
			tty: subject.config.tty,
			timestamps: true,
		});
		return collectEvidence(linesOfChunks(chunks), signatures);
	} catch {
		return { linesRead: 0, matches: [], linesAfterLastMatch: 0 };
	}
}

/**
 * The signature lines that speak for the container's current trouble and route its diagnosis: for
 * a stopped or restarting one, those of its last runs; for a running one, those of the last
 * minutes (start-up errors too: they name the service it needs, even when it recovered).
 */
function matchesOfLastRun(subject: ContainerDetails, evidence: LogEvidence): SignatureMatch[] {
	if (subject.state === 'running' || subject.state === 'paused') {
		// A crash loop caught running: its earlier runs count. Started again by hand: only this run does.
		if (subject.restartCount > 0) return [...evidence.matches];
		const started = subject.startedAt ? Date.parse(subject.startedAt) / 1000 - 1 : 0;
		const since = Math.max(Date.now() / 1000 - FAILING_WINDOW_S, started);
		return evidence.matches.filter((m) => m.time === null || m.time >= since);
	}
	return [...evidence.matches];
}

function evidenceStep(
	subject: ContainerDetails,
	evidence: LogEvidence,
	matches: readonly SignatureMatch[],
	targets: readonly ConfiguredTarget[],
): StepRecord {
	const newest = matches.at(-1);
	const classes = [...new Set(matches.map((m) => m.class))];
	return {
		playbook: 'evidence',
		id: 'signatures',
		title: 'What do its own logs and configuration point at?',
		why: 'The error an application prints names the fault class and the service, path or setting involved; it decides which checks run first.',
		status: newest ? 'warn' : 'pass',
		evidence: [
			newest
				? `${matches.length} of the last ${evidence.linesRead} log lines are known errors (${classes.join(', ')}); the newest (${newest.runtime}): ${newest.line}`
				: `no known error in the last ${evidence.linesRead} log lines`,
			targets.length
				? `services it is configured to reach: ${targets.map((t) => `${t.host}${t.port ? `:${t.port}` : ''} (${t.from})`).join(', ')}`
				: 'no service address in its environment',
		],
		command: `docker logs --timestamps --tail ${EVIDENCE_TAIL} ${subject.name}`,
		durationMs: 0,
	};
}

function evidenceSummary(
	matches: readonly SignatureMatch[],
	targets: readonly ConfiguredTarget[],
): DiagnosisEvidence {
	return {
		errors: matches.slice(-5).map((m) => ({
			signature: m.signature,
			class: m.class,
			runtime: m.runtime,
			line: m.line,
			...(m.time !== null ? { time: new Date(m.time * 1000).toISOString() } : {}),
			...(m.host ? { host: m.host } : {}),
			...(m.port ? { port: m.port } : {}),
			...(m.path ? { path: m.path } : {}),
			...(m.var ? { variable: m.var } : {}),
			...(m.user ? { user: m.user } : {}),
		})),
		errorCount: matches.length,
		targets: targets.map((t) => ({ host: t.host, port: t.port, from: t.from })),
	};
}

/** What the fix needs of the container (restart or recreate), and for a recreate what it keeps and what to back up. */
function withRecovery(cause: CauseReport, subject: ContainerDetails): CauseReport {
	const recovery = recoveryOf(cause.id, subject.mounts);
	return {
		...cause,
		recovery: {
			...recovery,
			backup: recovery.backupFirst ? backupCommands(subject.name, subject.mounts) : [],
		},
	};
}

/**
 * A Compose container is recreated from its file by the next `up`: the fix names the service key to
 * change and the `up -d` that applies it; a one-call remedy stays offered, saying the next `up` undoes it.
 */
function fixTheComposeService(cause: CauseReport, labels: Readonly<Record<string, string>>): CauseReport {
	const compose = composeFix(labels, cause.id);
	if (!compose) return cause;
	return {
		...cause,
		fix: composeFixLines(compose, cause.fix),
		compose,
		...(cause.remedy
			? {
					remedy: { ...cause.remedy, note: `until the next \`${compose.apply}\` recreates it from the file` },
				}
			: {}),
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

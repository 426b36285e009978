import type { CauseId } from '../model/causes.js';
import type { ComposeFix } from '../model/compose-fix.js';
import type { Recovery } from '../model/recovery.js';
import type { RemedyAction } from './remedies/index.js';

export type StepStatus = 'pass' | 'fail' | 'warn' | 'skipped' | 'error';

/** One step as it ran: what was checked, why, what was seen, and the command to see it by hand. */
export type StepRecord = {
	readonly playbook: string;
	readonly id: string;
	readonly title: string;
	readonly why: string;
	readonly status: StepStatus;
	readonly evidence: readonly string[];
	readonly command: string;
	readonly durationMs: number;
};

/** A fix dockmedic can apply after confirmation (never in --read-only); remedies/ says what each does. */
export type Remedy = {
	readonly action: RemedyAction;
	/** Its arguments with placeholders filled in, `container` (the one it acts on) always among them. */
	readonly args: Readonly<Record<string, string>>;
	/** The docker command that does the same, shown in the confirmation. */
	readonly command: string;
	/** What limits it, e.g. for a Compose service: the next `up` recreates the container and undoes it. */
	readonly note?: string;
};

export type CauseReport = {
	readonly id: CauseId;
	readonly summary: string;
	readonly explanation: string;
	readonly fix: readonly string[];
	readonly remedy?: Remedy;
	/** For a container Compose created: the service key to change and the command that applies it. */
	readonly compose?: ComposeFix;
	/** Restart, change in place, recreate, or fix elsewhere; for a recreate, what it keeps and the backups to take first. */
	readonly recovery?: Recovery & { readonly backup: readonly string[] };
};

/** The outcome of diagnosing one container. */
export type Diagnosis = {
	readonly container: string;
	/** The engine it runs on, when several were diagnosed at once (--context a,b / --all-contexts). */
	readonly host?: string;
	readonly playbook: string;
	readonly playbooksRun: readonly string[];
	readonly status: 'finding' | 'healthy' | 'inconclusive';
	readonly cause: CauseReport | null;
	readonly steps: readonly StepRecord[];
	readonly inputs: Readonly<Record<string, string>>;
	/** The error signatures of its own logs that routed the diagnosis, and the services it is configured to reach. */
	readonly evidence?: DiagnosisEvidence;
	/** Why it is inconclusive, when the checks ran but do not explain what the logs say. */
	readonly note?: string;
	readonly durationMs: number;
};

export type DiagnosisEvidence = {
	readonly errors: readonly {
		readonly signature: string;
		readonly class: string;
		readonly runtime: string;
		readonly line: string;
		readonly time?: string;
		readonly host?: string;
		readonly port?: string;
		readonly path?: string;
		readonly variable?: string;
		readonly user?: string;
	}[];
	/** How many of the lines read matched a signature (errors holds the newest five). */
	readonly errorCount: number;
	readonly targets: readonly { readonly host: string; readonly port: string; readonly from: string }[];
};

/** What a run reports as it goes, so the console can show each step as it happens. */
export type RunEvent =
	| { readonly type: 'playbook-started'; readonly playbook: string; readonly title: string }
	| {
			readonly type: 'step-started';
			readonly playbook: string;
			readonly id: string;
			readonly title: string;
			readonly why: string;
			/** When the runner gives up on the step's probe. */
			readonly timeoutMs: number;
	  }
	| { readonly type: 'step-finished'; readonly step: StepRecord };

/** The check being run now: shown with its elapsed time so a slow probe is visibly alive. */
export type RunningStep = {
	readonly title: string;
	readonly startedAt: number;
	/** When the runner gives up on it and records the step as an error. */
	readonly timeoutMs: number;
};

/** Runs a diagnosis of one container, reporting each finished step and the one running now. */
export type DiagnoseService = (
	containerId: string,
	onStep: (step: StepRecord) => void,
	onRunning: (running: RunningStep) => void,
) => Promise<Diagnosis>;

/** A docker CLI call at the start of a command or after a shell separator (`;`, `&&`, `|`, `$(`). */
const DOCKER_CALL = /(^|[;&|]\s*|\$\()docker /g;

/**
 * The diagnosis of a container on one engine of several, with every command to run by hand pointed at
 * that engine's docker context (`docker --context edge logs web`), so that copying it does the same.
 */
export function onHost(diagnosis: Diagnosis, host: string): Diagnosis {
	const point = (command: string) => commandOnHost(command, host);
	const cause = diagnosis.cause;
	return {
		...diagnosis,
		host,
		steps: diagnosis.steps.map((step) => ({ ...step, command: point(step.command) })),
		cause: cause && {
			...cause,
			fix: cause.fix.map(point),
			...(cause.remedy ? { remedy: { ...cause.remedy, command: point(cause.remedy.command) } } : {}),
		},
	};
}

/** A command to run by hand, pointed at one docker context. */
export function commandOnHost(command: string, host: string): string {
	return command.replace(DOCKER_CALL, `$1docker --context ${host} `);
}

import type { Engine } from '../engine/index.js';
import type { CauseId } from '../model/causes.js';
import type { ContainerSpec } from '../model/container-spec.js';

/** What a scenario's setup, fix text and check can use. */
export type LabContext = {
	readonly engine: Engine;
	/** Local image the scenario's containers run (never pulled). */
	readonly image: string;
	/** Labels every resource of this scenario carries. */
	readonly labels: Readonly<Record<string, string>>;
	/** Absolute host path of one of the scenario's folders (under the lab directory). */
	readonly dir: (name: string) => string;
	/** The Node.js runtime image (dockmedic/node:local), for a scenario whose `runtime` is node. */
	readonly nodeImage: string;
	/** The Compose command line here (`docker compose` or `docker-compose`), for a Compose lab's fix. */
	readonly compose?: string;
};

/** A Compose project a lab creates with the real Compose, from a file (and .env) it writes. */
export type ComposeLab = {
	/** The Compose file as a person would write it; every service and network carries ctx.labels. */
	readonly file: string;
	/** The .env file beside it. */
	readonly env?: string;
	/** The fault stops `up` half-way (a dependency never becomes healthy): a failing `up` is expected. */
	readonly upFails?: boolean;
	/** Services brought up alone before the whole project: what already ran before the broken deploy. */
	readonly upFirst?: readonly string[];
};

export type LabNetwork = string | { readonly name: string; readonly subnet: string };

/** A lab network's name. */
export function networkName(network: LabNetwork): string {
	return typeof network === 'string' ? network : network.name;
}

/** Whether the symptom is gone, observed by behaviour, with what was seen. */
export type CheckResult = { readonly fixed: boolean; readonly observed: string };

/** A host folder a scenario bind-mounts, created before its containers. */
export type LabDir = {
	readonly name: string;
	readonly uid: number;
	readonly gid: number;
	readonly mode: number;
	/** File name to content (a script, #!, is written executable) or to content and mode. */
	readonly files?: Readonly<Record<string, string | { readonly content: string; readonly mode: number }>>;
};

/** One broken setup for practice, and the fixture that playbooks are tested against. */
export type Scenario = {
	readonly id: string;
	readonly title: string;
	readonly difficulty: 'easy' | 'medium' | 'hard';
	/** The root cause it injects, from shared/CAUSES.md. */
	readonly cause: CauseId;
	/** What the "user" complains about, as a student reads it; never names the cause. */
	readonly story: string;
	/** Progressive hints, vaguest first. */
	readonly hints: readonly string[];
	/** The container to diagnose. */
	readonly target: string;
	/** Its applications run in a real Node.js runtime (ctx.nodeImage), to fail in that runtime's own words. */
	readonly runtime?: 'node';
	/** Networks it creates first: a name, or a name with a subnet of its own (for fixed addresses). */
	readonly networks?: readonly LabNetwork[];
	readonly dirs?: readonly LabDir[];
	/** Containers in creation order. */
	readonly containers: (ctx: LabContext) => readonly LabContainer[];
	/** A Compose project created after the containers, named after the scenario id, from ctx.dir('compose'). */
	readonly compose?: (ctx: LabContext) => ComposeLab;
	/**
	 * The target is this Compose project's service, diagnosed with `diagnose --project` (Compose v1
	 * never creates a service whose dependency stays unhealthy: there may be no container to name).
	 */
	readonly project?: string;
	/** The documented fix, as docker CLI (and shell) commands. */
	readonly fix: (ctx: LabContext) => readonly string[];
	/** Observes whether the symptom is gone. */
	readonly check: (ctx: LabContext) => Promise<CheckResult>;
};

export type LabContainer = ContainerSpec & {
	/** Starting it is part of the fault (e.g. an unknown user): the failure is expected. */
	readonly startFails?: boolean;
	/** Create it, start it, then stop it (a dependency that is down). */
	readonly stopAfterStart?: boolean;
	/** Create it and never start it (a service its orchestrator held back). */
	readonly createOnly?: boolean;
};

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
};

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
	readonly networks?: readonly string[];
	readonly dirs?: readonly LabDir[];
	/** Containers in creation order. */
	readonly containers: (ctx: LabContext) => readonly LabContainer[];
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

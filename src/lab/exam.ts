/**
 * Exam mode: a random lab started without its title, hints that cost points, and a verify that
 * records when it was solved. The state is one small JSON file in the lab folder (per prefix), so
 * `lab hint`, `lab verify`, `lab status` and the console's banner all read the same exam.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CAUSES, type CauseCategory } from '../model/causes.js';
import type { Scenario } from './scenario.js';

export type ExamState = {
	/** The lab's id: kept here, never printed while the exam runs (it names the fault). */
	readonly lab: string;
	readonly seed: number;
	readonly category: CauseCategory | null;
	readonly startedAt: string;
	readonly hintsUsed: number;
	readonly solvedAt: string | null;
};

/** What a student (and a teacher's script) sees of an exam. */
export type ExamProgress = {
	readonly target: string;
	readonly startedAt: string;
	readonly elapsedS: number;
	readonly hintsUsed: number;
	readonly solved: boolean;
	readonly solvedAt: string | null;
	readonly score: number;
};

/** Points a solved exam is worth, and what each hint costs. */
export const FULL_SCORE = 100;
export const HINT_COST = 20;

/** A small seeded generator (mulberry32): the same seed picks the same lab, for a whole class. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The lab an exam runs: a seeded pick among the labs of the category (all labs without one). Pure. */
export function pickExamLab(
	all: readonly Scenario[],
	seed: number,
	category: CauseCategory | null,
): Scenario | undefined {
	const pool = all.filter((s) => category === null || CAUSES[s.cause] === category);
	if (pool.length === 0) return undefined;
	return pool[Math.floor(random(seed)() * pool.length)];
}

/** Elapsed time (until solved), hints, and the score: full marks less each hint, none until solved. Pure. */
export function examProgress(state: ExamState, target: string, nowMs: number = Date.now()): ExamProgress {
	const start = Date.parse(state.startedAt);
	const end = state.solvedAt ? Date.parse(state.solvedAt) : nowMs;
	const solved = state.solvedAt !== null;
	return {
		target,
		startedAt: state.startedAt,
		elapsedS: Math.max(0, Math.round((end - start) / 1000)),
		hintsUsed: state.hintsUsed,
		solved,
		solvedAt: state.solvedAt,
		score: solved ? Math.max(0, FULL_SCORE - HINT_COST * state.hintsUsed) : 0,
	};
}

/** "1 hint", "3 hints" */
export function hintCount(n: number): string {
	return `${n} hint${n === 1 ? '' : 's'}`;
}

/** "4 min 05 s" */
export function formatElapsed(seconds: number): string {
	const m = Math.floor(seconds / 60);
	const s = seconds % 60;
	return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}

const FILE = '.exam.json';

export function readExam(dir: string): ExamState | null {
	const file = path.join(dir, FILE);
	if (!existsSync(file)) return null;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as ExamState;
	} catch {
		return null;
	}
}

export function writeExam(dir: string, state: ExamState): void {
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export function clearExam(dir: string): void {
	rmSync(path.join(dir, FILE), { force: true });
}

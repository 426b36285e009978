import { factNames } from './probes/define.js';
import { probes } from './probes/index.js';
import type { Playbook } from './schema.js';
import { placeholders } from './template.js';

export type ReferenceIssue = { readonly path: (string | number)[]; readonly message: string };

/** Plain values in the runner's scope, beside inputs and the steps' facts. */
const PLAIN = new Set(['container', 'service']);

/** Who reads a name: a step (and whether its own facts are in by then), or a cause, read once the run ends. */
type Reader = { readonly step: number; readonly own: boolean } | null;

/**
 * What a bare name (no dot) stands for where it is read: a fact of the step itself (verdicts'
 * `when`), a plain value (only_if, requires), or whatever the text holds (templates, where
 * `{{end}}` is the docker CLI's own Go template).
 */
type Bare = 'fact' | 'value' | 'text';

/**
 * Every place a playbook reads a value by name, checked against what the run will have then:
 * `{{step.fact}}` and `{{a|b}}` in commands, parameters, notes, causes and remedies; the keys of
 * `when` (a bare key is a fact of the step's own probe) and `only_if`; the names in `requires`. A
 * fact must be one the step's probe declares, and from a step that has run by then. `inputs.*` is
 * not checked: routing adds inputs the playbook does not declare. Pure.
 */
export function referenceIssues(playbook: Playbook): ReferenceIssue[] {
	const issues: ReferenceIssue[] = [];
	const stepAt = new Map(playbook.steps.map((step, i) => [step.id, i]));
	const facts = playbook.steps.map((step) => {
		const probe = probes[step.probe.kind];
		return probe ? factNames(probe, step.probe) : null;
	});
	const gives = (i: number) =>
		`the ${playbook.steps[i]?.probe.kind} probe gives ${facts[i]?.join(', ') || 'no fact'}`;

	const check = (name: string, path: (string | number)[], reader: Reader, bare: Bare) => {
		for (const one of name.split('|').map((n) => n.trim())) {
			const [root = '', fact] = one.split('.');
			if (fact === undefined) {
				if (PLAIN.has(root) || bare === 'text') continue;
				if (bare === 'fact' && reader && (facts[reader.step] ?? [root]).includes(root)) continue;
				issues.push({
					path,
					message:
						bare === 'fact' && reader
							? `"${root}" is not a fact of this step: ${gives(reader.step)}`
							: `"${root}" names no value: write STEP.FACT or inputs.NAME`,
				});
				continue;
			}
			if (root === 'inputs') continue;
			const at = stepAt.get(root);
			if (at === undefined) {
				issues.push({ path, message: `"${one}": this playbook has no step "${root}"` });
				continue;
			}
			const known = facts[at];
			if (known && !known.includes(fact))
				issues.push({ path, message: `"${one}": step "${root}" has no fact "${fact}"; ${gives(at)}` });
			else if (reader && (at > reader.step || (at === reader.step && !reader.own)))
				issues.push({
					path,
					message: `"${one}" is read before step "${root}" has run, so it is always empty here`,
				});
		}
	};
	const checkText = (text: string, path: (string | number)[], reader: Reader) => {
		for (const name of placeholders(text)) check(name, path, reader, 'text');
	};

	playbook.steps.forEach((step, i) => {
		const before: Reader = { step: i, own: false };
		const after: Reader = { step: i, own: true };
		checkText(step.command, ['steps', i, 'command'], before);
		for (const [key, value] of Object.entries(step.probe))
			for (const text of [value].flat())
				if (typeof text === 'string') checkText(text, ['steps', i, 'probe', key], before);
		step.requires.forEach((name, k) => {
			check(name, ['steps', i, 'requires', k], before, 'value');
		});
		for (const key of Object.keys(step.only_if)) check(key, ['steps', i, 'only_if', key], before, 'value');
		step.verdicts.forEach((verdict, j) => {
			const at = ['steps', i, 'verdicts', j];
			for (const key of Object.keys(verdict.when)) check(key, [...at, 'when', key], after, 'fact');
			if (verdict.note) checkText(verdict.note, [...at, 'note'], after);
		});
	});
	for (const [id, cause] of Object.entries(playbook.causes)) {
		if (!cause) continue;
		checkText(cause.summary, ['causes', id, 'summary'], null);
		checkText(cause.explanation, ['causes', id, 'explanation'], null);
		cause.fix.forEach((fix, k) => {
			checkText(fix, ['causes', id, 'fix', k], null);
		});
		for (const [key, value] of Object.entries(cause.remedy?.args ?? {}))
			checkText(value, ['causes', id, 'remedy', 'args', key], null);
	}
	return issues;
}

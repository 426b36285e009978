import { CAUSES } from '../model/causes.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import type { Diagnosis, StepRecord } from './diagnosis.js';

const MARK: Record<StepRecord['status'], string> = {
	pass: 'ok',
	fail: 'FAIL',
	warn: 'warn',
	skipped: 'skip',
	error: 'ERROR',
};

/** The JSON document of `diagnose --format json` (documented in the README). */
export function toJson(diagnosis: Diagnosis): object {
	return {
		schemaVersion: SCHEMA_VERSION,
		dockmedicVersion: VERSION,
		...(diagnosis.host ? { host: diagnosis.host } : {}),
		container: diagnosis.container,
		playbook: diagnosis.playbook,
		playbooksRun: diagnosis.playbooksRun,
		status: diagnosis.status,
		cause: diagnosis.cause ? { ...diagnosis.cause, category: CAUSES[diagnosis.cause.id] } : null,
		steps: diagnosis.steps.map((s) => ({
			playbook: s.playbook,
			id: s.id,
			title: s.title,
			why: s.why,
			status: s.status,
			evidence: s.evidence,
			command: s.command,
			durationMs: s.durationMs,
		})),
		inputs: diagnosis.inputs,
		evidence: diagnosis.evidence ?? { errors: [], errorCount: 0, targets: [] },
		...(diagnosis.note ? { note: diagnosis.note } : {}),
		durationMs: diagnosis.durationMs,
	};
}

/** A terminal report: verdict first, then the steps that ran. */
export function toText(diagnosis: Diagnosis): string {
	const lines: string[] = [];
	lines.push(headline(diagnosis));
	if (diagnosis.cause) {
		lines.push(
			'',
			diagnosis.cause.explanation.trim(),
			'',
			'Fix:',
			...diagnosis.cause.fix.map((f) => `  ${f}`),
			...recoveryLines(diagnosis.cause).map((l, i) => (i === 0 ? `\n${l}` : `  ${l}`)),
		);
	}
	lines.push('', 'Steps:');
	for (const step of diagnosis.steps.filter((s) => s.status !== 'skipped')) {
		lines.push(`  [${MARK[step.status]}] ${step.title}`);
		for (const e of step.evidence) lines.push(`         ${e}`);
		lines.push(`         $ ${step.command}`);
	}
	return `${lines.join('\n')}\n`;
}

/** An incident note to paste: what, why, evidence, fix, and how to check by hand. */
export function toMarkdown(diagnosis: Diagnosis): string {
	const out: string[] = [`## ${headline(diagnosis)}`, ''];
	if (diagnosis.host) out.push(`- **Host:** \`${diagnosis.host}\``);
	out.push(`- **Container:** \`${diagnosis.container}\``);
	out.push(`- **Status:** ${diagnosis.status}`);
	if (diagnosis.cause)
		out.push(`- **Root cause:** \`${diagnosis.cause.id}\` (${CAUSES[diagnosis.cause.id]})`);
	out.push(
		`- **Playbooks:** ${diagnosis.playbooksRun.join(', ')} (${(diagnosis.durationMs / 1000).toFixed(1)} s, dockmedic ${VERSION})`,
		'',
	);
	if (diagnosis.cause) {
		out.push(
			'### Why',
			'',
			diagnosis.cause.explanation.trim(),
			'',
			'### Fix',
			'',
			'```sh',
			...diagnosis.cause.fix,
			'```',
			'',
		);
		const [first, ...rest] = recoveryLines(diagnosis.cause);
		if (first) out.push(`**${first}**`, '', ...rest.map((l) => `- ${l}`), '');
	}
	out.push('### Evidence', '');
	for (const step of diagnosis.steps.filter((s) => s.status !== 'skipped')) {
		out.push(`- **${MARK[step.status]}** ${step.title}`);
		for (const e of step.evidence) out.push(`  - ${e.replace(/`/g, "'")}`);
		out.push(`  - by hand: \`${step.command.replace(/`/g, "'")}\``);
	}
	return `${out.join('\n')}\n`;
}

/** Restart or recreate, in words: the kind and why, what a recreate keeps, and the backups to take first. */
export function recoveryLines(cause: NonNullable<Diagnosis['cause']>): string[] {
	const r = cause.recovery;
	if (!r) return [];
	const title = {
		restart: 'Restart',
		'in-place': 'In place',
		recreate: 'Recreate',
		elsewhere: 'Fix elsewhere',
	}[r.needs];
	return [`${title}: ${r.why}`, ...(r.data ? [r.data] : []), ...r.backup.map((b) => `Back up first: ${b}`)];
}

function headline(d: Diagnosis): string {
	const who = d.host ? `${d.host}/${d.container}` : d.container;
	if (d.cause) return `${who}: ${d.cause.summary} [${d.cause.id}]`;
	if (d.status === 'inconclusive') return `${who}: inconclusive (${d.note ?? 'some checks could not run'})`;
	return `${who}: no problem found`;
}

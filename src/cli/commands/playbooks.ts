import { readFileSync } from 'node:fs';
import { DockmedicError } from '../../engine/errors.js';
import { playbookJsonSchemaText } from '../../playbooks/json-schema.js';
import { formatError, parsePlaybook } from '../../playbooks/loader.js';
import { loadAllPlaybooks } from '../playbook-setup.js';
import { renderTable } from '../text-table.js';

export function listPlaybooks(dirs: string[], out: NodeJS.WritableStream = process.stdout): number {
	const playbooks = loadAllPlaybooks(dirs);
	out.write(
		renderTable(
			['ID', 'STEPS', 'CAUSES', 'TITLE'],
			playbooks.map((p) => [p.id, String(p.steps.length), String(Object.keys(p.causes).length), p.title]),
		),
	);
	return 0;
}

export function showPlaybook(
	id: string,
	dirs: string[],
	out: NodeJS.WritableStream = process.stdout,
): number {
	const playbook = loadAllPlaybooks(dirs).find((p) => p.id === id);
	if (!playbook)
		throw new DockmedicError(`There is no playbook "${id}".`, {
			tryMessage: 'See `dockmedic playbooks list`.',
		});
	const lines = [
		`${playbook.id}: ${playbook.title}`,
		'',
		playbook.description.trim(),
		'',
		`Applies to: ${playbook.applies_to.states.join(', ')}`,
		'',
	];
	playbook.steps.forEach((step, i) => {
		lines.push(
			`${i + 1}. ${step.title}  [${step.probe.kind}]`,
			`   why: ${step.why.trim()}`,
			`   by hand: ${step.command}`,
		);
		const causes = step.verdicts.flatMap((v) => (v.cause ? [v.cause] : []));
		if (causes.length) lines.push(`   can find: ${causes.join(', ')}`);
	});
	out.write(`${lines.join('\n')}\n`);
	return 0;
}

/** Validates one file: exit 0 when valid, 1 with each problem as file:line: field: message. */
export function validatePlaybook(file: string, out: NodeJS.WritableStream = process.stdout): number {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new DockmedicError(`Cannot read ${file}: ${(error as Error).message}`);
	}
	const result = parsePlaybook(text, file);
	if (result.playbook) {
		out.write(`${file}: valid playbook "${result.playbook.id}" (${result.playbook.steps.length} steps)\n`);
		return 0;
	}
	for (const error of result.errors) out.write(`${formatError(error)}\n`);
	return 1;
}

/** Prints the playbook JSON Schema, for an editor to check playbooks as they are written. */
export function printPlaybookSchema(out: NodeJS.WritableStream = process.stdout): number {
	out.write(playbookJsonSchemaText());
	return 0;
}

import { readFileSync } from 'node:fs';
import { DockmedicError } from '../../engine/errors.js';
import { collectEvidence, parseTimedLines } from '../../model/evidence.js';
import { sanitizeLine } from '../../model/sanitize.js';
import { formatError } from '../../playbooks/loader.js';
import { playbookForClass } from '../../playbooks/route.js';
import { loadSignatures, parseSignatures, signatureDirs } from '../../playbooks/signature-loader.js';
import { renderTable } from '../text-table.js';

/** Every signature that loads (built-in, the user's folder, --signatures), with its class and runtime. */
export function listSignatures(dirs: string[], out: NodeJS.WritableStream = process.stdout): number {
	const { signatures, errors } = loadSignatures(signatureDirs(dirs));
	for (const e of errors) process.stderr.write(`dockmedic: signature skipped: ${formatError(e)}\n`);
	out.write(
		renderTable(
			['ID', 'CLASS', 'RUNTIME', 'CHECKS'],
			signatures.map((s) => [
				s.id,
				s.class,
				s.runtime,
				s.generic ? `${playbookForClass(s.class)} (generic)` : playbookForClass(s.class),
			]),
		),
	);
	return 0;
}

/** Checks one catalogue file: exit 0 when valid, 1 with each problem as file:line: field: message. */
export function validateSignatures(file: string, out: NodeJS.WritableStream = process.stdout): number {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new DockmedicError(`Cannot read ${file}: ${(error as Error).message}`);
	}
	const result = parseSignatures(text, file);
	if (result.errors.length === 0) {
		out.write(`${file}: ${result.signatures.length} valid signatures\n`);
		return 0;
	}
	for (const error of result.errors) out.write(`${formatError(error)}\n`);
	return 1;
}

/**
 * Which signature each line matches (the lines given, or standard input: `docker logs app 2>&1 |
 * dockmedic signatures match`), and what it names. Exit 0 when a line matched, 1 when none did.
 */
export function matchSignatures(
	lines: string[],
	dirs: string[],
	out: NodeJS.WritableStream = process.stdout,
): number {
	const { signatures } = loadSignatures(signatureDirs(dirs));
	const text = lines.length ? lines.join('\n') : readFileSync(0, 'utf8');
	const evidence = collectEvidence(parseTimedLines(text), signatures);
	for (const m of evidence.matches) {
		const named = (['host', 'port', 'path', 'var', 'user', 'url'] as const)
			.filter((k) => m[k])
			.map((k) => `${k}=${m[k]}`)
			.join(' ');
		out.write(
			`${m.class}\t${m.signature} (${m.runtime})${named ? `\t${named}` : ''}\n\t${sanitizeLine(m.line)}\n`,
		);
	}
	if (evidence.matches.length === 0) out.write(`no signature matches any of ${evidence.linesRead} lines\n`);
	return evidence.matches.length ? 0 : 1;
}

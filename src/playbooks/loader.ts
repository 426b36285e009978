import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { yamlFiles } from './locations.js';
import { type Playbook, PlaybookSchema } from './schema.js';

export { yamlFiles };

/** A problem with one playbook file, located as precisely as the file allows. */
export type PlaybookError = {
	readonly file: string;
	readonly line: number | null;
	readonly field: string;
	readonly message: string;
};

export type LoadResult = { readonly playbooks: Playbook[]; readonly errors: PlaybookError[] };

/** Playbook files larger than this are refused unread: a playbook is a page of YAML, not a data dump. */
const MAX_BYTES = 256 * 1024;
/** Aliases allowed per document; a handful is plenty and it stops "billion laughs" expansion. */
const MAX_ALIASES = 50;

export function formatError(error: PlaybookError): string {
	return `${error.file}${error.line ? `:${error.line}` : ''}: ${error.field ? `${error.field}: ` : ''}${error.message}`;
}

/** A YAML document as data, with a way to find the line of any path in it. */
export type YamlData = {
	readonly data: unknown;
	readonly lineOf: (path: (string | number)[]) => number | null;
};

/**
 * Parses YAML with line numbers, refusing files over `maxBytes` and alias bombs. Never throws:
 * problems come back as errors located in the file.
 */
export function parseYaml(
	text: string,
	file: string,
	maxBytes = MAX_BYTES,
): { yaml?: YamlData; errors: PlaybookError[] } {
	if (Buffer.byteLength(text) > maxBytes)
		return { errors: [{ file, line: null, field: '', message: `larger than ${maxBytes / 1024} KiB` }] };
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length > 0) {
		return {
			errors: doc.errors.map((e) => ({
				file,
				line: lineCounter.linePos(e.pos[0]).line,
				field: '',
				message: `YAML: ${e.message.split('\n')[0]}`,
			})),
		};
	}
	try {
		const data = doc.toJS({ maxAliasCount: MAX_ALIASES });
		return { yaml: { data, lineOf: (p) => lineOf(doc, lineCounter, p) }, errors: [] };
	} catch (error) {
		return { errors: [{ file, line: null, field: '', message: (error as Error).message }] };
	}
}

/** Schema problems as file:line: field: message. */
export function issuesAt(
	file: string,
	yaml: YamlData,
	issues: readonly { path: PropertyKey[]; message: string }[],
): PlaybookError[] {
	return issues.map((issue) => ({
		file,
		line: yaml.lineOf(issue.path as (string | number)[]),
		field: issue.path.map(String).join('.'),
		message: issue.message,
	}));
}

/** Parses and validates one playbook's text. Never throws: problems come back as errors. */
export function parsePlaybook(text: string, file: string): { playbook?: Playbook; errors: PlaybookError[] } {
	const { yaml, errors } = parseYaml(text, file);
	if (!yaml) return { errors };
	const parsed = PlaybookSchema.safeParse(yaml.data);
	if (parsed.success) return { playbook: parsed.data, errors: [] };
	return { errors: issuesAt(file, yaml, parsed.error.issues) };
}

/** Line of the deepest node along the path that exists in the document. */
function lineOf(
	doc: ReturnType<typeof parseDocument>,
	counter: LineCounter,
	issuePath: (string | number)[],
): number | null {
	for (let depth = issuePath.length; depth >= 0; depth--) {
		const node = doc.getIn(issuePath.slice(0, depth), true);
		if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
	}
	return null;
}

/** Loads every *.yaml/*.yml of the folders, later folders overriding earlier ids. */
export function loadPlaybooks(dirs: readonly string[]): LoadResult {
	const byId = new Map<string, Playbook>();
	const errors: PlaybookError[] = [];
	for (const file of dirs.flatMap(yamlFiles)) {
		const result = parsePlaybook(readFileSync(file, 'utf8'), file);
		errors.push(...result.errors);
		if (result.playbook) byId.set(result.playbook.id, result.playbook);
	}
	return { playbooks: [...byId.values()], errors };
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { type Playbook, PlaybookSchema } from './schema.js';

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

/** Parses and validates one playbook's text. Never throws: problems come back as errors. */
export function parsePlaybook(text: string, file: string): { playbook?: Playbook; errors: PlaybookError[] } {
	if (Buffer.byteLength(text) > MAX_BYTES)
		return { errors: [{ file, line: null, field: '', message: `larger than ${MAX_BYTES / 1024} KiB` }] };
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
	let data: unknown;
	try {
		data = doc.toJS({ maxAliasCount: MAX_ALIASES });
	} catch (error) {
		return { errors: [{ file, line: null, field: '', message: (error as Error).message }] };
	}
	const parsed = PlaybookSchema.safeParse(data);
	if (parsed.success) return { playbook: parsed.data, errors: [] };
	return {
		errors: parsed.error.issues.map((issue) => {
			const fieldPath = issue.path.map(String);
			return {
				file,
				line: lineOf(doc, lineCounter, issue.path as (string | number)[]),
				field: fieldPath.join('.'),
				message: issue.message,
			};
		}),
	};
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
	for (const dir of dirs) {
		let entries: string[];
		try {
			if (!statSync(dir).isDirectory()) continue;
			entries = readdirSync(dir)
				.filter((f) => /\.ya?ml$/.test(f))
				.sort();
		} catch {
			continue;
		}
		for (const entry of entries) {
			const file = path.join(dir, entry);
			const result = parsePlaybook(readFileSync(file, 'utf8'), file);
			errors.push(...result.errors);
			if (result.playbook) byId.set(result.playbook.id, result.playbook);
		}
	}
	return { playbooks: [...byId.values()], errors };
}

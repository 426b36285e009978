import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import {
	compilePattern,
	fieldsOf,
	SIGNATURE_CLASSES,
	SIGNATURE_FIELDS,
	type Signature,
} from '../model/signatures.js';
import type { PlaybookError } from './loader.js';
import { builtinPlaybookDir } from './locations.js';

const MAX_BYTES = 512 * 1024;
const MAX_ALIASES = 50;

const ExampleSchema = z
	.object({
		/** A real line as the runtime prints it. */
		line: z.string().min(5),
		host: z.string().optional(),
		port: z.string().optional(),
		path: z.string().optional(),
		var: z.string().optional(),
		user: z.string().optional(),
		url: z.string().optional(),
	})
	.strict();

const SignatureSchema = z
	.object({
		id: z
			.string()
			.regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter'),
		class: z.enum(SIGNATURE_CLASSES),
		runtime: z.string().min(2).optional(),
		source: z.string().min(10),
		pattern: z.string().min(3).optional(),
		patterns: z.array(z.string().min(3)).min(1).optional(),
		generic: z.boolean().default(false),
		examples: z.array(ExampleSchema).min(1),
	})
	.strict();

const FileSchema = z
	.object({
		runtime: z.string().min(2),
		signatures: z.array(SignatureSchema).min(1),
	})
	.strict();

export type SignatureLoad = { readonly signatures: Signature[]; readonly errors: PlaybookError[] };

/**
 * Parses and checks one catalogue file: every pattern compiles, names only known fields, and
 * matches each of its examples with the fields the example states. Never throws.
 */
export function parseSignatures(text: string, file: string): SignatureLoad {
	if (Buffer.byteLength(text) > MAX_BYTES)
		return {
			signatures: [],
			errors: [{ file, line: null, field: '', message: `larger than ${MAX_BYTES / 1024} KiB` }],
		};
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length > 0)
		return {
			signatures: [],
			errors: doc.errors.map((e) => ({
				file,
				line: lineCounter.linePos(e.pos[0]).line,
				field: '',
				message: `YAML: ${e.message.split('\n')[0]}`,
			})),
		};
	let data: unknown;
	try {
		data = doc.toJS({ maxAliasCount: MAX_ALIASES });
	} catch (error) {
		return { signatures: [], errors: [{ file, line: null, field: '', message: (error as Error).message }] };
	}
	const at = (p: (string | number)[]) => lineOf(doc, lineCounter, p);
	const parsed = FileSchema.safeParse(data);
	if (!parsed.success)
		return {
			signatures: [],
			errors: parsed.error.issues.map((issue) => ({
				file,
				line: at(issue.path as (string | number)[]),
				field: issue.path.map(String).join('.'),
				message: issue.message,
			})),
		};
	const errors: PlaybookError[] = [];
	const signatures: Signature[] = [];
	parsed.data.signatures.forEach((entry, i) => {
		const where = (field: string, ...rest: (string | number)[]) => ({
			file,
			line: at(['signatures', i, ...rest]),
			field: `signatures.${i}.${field}`,
		});
		const errorsBefore = errors.length;
		const sources = entry.patterns ?? (entry.pattern ? [entry.pattern] : []);
		if (sources.length === 0 || (entry.pattern && entry.patterns)) {
			errors.push({ ...where('pattern'), message: 'give either pattern or patterns' });
			return;
		}
		const patterns: RegExp[] = [];
		for (const [j, source] of sources.entries()) {
			const field = entry.patterns ? `patterns.${j}` : 'pattern';
			const keyPath = entry.patterns ? ['patterns', j] : ['pattern'];
			try {
				const regex = compilePattern(source);
				const unknown = [...source.matchAll(/\(\?<([A-Za-z]\w*)>/g)]
					.map((m) => m[1] ?? '')
					.filter((g) => !(SIGNATURE_FIELDS as readonly string[]).includes(g));
				if (unknown.length > 0)
					errors.push({
						...where(field, ...keyPath),
						message: `unknown group ${unknown.join(', ')}; use ${SIGNATURE_FIELDS.join(', ')}`,
					});
				// A pattern that matches an empty line would flag every log.
				if (regex.test('')) errors.push({ ...where(field, ...keyPath), message: 'matches an empty line' });
				patterns.push(regex);
			} catch (error) {
				errors.push({ ...where(field, ...keyPath), message: `invalid pattern: ${(error as Error).message}` });
			}
		}
		if (patterns.length !== sources.length) return;
		entry.examples.forEach((example, j) => {
			const hit = patterns.map((p) => p.exec(example.line)).find((m) => m !== null);
			if (!hit) {
				errors.push({ ...where(`examples.${j}`, 'examples', j), message: 'the example does not match' });
				return;
			}
			const got = fieldsOf(hit.groups ?? {});
			const { line: _line, ...want } = example;
			for (const [key, value] of Object.entries(want)) {
				const actual = got[key as keyof typeof got];
				if (actual !== value)
					errors.push({
						...where(`examples.${j}.${key}`, 'examples', j, key),
						message: `expected ${key} "${value}", the pattern gives "${actual ?? ''}"`,
					});
			}
		});
		// An entry with a broken example is skipped: it would flag lines nobody checked.
		if (errors.length > errorsBefore) return;
		signatures.push({
			id: entry.id,
			class: entry.class,
			runtime: entry.runtime ?? parsed.data.runtime,
			source: entry.source,
			patterns,
			generic: entry.generic,
			file,
		});
	});
	return { signatures, errors };
}

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

/** The built-in catalogue (playbooks/signatures), then the user's, then extra folders. */
export function signatureDirs(extra: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
	const config = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
	return [
		path.join(builtinPlaybookDir(), 'signatures'),
		path.join(config, 'dockmedic', 'signatures'),
		...extra,
	];
}

/**
 * Loads every catalogue file of the folders. Signatures of later folders come first (a person's
 * own signatures are more specific than the built-in ones) and replace built-in ones of the same id.
 */
export function loadSignatures(dirs: readonly string[]): SignatureLoad {
	const byId = new Map<string, Signature>();
	const errors: PlaybookError[] = [];
	for (const dir of [...dirs].reverse()) {
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
			const result = parseSignatures(readFileSync(file, 'utf8'), file);
			errors.push(...result.errors);
			for (const s of result.signatures) if (!byId.has(s.id)) byId.set(s.id, s);
		}
	}
	return { signatures: [...byId.values()], errors };
}

let cached: Signature[] | undefined;
/** The catalogue from the usual folders, loaded once per process; broken entries are reported once. */
export function defaultSignatures(
	warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Signature[] {
	if (cached) return cached;
	const { signatures, errors } = loadSignatures(signatureDirs());
	for (const e of errors)
		warn(`dockmedic: signature skipped: ${e.file}${e.line ? `:${e.line}` : ''}: ${e.field}: ${e.message}`);
	cached = signatures;
	return signatures;
}

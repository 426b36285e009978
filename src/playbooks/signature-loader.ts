import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
	compilePattern,
	fieldsOf,
	SIGNATURE_CLASSES,
	SIGNATURE_FIELDS,
	type Signature,
} from '../model/signatures.js';
import { configRoot } from '../util/xdg.js';
import { issuesAt, type PlaybookError, parseYaml, yamlFiles } from './loader.js';
import { builtinPlaybookDir } from './locations.js';

const MAX_BYTES = 512 * 1024;

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
	const { yaml, errors: yamlErrors } = parseYaml(text, file, MAX_BYTES);
	if (!yaml) return { signatures: [], errors: yamlErrors };
	const at = yaml.lineOf;
	const parsed = FileSchema.safeParse(yaml.data);
	if (!parsed.success) return { signatures: [], errors: issuesAt(file, yaml, parsed.error.issues) };
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

/** The built-in catalogue (playbooks/signatures), then the user's, then extra folders. */
export function signatureDirs(extra: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
	const config = configRoot(env);
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
	for (const file of [...dirs].reverse().flatMap(yamlFiles)) {
		const result = parseSignatures(readFileSync(file, 'utf8'), file);
		errors.push(...result.errors);
		for (const s of result.signatures) if (!byId.has(s.id)) byId.set(s.id, s);
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

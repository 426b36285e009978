import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePlaybook, parseYaml } from '../../src/playbooks/loader.js';
import { PROBES } from '../../src/playbooks/probes/index.js';
import { REMEDIES } from '../../src/playbooks/remedies/index.js';
import { MatcherSchema, PlaybookSchema } from '../../src/playbooks/schema.js';
import { parseSignatures } from '../../src/playbooks/signature-loader.js';
import { ROOT } from '../helpers/cli.js';
import { GENERATED, generatedSections, notesIssues, refreshGenerated } from '../helpers/playbook-docs.js';

/**
 * Keeps docs/playbooks.md and CONTRIBUTING.md true to the code: the generated references are current,
 * every field of the playbook schema is explained, the examples load with the project's own loaders,
 * and the paths the documents name exist.
 */

const GUIDE = path.join(ROOT, 'docs', 'playbooks.md');
const CONTRIBUTING = path.join(ROOT, 'CONTRIBUTING.md');
const guide = readFileSync(GUIDE, 'utf8');

/** The text under a `## ` heading, up to the next one. */
function section(markdown: string, heading: string): string {
	const start = markdown.indexOf(`\n## ${heading}\n`);
	if (start < 0) throw new Error(`no section "## ${heading}"`);
	const end = markdown.indexOf('\n## ', start + 1);
	return markdown.slice(start, end < 0 ? undefined : end);
}

/** The ```yaml blocks of a text, in order. */
function yamlBlocks(markdown: string): string[] {
	return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** The object schema inside defaults, arrays and records (a step inside `steps`, an input inside `inputs`). */
function objectOf(schema: z.ZodType): z.ZodObject {
	let current: unknown = schema;
	for (;;) {
		if (current instanceof z.ZodObject) return current;
		if (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap();
		else if (current instanceof z.ZodArray) current = current.element;
		else if (current instanceof z.ZodRecord) current = current.valueType;
		else throw new Error('no object schema inside');
	}
}

const playbookShape = PlaybookSchema.shape;
const stepShape = objectOf(playbookShape.steps).shape;
const FIELDS = {
	playbook: Object.keys(playbookShape),
	applies_to: Object.keys(objectOf(playbookShape.applies_to).shape),
	step: Object.keys(stepShape),
	verdict: Object.keys(objectOf(stepShape.verdicts).shape),
	input: Object.keys(objectOf(playbookShape.inputs).shape),
	cause: Object.keys(objectOf(playbookShape.causes).shape),
	matcher: MatcherSchema.options.flatMap((o) => (o instanceof z.ZodObject ? Object.keys(o.shape) : [])),
} satisfies Record<string, readonly string[]>;

describe('docs/playbooks.md', () => {
	it('holds the probe, remedy and signature references as generated (else: npm run playbook-docs)', () => {
		expect(generatedSections(guide).sort()).toEqual(Object.keys(GENERATED).sort());
		// Fails when a probe, fact, parameter, remedy or signature class changed and the guide was not made again.
		expect(guide).toBe(refreshGenerated(guide));
	});

	it('describes every probe, parameter, fact and remedy argument, and nothing that is gone', () => {
		// The descriptions live in test/helpers/playbook-docs.ts, beside the generator.
		expect(notesIssues()).toEqual([]);
	});

	it('names every probe kind and every fact it declares, in its own section', () => {
		const reference = section(guide, 'Probe reference');
		for (const probe of PROBES) {
			const start = reference.indexOf(`### \`${probe.kind}\``);
			expect(start, `probe ${probe.kind}`).toBeGreaterThan(-1);
			const end = reference.indexOf('\n### ', start + 1);
			const own = reference.slice(start, end < 0 ? undefined : end);
			const missing = Object.keys(probe.facts.shape).filter((fact) => !own.includes(`| \`${fact}\` |`));
			expect({ probe: probe.kind, missing }).toEqual({ probe: probe.kind, missing: [] });
		}
	});

	it('names every remedy action', () => {
		const reference = section(guide, 'Remedy reference');
		const missing = REMEDIES.map((r) => r.action).filter((a) => !reference.includes(`### \`${a}\``));
		expect(missing).toEqual([]);
	});

	it('explains every field of a playbook, step, verdict, input and cause, and every matcher', () => {
		for (const [what, fields] of Object.entries(FIELDS)) {
			const missing = fields.filter((f) => !guide.includes(`\`${f}\``) && !guide.includes(`{ ${f}:`));
			expect({ what, missing }).toEqual({ what, missing: [] });
		}
		// The tables of fields are where a person looks a field up.
		for (const f of [...FIELDS.playbook, ...FIELDS.step, ...FIELDS.verdict, ...FIELDS.input, ...FIELDS.cause])
			expect(guide, f).toMatch(new RegExp(`^\\| \`${f}\` \\|`, 'm'));
	});

	it('has a worked example that the loader accepts', () => {
		const [example] = yamlBlocks(section(guide, 'A worked example'));
		const result = parsePlaybook(example ?? '', 'cache.yaml');
		expect(result.errors).toEqual([]);
		// It shows the parts the guide explains, not only the minimum.
		const playbook = result.playbook;
		expect(Object.keys(playbook?.inputs ?? {}).length).toBeGreaterThan(0);
		const verdicts = playbook?.steps.flatMap((s) => s.verdicts) ?? [];
		expect(verdicts.some((v) => v.next)).toBe(true);
		expect(verdicts.some((v) => v.healthy)).toBe(true);
		expect(Object.values(playbook?.causes ?? {}).some((c) => c?.remedy)).toBe(true);
	});

	it('has an example signature file that the signature loader accepts', () => {
		const [example] = yamlBlocks(section(guide, 'Error signatures'));
		const result = parseSignatures(example ?? '', 'billing.yaml');
		expect(result.errors).toEqual([]);
		expect(result.signatures.length).toBeGreaterThan(0);
	});

	it('shows only YAML that parses, fragments included', () => {
		for (const block of yamlBlocks(guide)) expect(parseYaml(block, 'block.yaml').errors).toEqual([]);
	});
});

/** Every file of the repository by name, for names written without their folder. */
function fileNames(dir: string, into = new Set<string>()): Set<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (['node_modules', '.git', 'dist'].includes(entry.name)) continue;
		if (entry.isDirectory()) fileNames(path.join(dir, entry.name), into);
		else into.add(entry.name);
	}
	return into;
}

const TOP = /^(?:src|test|scripts|docs|bench|playbooks|patches|bin|\.ci)\//;
const FILE = /^[\w.-]+\.(?:md|json|ts|tsx|mjs|js|sh|yaml|yml)$/;

/**
 * The paths a document names in `code`, outside code blocks: those under a top-level folder, and
 * file names alone. A glob names the folder before its first `*`.
 */
function namedPaths(markdown: string): string[] {
	const prose = markdown.replace(/```[\s\S]*?```/g, '');
	return [...prose.matchAll(/`([^`\s]+)`/g)]
		.map((m) => m[1] ?? '')
		.filter((token) => TOP.test(token) || FILE.test(token));
}

describe('the documents name only files that exist', () => {
	const names = fileNames(ROOT);
	it.each([
		['CONTRIBUTING.md', CONTRIBUTING],
		['docs/playbooks.md', GUIDE],
	])('%s', (_name, file) => {
		const tokens = namedPaths(readFileSync(file, 'utf8'));
		expect(tokens.length).toBeGreaterThan(0);
		const missing = tokens.filter((token) => {
			if (!token.includes('/')) return !names.has(token);
			const fixed = token.includes('*') ? token.slice(0, token.indexOf('*')) : token;
			return !existsSync(path.join(ROOT, fixed));
		});
		expect(missing).toEqual([]);
	});
});

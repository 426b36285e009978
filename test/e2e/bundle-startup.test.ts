import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What the built bundle loads before the console's first frame (esbuild's metafile of `npm run build`):
 * the entry, then the console session and the console's modules. Start-up time and memory come from
 * this code; the libraries that only some commands need must stay out of it.
 */
const root = path.resolve(import.meta.dirname, '../..');
type Meta = {
	outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
};
const meta = JSON.parse(readFileSync(path.join(root, 'dist/bundle-meta.json'), 'utf8')) as Meta;

/** The inputs of an output file and of every file it imports statically. */
function loadedWith(output: string): string[] {
	const seen = new Set<string>();
	const todo = [output];
	for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
		if (seen.has(file)) continue;
		seen.add(file);
		for (const i of meta.outputs[file]?.imports ?? []) if (i.kind === 'import-statement') todo.push(i.path);
	}
	return [...seen].flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {}));
}
const outputNamed = (pattern: RegExp) => {
	const found = Object.keys(meta.outputs).find((f) => pattern.test(f));
	if (!found) throw new Error(`no output matches ${pattern}`);
	return found;
};

describe('what the console loads before its first frame', () => {
	const firstFrame = [
		...loadedWith(outputNamed(/dist\/cli\.js$/)),
		...loadedWith(outputNamed(/chunks\/console-session-[^/]+\.js$/)),
		...loadedWith(outputNamed(/chunks\/console-[A-Z0-9]+\.js$/)),
	];

	it('has Ink, React and dockerode, and neither the YAML parser, the schema library, the labs nor the playbooks', () => {
		expect(firstFrame.some((f) => f.includes('node_modules/ink/'))).toBe(true);
		expect(firstFrame.some((f) => f.includes('node_modules/dockerode/'))).toBe(true);
		const heavy = firstFrame.filter((f) =>
			/node_modules\/(yaml|zod|autocannon)\/|src\/lab\/(scenarios|lab|catalogue|pack)|src\/playbooks\/(probes|remedies|loader|schema)/.test(
				f,
			),
		);
		expect([
			...new Set(heavy.map((f) => f.replace(/(node_modules\/[^/]+|src\/[^/]+\/[^/]+).*/, '$1'))),
		]).toEqual([]);
	});

	it('measures text with the fast path: no other string-width is bundled for the screen', () => {
		const widths = firstFrame.filter((f) => /string-width\/index\.js$/.test(f));
		expect([...new Set(widths)]).toEqual(['node_modules/string-width/index.js']);
		expect(firstFrame).toContain('src/model/fast-width.ts');
	});

	it('ships the compiled signature catalogue beside the bundle', () => {
		const catalogue = JSON.parse(readFileSync(path.join(root, 'dist/signatures.json'), 'utf8')) as {
			signatures: unknown[];
		};
		expect(catalogue.signatures.length).toBeGreaterThan(100);
		const version = spawnSync(process.execPath, [path.join(root, 'bin/dockmedic.js'), '--version'], {
			encoding: 'utf8',
		});
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
	});
});

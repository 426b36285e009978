// Writes the generated sections of docs/playbooks.md again (the probe, remedy and error-signature
// references), from the registries and the descriptions in test/helpers/playbook-docs.ts.
// test/unit/docs.test.ts fails while the checked-in sections differ from what this writes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const doc = path.join(root, 'docs', 'playbooks.md');
const dir = mkdtempSync(path.join(os.tmpdir(), 'dockmedic-docs-'));
try {
	// The generator is TypeScript that imports the registries: bundled once, whole, then loaded.
	const outfile = path.join(dir, 'playbook-docs.mjs');
	await build({
		entryPoints: [path.join(root, 'test', 'helpers', 'playbook-docs.ts')],
		outfile,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		logLevel: 'warning',
	});
	const { notesIssues, refreshGenerated } = await import(pathToFileURL(outfile).href);
	const before = readFileSync(doc, 'utf8');
	const after = refreshGenerated(before);
	if (after !== before) writeFileSync(doc, after);
	console.log(
		after === before ? 'docs/playbooks.md: up to date' : 'docs/playbooks.md: generated sections written',
	);
	for (const issue of notesIssues()) console.log(`test/helpers/playbook-docs.ts: ${issue}`);
} finally {
	rmSync(dir, { recursive: true, force: true });
}

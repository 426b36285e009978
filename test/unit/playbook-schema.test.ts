import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { playbookJsonSchemaText } from '../../src/playbooks/json-schema.js';
import { yamlFiles } from '../../src/playbooks/loader.js';
import { ROOT } from '../helpers/cli.js';

const FILE = path.join(ROOT, 'docs', 'playbook.schema.json');

describe('the playbook JSON Schema for editors', () => {
	it('is checked in as generated from the zod schemas (else: npm run schema)', () => {
		// Fails when a probe, remedy or playbook field changed and the file was not generated again.
		expect(readFileSync(FILE, 'utf8')).toBe(playbookJsonSchemaText());
	});

	// zod reads the JSON Schema back: what an editor would accept, checked without an editor.
	const editor = z.fromJSONSchema(JSON.parse(playbookJsonSchemaText()));

	it('accepts every shipped playbook', () => {
		for (const file of yamlFiles(path.join(ROOT, 'playbooks')))
			expect({ file, issues: editor.safeParse(parse(readFileSync(file, 'utf8'))).error?.issues }).toEqual({
				file,
				issues: undefined,
			});
	});

	it("refuses an unknown probe, a parameter the probe does not take, and a remedy's unknown argument", () => {
		const crash = () => parse(readFileSync(path.join(ROOT, 'playbooks', 'crash.yaml'), 'utf8'));
		const teleport = crash();
		teleport.steps[0].probe = { kind: 'teleport' };
		expect(editor.safeParse(teleport).success).toBe(false);
		const extra = crash();
		extra.steps[0].probe = { kind: 'container-state', tail: 5 };
		expect(editor.safeParse(extra).success).toBe(false);
		const port = crash();
		port.steps[5].probe = { kind: 'peer', name: 'db', port: 'eighty' };
		expect(editor.safeParse(port).success).toBe(false);
		const remedy = crash();
		remedy.causes['target-not-running'].remedy = { action: 'start', args: { network: 'x' } };
		expect(editor.safeParse(remedy).success).toBe(false);
		remedy.causes['target-not-running'].remedy = { action: 'start' };
		expect(editor.safeParse(remedy).success).toBe(true);
	});
});

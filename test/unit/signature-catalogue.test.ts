import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchLine } from '../../src/model/signatures.js';
import { builtinPlaybookDir } from '../../src/playbooks/locations.js';
import { catalogueOf, signatureFilesDigest, signaturesOf } from '../../src/playbooks/signature-catalogue.js';
import { loadSignatures } from '../../src/playbooks/signature-loader.js';

const playbookDir = builtinPlaybookDir();
const signatureDir = path.join(playbookDir, 'signatures');

describe('the compiled signature catalogue', () => {
	it('gives back exactly what the YAML loader gives, patterns and files included', () => {
		const { signatures, errors } = loadSignatures([signatureDir]);
		expect(errors).toEqual([]);
		const catalogue = JSON.parse(JSON.stringify(catalogueOf(signatures, playbookDir, 'x')));
		const back = signaturesOf(catalogue, playbookDir);
		const plain = (list: typeof signatures) =>
			list.map((s) => ({ ...s, patterns: s.patterns.map((p) => `/${p.source}/${p.flags}`) }));
		expect(plain(back)).toEqual(plain(signatures));
		const line = 'Error: connect ECONNREFUSED 10.0.0.7:5432';
		const id = matchLine(signatures, line)?.signature;
		expect(id).toMatch(/refused/);
		expect(matchLine(back, line)?.signature).toBe(id);
	});

	it('has a digest that changes when a built-in file changes', () => {
		const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'dm-sig-')), 'signatures');
		cpSync(signatureDir, copy, { recursive: true });
		const before = signatureFilesDigest(copy);
		expect(before).toBe(signatureFilesDigest(signatureDir));
		writeFileSync(path.join(copy, 'zz-extra.yaml'), 'runtime: x\nsignatures: []\n');
		expect(signatureFilesDigest(copy)).not.toBe(before);
	});
});

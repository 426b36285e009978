/** Build step (scripts/build.mjs): the built-in signatures as dist/signatures.json. */
import path from 'node:path';
import { builtinPlaybookDir } from './locations.js';
import { catalogueOf, signatureFilesDigest } from './signature-catalogue.js';
import { loadSignatures } from './signature-loader.js';

/** The compiled catalogue; throws on any problem in the built-in files (they must never ship broken). */
export function exportSignatures(): string {
	const playbookDir = builtinPlaybookDir();
	const dir = path.join(playbookDir, 'signatures');
	const { signatures, errors } = loadSignatures([dir]);
	if (errors.length > 0)
		throw new Error(
			`built-in signatures: ${errors.map((e) => `${e.file}:${e.line ?? ''} ${e.field}: ${e.message}`).join('; ')}`,
		);
	return JSON.stringify(catalogueOf(signatures, playbookDir, signatureFilesDigest(dir)));
}

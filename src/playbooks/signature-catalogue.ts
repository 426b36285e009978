/**
 * The built-in error signatures, compiled at build time into dist/signatures.json, so that the
 * console's and the watcher's log triage start without the YAML parser and the schema library:
 * loading the catalogue from its YAML took 320 ms of CPU and 13 MiB of live heap (measured), the
 * JSON a few milliseconds. The YAML stays the source: the JSON records a digest of the files it came
 * from and is used only while they are unchanged, and never when the person has signatures of
 * their own (those go through the full loader, which names a broken file and line).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compilePattern, type Signature, type SignatureClass } from '../model/signatures.js';
import { configRoot } from '../util/xdg.js';
import { builtinPlaybookDir, yamlFiles } from './locations.js';

export type SignatureCatalogue = {
	/** sha256 over the built-in YAML files' names and contents. */
	readonly digest: string;
	readonly signatures: readonly {
		readonly id: string;
		readonly class: SignatureClass;
		readonly runtime: string;
		readonly source: string;
		readonly patterns: readonly string[];
		readonly generic: boolean;
		/** Relative to the built-in playbooks folder. */
		readonly file: string;
	}[];
};

/** The digest of the YAML files of a folder, as the catalogue records it. */
export function signatureFilesDigest(dir: string): string {
	const hash = createHash('sha256');
	for (const file of yamlFiles(dir)) hash.update(path.basename(file)).update('\0').update(readFileSync(file));
	return hash.digest('hex');
}

/** The catalogue of loaded signatures (patterns are kept as their sources; compilePattern adds the flags). Pure. */
export function catalogueOf(
	signatures: readonly Signature[],
	playbookDir: string,
	digest: string,
): SignatureCatalogue {
	return {
		digest,
		signatures: signatures.map((s) => ({
			id: s.id,
			class: s.class,
			runtime: s.runtime,
			source: s.source,
			patterns: s.patterns.map((p) => p.source),
			generic: s.generic,
			file: path.relative(playbookDir, s.file),
		})),
	};
}

/** The signatures of a catalogue, as the YAML loader would have made them. Pure. */
export function signaturesOf(catalogue: SignatureCatalogue, playbookDir: string): Signature[] {
	return catalogue.signatures.map((s) => ({
		...s,
		patterns: s.patterns.map(compilePattern),
		file: path.join(playbookDir, s.file),
	}));
}

/** dist/signatures.json beside the bundle's playbooks. */
export function cataloguePath(): string {
	return path.join(path.dirname(builtinPlaybookDir()), 'dist', 'signatures.json');
}

let cached: Promise<Signature[]> | undefined;

/**
 * The signatures for log triage: the compiled catalogue when it matches the built-in files and the
 * person has none of their own, else the full loader (problems skipped quietly; `diagnose` and
 * `signatures validate` report them).
 */
export function triageSignatures(env: NodeJS.ProcessEnv = process.env): Promise<Signature[]> {
	cached ??= (async () => {
		const playbookDir = builtinPlaybookDir();
		const own = yamlFiles(path.join(configRoot(env), 'dockmedic', 'signatures'));
		if (own.length === 0) {
			try {
				const catalogue = JSON.parse(readFileSync(cataloguePath(), 'utf8')) as SignatureCatalogue;
				if (catalogue.digest === signatureFilesDigest(path.join(playbookDir, 'signatures')))
					return signaturesOf(catalogue, playbookDir);
			} catch {
				// No compiled catalogue (running from the sources): the YAML it is made from.
			}
		}
		return (await import('./signature-loader.js')).defaultSignatures(() => {});
	})();
	return cached;
}

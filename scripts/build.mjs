// Bundles the CLI into dist/: one file per command loads far faster than Ink's and dockerode's many
// modules (measured here: ~470 ms of module loading for Ink unbundled, ~95 ms bundled).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Keeps start-up light: dockerode loads gRPC and protobuf for BuildKit sessions at import time,
 * which dockmedic never uses, and docker-modem loads ssh2 even for unix sockets. Image builds are
 * replaced by a stub; docker-modem's own ssh transport is never used (src/engine/ssh-transport.ts
 * carries ssh:// on one shared connection) and is required only if something ever asks for it.
 */
const lazyTransports = {
	name: 'lazy-transports',
	setup(b) {
		b.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
			args.importer.includes('/dockerode/') ? { path: args.path, namespace: 'dockmedic-stub' } : undefined,
		);
		b.onResolve({ filter: /^\.\/ssh$/ }, (args) =>
			args.importer.includes('/docker-modem/') ? { path: 'ssh', namespace: 'dockmedic-lazy-ssh' } : undefined,
		);
		b.onLoad({ filter: /.*/, namespace: 'dockmedic-stub' }, () => ({
			contents:
				'module.exports = function () { throw new Error("image builds are not part of dockmedic"); };',
			loader: 'js',
		}));
		b.onLoad({ filter: /.*/, namespace: 'dockmedic-lazy-ssh' }, () => ({
			// A require esbuild cannot follow: resolved at run time, only for ssh:// endpoints.
			contents:
				'const load = require; module.exports = function (opt) { return load("docker-modem/lib/ssh.js")(opt); };',
			loader: 'js',
		}));
	},
};

/**
 * One text measure for the whole screen: every `string-width` the bundle imports (Ink's, wrap-ansi's,
 * the tables') is src/model/fast-width.ts, which asks string-width itself only for text its fast path
 * does not take. Ink measures each line several times a frame; string-width was the largest part of
 * the first frame's time (profiled).
 */
const fastWidth = {
	name: 'fast-width',
	setup(b) {
		const wrapper = path.resolve('src/model/fast-width.ts');
		b.onResolve({ filter: /^string-width$/ }, (args) =>
			args.importer === wrapper || args.kind !== 'import-statement' ? undefined : { path: wrapper },
		);
	},
};

/**
 * Yoga (Ink's layout engine) carries its WebAssembly as a data: URL and, where `fetch` exists, fetches
 * it: on Node that loads undici, HTTP client and all, to decode 90 KB (20 ms of the first frame,
 * profiled). Its own decoder (atob) is used instead. Left as it is, with a warning, if Yoga changes.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(b) {
		b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
			const source = readFileSync(args.path, 'utf8');
			const fetching = '"function"!=typeof fetch?Promise.resolve()';
			if (!source.includes(fetching)) {
				console.warn('build: Yoga no longer loads its WebAssembly as expected; it is left to fetch it');
				return undefined;
			}
			return { contents: source.replace(fetching, '!0?Promise.resolve()'), loader: 'js' };
		});
	},
};

rmSync('dist', { recursive: true, force: true });
const result = await build({
	entryPoints: ['src/cli/main.ts'],
	outdir: 'dist',
	entryNames: 'cli',
	chunkNames: 'chunks/[name]-[hash]',
	splitting: true,
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	jsx: 'automatic',
	sourcemap: 'linked',
	logLevel: 'warning',
	plugins: [lazyTransports, fastWidth, yogaWithoutFetch],
	external: ['ssh2', 'cpu-features', 'react-devtools-core'],
	banner: {
		// Bundled CommonJS dependencies (dockerode) still call require().
		js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
	},
	define: {
		'process.env.NODE_ENV': '"production"',
		__DOCKMEDIC_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
	},
	metafile: true,
});
// What each chunk holds and imports: the start-up test reads it to keep the first frame's modules few.
writeFileSync('dist/bundle-meta.json', JSON.stringify(result.metafile));

// The built-in error signatures compiled for log triage (src/playbooks/signature-catalogue.ts): the
// loader itself, bundled for a moment under dist/ so that it finds the playbooks as the CLI does.
const exporter = 'dist/export-signatures.mjs';
await build({
	entryPoints: ['src/playbooks/signature-export.ts'],
	outfile: exporter,
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	logLevel: 'warning',
	banner: {
		js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
	},
});
try {
	const { exportSignatures } = await import(pathToFileURL(path.resolve(exporter)).href);
	writeFileSync('dist/signatures.json', exportSignatures());
} finally {
	rmSync(exporter);
}

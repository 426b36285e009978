// `npm run build:binary`: dockmedic as one executable for Linux servers without Node (Node's single
// executable applications): this machine's node binary with the bundle, the playbooks and ssh2 inside
// as assets (scripts/sea-main.cjs unpacks them once per build). Writes build/dockmedic.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	chmodSync,
	copyFileSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const OUT = 'build';
const STAGE = path.join(OUT, 'stage');
const EXE = path.join(OUT, 'dockmedic');

// --no-build: from dist/ as it is (the tests, which must not rebuild it under the other test files).
if (!process.argv.includes('--no-build'))
	execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
rmSync(OUT, { recursive: true, force: true });
mkdirSync(path.join(STAGE, 'node_modules', 'ssh2'), { recursive: true });
// ssh2, the bundle's one runtime dependency, as one file; its optional native parts stay out (it falls
// back to JavaScript without them).
await build({
	entryPoints: ['node_modules/ssh2/lib/index.js'],
	outfile: path.join(STAGE, 'node_modules', 'ssh2', 'index.js'),
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['cpu-features', '*.node'],
	logLevel: 'error',
});
writeFileSync(
	path.join(STAGE, 'node_modules', 'ssh2', 'package.json'),
	`${JSON.stringify({ name: 'ssh2', main: 'index.js' })}\n`,
);

/** Every file under a folder, as paths relative to `base`. */
function filesUnder(folder, base) {
	return readdirSync(folder).flatMap((name) => {
		const full = path.join(folder, name);
		return statSync(full).isDirectory() ? filesUnder(full, base) : [path.relative(base, full)];
	});
}
const assets = {};
for (const folder of ['dist', 'playbooks', 'labs'])
	for (const file of filesUnder(folder, '.'))
		if (!file.endsWith('.map') && !file.endsWith('bundle-meta.json')) assets[file] = file;
for (const file of ['bin/dockmedic.js', 'package.json', 'LICENSE']) assets[file] = file;
for (const file of filesUnder(STAGE, STAGE)) assets[file] = path.join(STAGE, file);

// The cache folder is named by the contents: a new build never runs an older build's files.
const hash = createHash('sha256');
for (const [name, source] of Object.entries(assets).sort()) hash.update(name).update(readFileSync(source));
const manifest = { hash: hash.digest('hex').slice(0, 16), files: Object.keys(assets).sort() };
writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
writeFileSync(
	path.join(OUT, 'sea-config.json'),
	`${JSON.stringify(
		{
			main: 'scripts/sea-main.cjs',
			output: path.join(OUT, 'sea-prep.blob'),
			disableExperimentalSEAWarning: true,
			assets: { 'manifest.json': path.join(OUT, 'manifest.json'), ...assets },
		},
		null,
		2,
	)}\n`,
);
execFileSync(process.execPath, ['--experimental-sea-config', path.join(OUT, 'sea-config.json')], {
	stdio: 'pipe',
});
copyFileSync(process.execPath, EXE);
chmodSync(EXE, 0o755);
execFileSync(
	process.execPath,
	[
		'node_modules/postject/dist/cli.js',
		EXE,
		'NODE_SEA_BLOB',
		path.join(OUT, 'sea-prep.blob'),
		'--sentinel-fuse',
		'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
	],
	// Its warnings about ELF note sections are noise; a failure still throws with its output.
	{ stdio: 'pipe' },
);
rmSync(STAGE, { recursive: true, force: true });
const mib = (statSync(EXE).size / 1024 / 1024).toFixed(1);
process.stdout.write(
	`build:binary: ${EXE} (${mib} MiB, ${manifest.files.length} files inside, bundle ${manifest.hash})\n`,
);

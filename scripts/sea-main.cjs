// The single executable's entry (Node's single executable applications): it carries the bundle, the
// playbooks and ssh2 as assets, unpacks them once per build to a cache folder, and runs the CLI from
// there exactly as bin/dockmedic.js does. Node 20 runs only CommonJS here; the bundle is ES modules,
// so it is imported through vm with the main context's loader.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sea = require('node:sea');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

// The young generation kept small, as bin/dockmedic.js does (see there).
if (!/semi-space/.test(process.env.NODE_OPTIONS ?? '')) {
	require('node:v8').setFlagsFromString('--max-semi-space-size=1');
	require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
}
// Memory over peak speed, as bin/dockmedic.js does (see there).
if (!process.env.DOCKMEDIC_FAST_JS) {
	require('node:v8').setFlagsFromString('--no-opt');
	require('node:v8').setFlagsFromString('--optimize-for-size');
}

const manifest = JSON.parse(sea.getAsset('manifest.json', 'utf8'));

/** Where the bundle is unpacked: the user's cache, or the temporary folder when that cannot be written. */
function unpacked() {
	const roots = [
		process.env.XDG_CACHE_HOME,
		process.env.HOME && path.join(process.env.HOME, '.cache'),
		os.tmpdir(),
	].filter(Boolean);
	let lastError = new Error("no cache folder of this user's could be written");
	for (const root of roots) {
		const parent = path.join(root, 'dockmedic');
		const dir = path.join(parent, `bundle-${manifest.hash}`);
		try {
			fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
		} catch {
			continue;
		}
		// Code run from there must be this user's: in a shared folder (/tmp) another user could have put it.
		if (!ownedAndClosed(parent)) continue;
		if (fs.existsSync(path.join(dir, 'dist', 'cli.js'))) {
			if (ownedAndClosed(dir)) return dir;
			continue;
		}
		// Unpacked beside, then renamed: two first runs at once never see half a bundle.
		const staging = `${dir}.${process.pid}.tmp`;
		try {
			fs.mkdirSync(staging, { mode: 0o700 });
			for (const file of manifest.files) {
				const target = path.join(staging, file);
				fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
				fs.writeFileSync(target, new Uint8Array(sea.getAsset(file)));
			}
			try {
				fs.renameSync(staging, dir);
			} catch (error) {
				// Another run unpacked the same build first: its copy is as good.
				fs.rmSync(staging, { recursive: true, force: true });
				if (!fs.existsSync(path.join(dir, 'dist', 'cli.js'))) throw error;
			}
			return dir;
		} catch (error) {
			lastError = error;
			fs.rmSync(staging, { recursive: true, force: true });
		}
	}
	throw lastError;
}

/** Owned by this user, and no one else may write in it. */
function ownedAndClosed(folder) {
	try {
		const stat = fs.statSync(folder);
		return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
	} catch {
		return false;
	}
}

let dir;
try {
	dir = unpacked();
} catch (error) {
	process.stderr.write(`dockmedic: cannot unpack itself to a cache folder: ${error.message}\n`);
	process.exit(2);
}
// Node marks loading through the main context's loader as experimental; a person running dockmedic
// has nothing to do about that.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
	if (String(warning).includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return;
	emitWarning.call(process, warning, ...rest);
};
const entry = pathToFileURL(path.join(dir, 'dist', 'cli.js')).href;
new vm.Script(`import(${JSON.stringify(entry)})`, {
	filename: 'dockmedic-single-executable.js',
	importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
})
	.runInThisContext()
	.catch((error) => {
		process.stderr.write(`dockmedic: ${error?.stack ?? error}\n`);
		process.exit(2);
	});

// `npm run build:image`: the dockmedic container image from local parts only (no registry): the single
// executable (npm run build:binary), the C libraries it links against, the resolver's modules, and
// nothing else: no shell, no Node. Tag: dockmedic:local (or the first argument).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const tag = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'dockmedic:local';
const EXE = 'build/dockmedic';
const CONTEXT = 'build/image';
const ROOTFS = path.join(CONTEXT, 'rootfs');

// The executable is made anew each time (an old one would carry old code); --no-build keeps dist/ as it is.
execFileSync(
	process.execPath,
	['scripts/build-binary.mjs', ...process.argv.slice(2).filter((arg) => arg === '--no-build')],
	{ stdio: 'inherit' },
);
rmSync(CONTEXT, { recursive: true, force: true });
const put = (source, target = source) => {
	const to = path.join(ROOTFS, target);
	mkdirSync(path.dirname(to), { recursive: true });
	copyFileSync(source, to);
};
put(EXE, '/usr/local/bin/dockmedic');
chmodSync(path.join(ROOTFS, 'usr/local/bin/dockmedic'), 0o755);
// What the dynamic linker loads for it ("libc.so.6 => /lib/…/libc.so.6 (0x…)", "/lib64/ld-linux….so.2 (0x…)").
const linked = execFileSync('ldd', [EXE], { encoding: 'utf8' })
	.split('\n')
	.map((line) => /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1])
	.filter(Boolean);
// Host names (an ssh:// or tcp:// engine by name) resolve through glibc's modules, loaded at run time.
const libDir = path.dirname(
	linked.find((lib) => lib.includes('libc.so')) ?? '/lib/x86_64-linux-gnu/libc.so.6',
);
const resolver = ['libnss_files.so.2', 'libnss_dns.so.2', 'libresolv.so.2']
	.map((name) => path.join(libDir, name))
	.filter(existsSync);
for (const lib of [...linked, ...resolver]) put(lib);
mkdirSync(path.join(ROOTFS, 'etc'), { recursive: true });
writeFileSync(path.join(ROOTFS, 'etc/nsswitch.conf'), 'hosts: files dns\n');
writeFileSync(path.join(ROOTFS, 'etc/hosts'), '127.0.0.1 localhost\n::1 localhost\n');
writeFileSync(path.join(ROOTFS, 'etc/passwd'), 'root:x:0:0:root:/root:/usr/local/bin/dockmedic\n');
mkdirSync(path.join(ROOTFS, 'root'), { recursive: true });
// The executable unpacks its bundle once into the cache: a temporary folder anyone may write.
mkdirSync(path.join(ROOTFS, 'tmp'), { recursive: true });
chmodSync(path.join(ROOTFS, 'tmp'), 0o1777);
copyFileSync('Dockerfile', path.join(CONTEXT, 'Dockerfile'));
// Its notice about the legacy builder is noise; a failed build throws with the output.
execFileSync('docker', ['build', '--quiet', '-t', tag, CONTEXT], { stdio: 'pipe' });
process.stdout.write(`build:image: ${tag}\n`);

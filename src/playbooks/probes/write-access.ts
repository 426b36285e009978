import type { MountInfo } from '../../model/container.js';
import type { Probe, ProbeContext } from './probe.js';
import { runInSubject } from './probe.js';

const SCRIPT = [
	'id -u; id -g',
	'for d in "$@"; do',
	'  [ -e "$d" ] && e=1 || e=0; [ -w "$d" ] && w=1 || w=0',
	'  s=$(stat -c "%u %g %a" "$d" 2>/dev/null || echo "- - -")',
	'  f=$(df -Pk "$d" 2>/dev/null | tail -n 1 | awk "{print \\$4, \\$5}")',
	'  echo "$d|$e|$w|$s|$f"',
	'done',
].join('\n');

type PathState = {
	path: string;
	exists: boolean;
	writable: boolean;
	uid: string;
	gid: string;
	mode: string;
	availKb: number;
	usePct: number;
};

/**
 * Can the container's own user write where the app writes? Looks at read-write mounts and at the
 * folders named in error log lines, without writing anything: mount flags, `test -w` as the
 * container's user, owner and mode, free space. Reports the first problem found.
 */
export const writeAccess: Probe = async (ctx) => {
	const s = ctx.subject;
	const fromLogs = listParam(ctx, 'paths').map(folderOf);
	const fromMounts = s.mounts
		.filter((m) => m.rw && m.type !== 'tmpfs' && m.type !== 'npipe')
		.map((m) => m.destination);
	const tmpfs = Object.keys(s.hostConfig.tmpfs);
	const candidates = [...new Set([...fromLogs, ...fromMounts, ...tmpfs])].filter(
		(p) => !/^\/(proc|sys|dev)(\/|$)/.test(p),
	);
	if (candidates.length === 0)
		return {
			facts: { checked: false, problem: 'none' },
			evidence: ['no writable mount and no path in error logs to check'],
		};

	for (const path of fromLogs) {
		const mount = coveringMount(s.mounts, path);
		if (mount && !mount.rw)
			return found(
				'read-only-mount',
				path,
				[`${path} is on the read-only mount ${mount.source} -> ${mount.destination}`],
				{ source: mount.source },
			);
		if (!mount && s.hostConfig.readonlyRootfs && !tmpfs.some((t) => path.startsWith(t))) {
			return found(
				'read-only-rootfs',
				path,
				[`${path} is on the container's own filesystem, and HostConfig.ReadonlyRootfs=true`],
				{},
			);
		}
	}
	if (s.state !== 'running')
		return {
			facts: { checked: false, problem: 'none' },
			evidence: [`${s.name} is ${s.state}: cannot test access`],
		};

	const result = await runInSubject(ctx, ['sh', '-c', SCRIPT, 'sh', ...candidates]);
	const [uidLine, gidLine, ...rows] = result.stdout.trim().split('\n');
	const uid = (uidLine ?? '').trim();
	const states: PathState[] = rows.map((row) => {
		const [path = '', e, w, owner = '- - -', space = ''] = row.split('|');
		const [ouid = '-', ogid = '-', mode = '-'] = owner.split(' ');
		const [avail = '0', use = '0%'] = space.trim().split(/\s+/);
		return {
			path,
			exists: e === '1',
			writable: w === '1',
			uid: ouid,
			gid: ogid,
			mode,
			availKb: Number(avail),
			usePct: Number.parseInt(use, 10) || 0,
		};
	});
	const who = `uid ${uid}${gidLine ? ` gid ${gidLine.trim()}` : ''}${s.config.user ? ` (--user ${s.config.user})` : ''}`;
	for (const p of states) {
		if (p.exists && !p.writable) {
			const mount = coveringMount(s.mounts, p.path);
			return found(
				'permission-denied',
				p.path,
				[`${p.path} is not writable for ${who}`, `owner ${p.uid}:${p.gid}, mode ${p.mode}`],
				{
					ownerUid: p.uid,
					ownerGid: p.gid,
					mode: p.mode,
					processUid: uid,
					source: mount?.source ?? '',
				},
			);
		}
		if (p.exists && (p.usePct >= 95 || p.availKb < 128)) {
			return found('disk-full', p.path, [`${p.path}: ${p.usePct}% used, ${p.availKb} KiB free`], {
				usePct: p.usePct,
				availKb: p.availKb,
			});
		}
	}
	return {
		facts: { checked: true, problem: 'none', processUid: uid },
		evidence: [`writable for ${who}: ${states.map((p) => `${p.path} (${p.usePct}% used)`).join(', ')}`],
	};
};

function found(problem: string, path: string, evidence: string[], extra: Record<string, unknown>) {
	return { facts: { checked: true, problem, path, ...extra }, evidence };
}

function listParam(ctx: ProbeContext, name: string): string[] {
	const value = ctx.params[name];
	if (Array.isArray(value))
		return value.filter((v): v is string => typeof v === 'string' && v.startsWith('/'));
	return typeof value === 'string' && value.startsWith('/') ? value.split(/,\s*/) : [];
}

/** The folder a path names: the path itself if it looks like a folder, else its parent. */
function folderOf(path: string): string {
	const last = path.split('/').at(-1) ?? '';
	return last.includes('.') ? path.slice(0, path.lastIndexOf('/')) || '/' : path;
}

function coveringMount(mounts: readonly MountInfo[], path: string): MountInfo | undefined {
	return [...mounts]
		.filter((m) => path === m.destination || path.startsWith(`${m.destination.replace(/\/$/, '')}/`))
		.sort((a, b) => b.destination.length - a.destination.length)[0];
}

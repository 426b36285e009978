import { z } from 'zod';
import type { MountInfo } from '../../model/container.js';
import { mayWrite, octalMode, parentOf, resolveUser } from '../../model/permissions.js';
import { defineProbe, type ProbeOutput, pathsParam, probeParams } from './define.js';
import type { ProbeContext } from './probe.js';
import { runInSubject } from './probe.js';

/** path: the one the newest error names, as it is; paths: other error lines' (their folders are checked). */
const params = probeParams({ path: pathsParam.optional(), paths: pathsParam.optional() });
const facts = z.object({
	/** False when there was nothing to check, or no way to check it. */
	checked: z.boolean(),
	/** The first problem found. */
	problem: z.enum(['none', 'read-only-mount', 'read-only-rootfs', 'permission-denied', 'disk-full']),
	path: z.string().optional(),
	/** The uid the container's process runs as. */
	processUid: z.string().optional(),
	/** Source of the mount the path is on (read-only-mount, permission-denied). */
	source: z.string().optional(),
	ownerUid: z.string().optional(),
	ownerGid: z.string().optional(),
	mode: z.string().optional(),
	/** "on the bind mount from /srv/data", or "in the image itself, not on a mount". */
	where: z.string().optional(),
	usePct: z.number().optional(),
	availKb: z.number().optional(),
});
type Facts = z.infer<typeof facts>;

const SCRIPT = [
	'id -u; id -g',
	'for d in "$@"; do',
	// A file that does not exist yet is created in its folder: that folder is what must be writable.
	'  [ -e "$d" ] || d=$(dirname "$d")',
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
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const s = ctx.subject;
	// The path the newest error names, as it is (a file may be the problem), then folders of other error lines.
	const fromLogs = [...new Set([...listParam(ctx, 'path'), ...listParam(ctx, 'paths').map(folderOf)])];
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
	if (s.state !== 'running') return stoppedAccess(ctx, fromLogs);

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
					where: mount
						? `on the ${mount.type} mount from ${mount.source}`
						: 'in the image itself, not on a mount',
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

export const writeAccess = defineProbe({ kind: 'write-access', params, facts, run });

/**
 * A stopped container cannot be exec'd: its paths are read through the engine's archive of its
 * filesystem (image, writable layer and mounts), and the container's user is checked against
 * owner and mode as the kernel would. Reads only.
 */
async function stoppedAccess(ctx: ProbeContext, paths: readonly string[]): ProbeOutput<typeof facts> {
	const s = ctx.subject;
	if (paths.length === 0)
		return {
			facts: { checked: false, problem: 'none' },
			evidence: [`${s.name} is ${s.state} and its logs name no path: cannot test access`],
		};
	const passwd = await ctx.engine.containers.statPath(s.id, '/etc/passwd', 65536).catch(() => null);
	const group = await ctx.engine.containers.statPath(s.id, '/etc/group', 65536).catch(() => null);
	const who = resolveUser(
		s.config.user,
		passwd?.head.toString('utf8') ?? '',
		group?.head.toString('utf8') ?? '',
	);
	if (!who)
		return {
			facts: { checked: false, problem: 'none' },
			evidence: [`the user ${s.config.user} is not in the image's /etc/passwd`],
		};
	const checked: string[] = [];
	for (const path of paths) {
		let target = path;
		let meta = await ctx.engine.containers.statPath(s.id, target, 0).catch(() => null);
		if (!meta) {
			target = parentOf(path);
			meta = await ctx.engine.containers.statPath(s.id, target, 0).catch(() => null);
		}
		if (!meta) continue;
		checked.push(`${target} ${meta.uid}:${meta.gid} ${octalMode(meta.mode)}`);
		if (!mayWrite(who, meta)) {
			const mount = coveringMount(s.mounts, target);
			return found(
				'permission-denied',
				target,
				[
					`${target} is owned by ${meta.uid}:${meta.gid} with mode ${octalMode(meta.mode)}; ${s.name} runs as uid ${who.uid} gid ${who.gid}${s.config.user ? ` (--user ${s.config.user})` : ''}, which may not write it`,
					mount
						? `${target} is on the ${mount.type} mount ${mount.source} -> ${mount.destination}`
						: `${target} is in the image, not on a mount`,
				],
				{
					ownerUid: String(meta.uid),
					ownerGid: String(meta.gid),
					mode: octalMode(meta.mode),
					processUid: String(who.uid),
					source: mount?.source ?? '',
					where: mount
						? `on the ${mount.type} mount from ${mount.source}`
						: 'in the image itself, not on a mount',
				},
			);
		}
	}
	return {
		facts: { checked: checked.length > 0, problem: 'none', processUid: String(who.uid) },
		evidence: [
			checked.length
				? `uid ${who.uid} may write: ${checked.join(', ')} (read from the stopped container's filesystem)`
				: `none of ${paths.join(', ')} exists in ${s.name}`,
		],
	};
}

function found(problem: Facts['problem'], path: string, evidence: string[], extra: Partial<Facts>) {
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

/** Unix permission reasoning for a container's user, from file metadata alone. Pure. */

export type Identity = { readonly uid: number; readonly gid: number; readonly name: string };

/**
 * The uid and gid a container runs as: `--user` (uid, name, uid:gid, name:group) resolved against
 * the image's /etc/passwd and /etc/group; empty means root. Null when a name is not in passwd.
 */
export function resolveUser(user: string, passwd: string, group = ''): Identity | null {
	const [who = '', grp] = user.trim().split(':');
	if (who === '') return { uid: 0, gid: 0, name: 'root' };
	const entries = passwd
		.split('\n')
		.map((l) => l.split(':'))
		.filter((f) => f.length >= 4);
	const byName = entries.find((f) => f[0] === who);
	const byUid = /^\d+$/.test(who) ? entries.find((f) => f[2] === who) : undefined;
	const entry = byName ?? byUid;
	if (!entry && !/^\d+$/.test(who)) return null;
	const uid = entry ? Number(entry[2]) : Number(who);
	let gid = entry ? Number(entry[3]) : uid === 0 ? 0 : uid;
	if (grp !== undefined && grp !== '') {
		if (/^\d+$/.test(grp)) gid = Number(grp);
		else {
			const g = group
				.split('\n')
				.map((l) => l.split(':'))
				.find((f) => f[0] === grp);
			if (g) gid = Number(g[2]);
		}
	}
	return { uid, gid, name: entry?.[0] ?? who };
}

/** Whether the identity may write an object with this owner and mode (root always may, unless read-only). */
export function mayWrite(who: Identity, owner: { uid: number; gid: number; mode: number }): boolean {
	if (who.uid === 0) return true;
	if (who.uid === owner.uid) return (owner.mode & 0o200) !== 0;
	if (who.gid === owner.gid) return (owner.mode & 0o020) !== 0;
	return (owner.mode & 0o002) !== 0;
}

/** Mode as ls and stat print it in octal, e.g. 755. */
export function octalMode(mode: number): string {
	return (mode & 0o7777).toString(8);
}

/** The folder that holds a path (for a file that does not exist yet, creating it needs that folder). */
export function parentOf(path: string): string {
	const trimmed = path.replace(/\/+$/, '');
	const i = trimmed.lastIndexOf('/');
	return i <= 0 ? '/' : trimmed.slice(0, i);
}

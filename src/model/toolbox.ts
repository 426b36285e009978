/**
 * The toolbox of a container: a helper with tools for an image that has none (distroless, scratch) or
 * a container that is stopped. What it shares, where the target's files are, as which user, and the
 * banner that says so. Pure.
 */
import type { ContainerDetails } from './container.js';

export type ToolboxPlan = {
	/** A running target: its network and processes are shared, its root is at /target. */
	readonly joinRunning?: string;
	/** A stopped target: its first network (to reach its dependencies), its mounts read-only under /target. */
	readonly networkMode?: string;
	readonly binds: readonly string[];
	/** The user the shell runs as: the target's when the toolbox image can know it (a number), else root. */
	readonly user: string | undefined;
	readonly banner: string;
};

/** A uid, or uid:gid, as `docker exec -u` takes it in any image; names need the image's /etc/passwd. */
const NUMERIC_USER = /^\d+(?::\d+)?$/;

export function toolboxPlan(details: ContainerDetails, image: string, user?: string): ToolboxPlan {
	const own = details.config.user;
	const as = user ?? (NUMERIC_USER.test(own) ? own : undefined);
	const who = as
		? `as user ${as}${user ? '' : ', its own'}`
		: own
			? `as root (its user "${own}" is a name this image does not know; --user UID for another)`
			: 'as root, its own user';
	if (details.state === 'running')
		return {
			joinRunning: details.id,
			binds: [],
			user: as,
			banner: [
				`dockmedic toolbox for ${details.name} (image ${image}), ${who}:`,
				`  sharing its network (its ports on 127.0.0.1, its DNS) and its processes (ps, kill);`,
				'  its files at /target: its root filesystem with its mounts, live.',
				'  Removed when you exit.',
			].join('\r\n'),
		};
	const mounts = details.mounts.filter((m) => m.type === 'volume' || m.type === 'bind');
	const network = details.networks[0]?.name;
	return {
		networkMode: network ?? 'none',
		binds: mounts.map((m) => `${m.type === 'volume' ? m.name : m.source}:/target${m.destination}:ro`),
		user: as,
		banner: [
			`dockmedic toolbox for ${details.name}, which is ${details.state} (image ${image}), ${who}:`,
			network ? `  on its network ${network} (its dependencies answer there);` : '  with no network;',
			mounts.length
				? `  its mounts read-only under /target: ${mounts.map((m) => `/target${m.destination}`).join(', ')}`
				: '  it has no mounts (its own files: docker export or docker cp).',
			'  Removed when you exit.',
		].join('\r\n'),
	};
}

/**
 * Restart or recreate: what each cause's fix needs of the container, and what recreating it keeps. A
 * restart runs the same container again (same environment, mounts, user, ports, command, log driver);
 * anything fixed at creation needs a new container, which starts from its image and its mounts only.
 */
import type { CauseId } from './causes.js';
import type { MountInfo } from './container.js';

export type RecoveryKind = 'restart' | 'in-place' | 'recreate' | 'elsewhere';

/** What the fix of each cause needs of the diagnosed container. */
export const RECOVERY: Readonly<Record<CauseId, RecoveryKind>> = {
	'dns-unresolvable': 'recreate',
	'network-not-shared': 'in-place',
	'target-not-running': 'elsewhere',
	'port-not-listening': 'recreate',
	'listening-on-loopback': 'recreate',
	'port-not-published': 'recreate',
	'localhost-misuse': 'recreate',
	'host-gateway-missing': 'recreate',
	'network-mode-none': 'recreate',
	'port-conflict': 'recreate',
	'dns-server-unreachable': 'recreate',
	'upstream-auth-failed': 'recreate',
	'tls-untrusted': 'recreate',
	'dependency-not-ready': 'restart',
	'mount-permission-denied': 'restart',
	'mount-read-only': 'recreate',
	'mount-source-missing': 'recreate',
	'volume-shadows-image': 'recreate',
	'disk-full': 'restart',
	'read-only-rootfs': 'recreate',
	'oom-killed': 'in-place',
	'killed-by-signal': 'restart',
	segfault: 'elsewhere',
	'command-not-found': 'recreate',
	'command-not-executable': 'recreate',
	'app-error-exit': 'recreate',
	'missing-config': 'recreate',
	'restart-loop': 'elsewhere',
	'exec-format-error': 'recreate',
	'no-foreground-process': 'recreate',
	'user-not-found': 'recreate',
	'dependency-unhealthy': 'elsewhere',
	'image-unavailable': 'elsewhere',
	'healthcheck-failing': 'recreate',
	'healthcheck-tool-missing': 'recreate',
	'healthcheck-timeout': 'recreate',
	'logs-unreadable-driver': 'recreate',
	'logs-not-on-stdout': 'recreate',
	'log-driver-start-failure': 'restart',
	'cpu-throttled': 'in-place',
	'memory-near-limit': 'in-place',
	'pids-limit-reached': 'in-place',
	'fd-limit-reached': 'recreate',
};

const WHY: Readonly<Record<RecoveryKind, string>> = {
	restart:
		'A restart is enough once the cause is gone (the dependency up, the files owned right, space freed): nothing in the container has to change.',
	'in-place':
		'Changed on the running container (docker update, docker network connect): no recreate; a stopped one is started after.',
	recreate:
		'A restart is not enough: it runs the same container with the same environment, mounts, user, ports, command and logging. The container must be recreated with the change.',
	elsewhere:
		'The fix is outside this container (another service, the host or the image); restart it once that is fixed.',
};

export type Recovery = {
	readonly needs: RecoveryKind;
	readonly why: string;
	/** For a recreate: what survives it and what does not; null when the container is not recreated. */
	readonly data: string | null;
	/** True when recreating could lose files a person may want: back them up first. */
	readonly backupFirst: boolean;
};

/** What a cause's fix needs of this container, and what recreating it keeps. */
export function recoveryOf(cause: CauseId, mounts: readonly MountInfo[]): Recovery {
	const needs = RECOVERY[cause];
	if (needs !== 'recreate') return { needs, why: WHY[needs], data: null, backupFirst: false };
	const kept = mounts.filter((m) => m.type === 'bind' || (m.type === 'volume' && !isAnonymous(m)));
	const anonymous = mounts.filter((m) => m.type === 'volume' && isAnonymous(m));
	const parts: string[] = [];
	if (kept.length > 0)
		parts.push(
			`Kept: ${kept.map((m) => (m.type === 'bind' ? `bind mount ${m.source} at ${m.destination}` : `volume ${m.name} at ${m.destination}`)).join(', ')} (mount them again in the new container).`,
		);
	if (anonymous.length > 0)
		parts.push(
			`At risk: the anonymous volume${anonymous.length > 1 ? 's' : ''} at ${anonymous.map((m) => m.destination).join(', ')}: a new container gets a new empty one (Compose carries it over; docker rm -v and compose down -v delete it).`,
		);
	parts.push('Lost: files written in the container outside its mounts (its writable layer).');
	return {
		needs,
		why: WHY[needs],
		data: parts.join(' '),
		backupFirst: mounts.some((m) => m.type === 'volume' || m.type === 'bind'),
	};
}

/** An anonymous volume's name is 64 hex digits: the engine made it up, nothing else refers to it. */
function isAnonymous(mount: MountInfo): boolean {
	return /^[0-9a-f]{64}$/.test(mount.name ?? '');
}

/** The backup commands to run before recreating: one per mount, as `dockmedic backup` takes them. */
export function backupCommands(name: string, mounts: readonly MountInfo[]): string[] {
	const data = mounts.filter((m) => m.type === 'volume' || m.type === 'bind');
	return data.map((m) =>
		data.length === 1 ? `dockmedic backup ${name}` : `dockmedic backup ${name} --mount ${m.destination}`,
	);
}

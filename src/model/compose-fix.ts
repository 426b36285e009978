import type { CauseId } from './causes.js';
import { type ComposeFlavour, composeCommand, composeInfo, configFilePaths } from './compose.js';

/**
 * The key of a Compose service that each cause's fix changes. A Compose container is recreated from
 * its file by the next `up`: a change made to the container alone is undone then, so the fix of a
 * Compose service is always "change this key, then `up -d` the service". Null: the fix is outside the
 * file (the host, the image's code, the application's own configuration).
 */
export const COMPOSE_KEYS: Readonly<Record<CauseId, string | null>> = {
	// No container has the name (a peer on another network is network-not-shared): the setting is wrong,
	// or the service it names is missing from the project.
	'dns-unresolvable':
		'environment (the setting that names it: a service name of the project), or add the service it names',
	'network-not-shared': 'networks',
	'target-not-running': null,
	'port-not-listening': 'command / environment (the port the application listens on)',
	'listening-on-loopback': 'command / environment (listen on 0.0.0.0)',
	'port-not-published': 'ports',
	'localhost-misuse': 'environment (the other service by its service name, not localhost)',
	'host-gateway-missing': 'extra_hosts ("host.docker.internal:host-gateway")',
	'network-mode-none': 'network_mode',
	'port-conflict': 'ports',
	'dns-server-unreachable': 'dns',
	'upstream-auth-failed': 'environment / env_file / secrets (the credentials)',
	'tls-untrusted': 'volumes (the CA certificate) / environment',
	'dependency-not-ready': "depends_on (condition: service_healthy) and the dependency's healthcheck",
	'mount-permission-denied': "user, or the ownership of the volume's files",
	'mount-read-only': 'volumes (drop :ro)',
	'mount-source-missing': 'volumes (the host path)',
	'volume-shadows-image': 'volumes',
	'disk-full': null,
	'read-only-rootfs': 'read_only / tmpfs',
	'oom-killed': 'mem_limit / deploy.resources.limits.memory',
	'killed-by-signal': 'init: true / stop_grace_period',
	segfault: 'image',
	'command-not-found': 'command / entrypoint / image',
	'command-not-executable': 'command / entrypoint / image',
	'app-error-exit': 'environment / command',
	'missing-config': 'environment / env_file (and the .env file beside the Compose file)',
	'restart-loop': 'restart, and the cause of each exit',
	'exec-format-error': 'image / platform',
	'no-foreground-process': 'command',
	'user-not-found': 'user',
	'dependency-unhealthy': "the dependency's healthcheck, or depends_on",
	'image-unavailable': 'image',
	'healthcheck-failing': 'healthcheck',
	'healthcheck-tool-missing': 'healthcheck (test: a tool the image has)',
	'healthcheck-timeout': 'healthcheck (timeout, start_period)',
	'logs-unreadable-driver': 'logging',
	'logs-not-on-stdout': 'logging / environment (log to stdout)',
	'log-driver-start-failure': 'logging',
	'cpu-throttled': 'cpus / deploy.resources.limits.cpus',
	'memory-near-limit': 'mem_limit / deploy.resources.limits.memory',
	'pids-limit-reached': 'pids_limit',
	'fd-limit-reached': 'ulimits (nofile)',
};

/** How to fix a cause in a Compose project: which key of which service, and the command that applies it. */
export type ComposeFix = {
	readonly project: string;
	readonly service: string;
	readonly files: readonly string[];
	/** The service key to change, or null when the fix is outside the Compose file. */
	readonly key: string | null;
	/** `docker compose -p P -f F up -d SERVICE`: recreates the service from the corrected file. */
	readonly apply: string;
};

/** The Compose way to fix a cause of a Compose container; null outside Compose. */
export function composeFix(labels: Readonly<Record<string, string>>, cause: CauseId): ComposeFix | null {
	const info = composeInfo(labels);
	if (!info || info.oneoff) return null;
	return {
		project: info.project,
		service: info.service,
		files: configFilePaths(info),
		key: COMPOSE_KEYS[cause],
		apply: composeCommand(info, composeFlavour(labels), 'up', '-d', info.service),
	};
}

/**
 * Which Compose to name in commands: the one that created the container. v1 writes its version
 * ("1.29.2") in a label, v2 writes "2.x"; without the label, v2 (the maintained one).
 */
export function composeFlavour(labels: Readonly<Record<string, string>>): ComposeFlavour {
	return (labels['com.docker.compose.version'] ?? '').startsWith('1.') ? 'v1' : 'v2';
}

/** The fix lines of a Compose service: what to change where, then the command; the container-level ones follow as a stopgap. */
export function composeFixLines(fix: ComposeFix, containerFix: readonly string[]): string[] {
	const where = fix.files.length ? fix.files.join(' + ') : `the Compose file of project ${fix.project}`;
	const change = fix.key
		? `In ${where}, service "${fix.service}": change ${fix.key}; then recreate it:`
		: `Fix it outside the Compose file (see below); then recreate service "${fix.service}":`;
	return [
		change,
		`  ${fix.apply}`,
		...(containerFix.length
			? [
					'Done on the container alone (the next `up` recreates it from the file and undoes this):',
					...containerFix.map((l) => `  ${l}`),
				]
			: []),
	];
}

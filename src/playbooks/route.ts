/**
 * Routing: which playbooks run, in which order and with which inputs, from the container's state
 * (triage) and from the evidence of its own logs and configuration. Pure.
 */
import type { ContainerDetails } from '../model/container.js';
import { type ConfiguredTarget, isAddress } from '../model/evidence.js';
import { type SignatureClass, type SignatureMatch, splitAddress } from '../model/signatures.js';
import { triage } from './triage.js';

/** One playbook to run, with the inputs the evidence gives it. */
export type PlannedRun = {
	readonly playbook: string;
	readonly inputs: Readonly<Record<string, string>>;
};

const NETWORK: readonly SignatureClass[] = [
	'dns',
	'dns-timeout',
	'refused',
	'timeout',
	'unreachable',
	'connect-failed',
	'tls',
	'auth',
];
const STORAGE: readonly SignatureClass[] = ['permission', 'read-only', 'no-space', 'write-failed'];
const RESOURCES: readonly SignatureClass[] = ['fd-limit', 'process-limit', 'out-of-memory'];

/** The playbook a signature class belongs to. */
export function playbookForClass(cls: SignatureClass): string {
	if (NETWORK.includes(cls)) return 'network';
	if (STORAGE.includes(cls)) return 'storage-permission';
	if (RESOURCES.includes(cls)) return 'resources';
	return 'crash';
}

/** Names of the container itself: never a service to route to by address. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** How many configured services a running container's network checks try, at most. */
const MAX_TARGETS = 3;

type Subject = Pick<
	ContainerDetails,
	'state' | 'health' | 'exitCode' | 'oomKilled' | 'restartCount' | 'error' | 'startedAt' | 'labels'
>;

/**
 * The plan: triage's order for the state, with the playbook the newest error signature points
 * to moved first (after crash, which reads how a stopped container ended), and the network
 * checks repeated for each service the container is configured to reach. `explicit` inputs
 * (--input) win over everything.
 */
export function planRuns(
	subject: Subject,
	matches: readonly SignatureMatch[],
	targets: readonly ConfiguredTarget[],
	explicit: Readonly<Record<string, string>> = {},
): PlannedRun[] {
	const base = triage(subject);
	const newest = matches.at(-1);
	const fromLog = newest ? inputsFromMatch(newest, targets) : {};
	const withInputs = (): Record<string, string> => ({ ...fromLog, ...explicit });
	let order = [...base];
	if (newest) {
		const wanted = playbookForClass(newest.class);
		const first = base[0] === 'swarm' ? 1 : 0;
		const afterCrash = order[first] === 'crash' && wanted !== 'crash' ? first + 1 : first;
		order = order.filter((p) => p !== wanted);
		order.splice(afterCrash, 0, wanted);
	}
	const runs: PlannedRun[] = [];
	for (const playbook of order) {
		if (playbook !== 'network') {
			runs.push({ playbook, inputs: withInputs() });
			continue;
		}
		// The service the log names first, then the others the configuration names.
		const named = fromLog.target ? [{ host: fromLog.target, port: fromLog.port ?? '' }] : [];
		// Only a container in trouble has its other configured services checked: a healthy one may name
		// services it rarely uses, or outside ones that this host is not meant to reach.
		const others = (matches.length > 0 ? targets : [])
			.filter((t) => !named.some((n) => n.host === t.host && (n.port === t.port || !n.port)))
			.map((t) => ({ host: t.host, port: t.port }));
		const candidates = explicit.target
			? [{ host: explicit.target, port: explicit.port ?? '' }]
			: [...named, ...others];
		if (candidates.length === 0) {
			runs.push({ playbook, inputs: withInputs() });
			continue;
		}
		for (const [i, t] of candidates.slice(0, MAX_TARGETS).entries()) {
			const symptom = i === 0 && named.length ? (fromLog.symptom ?? '') : '';
			runs.push({
				playbook,
				inputs: { ...withInputs(), target: t.host, port: t.port, symptom, ...explicit },
			});
		}
	}
	return runs;
}

/**
 * Inputs a matched line gives: the service it names (an address the log printed is replaced by
 * the configured name on the same port, which the checks can resolve and find), the path, the
 * variable, and the class of the fault as `symptom`.
 */
export function inputsFromMatch(
	match: SignatureMatch,
	targets: readonly ConfiguredTarget[],
): Record<string, string> {
	const inputs: Record<string, string> = { symptom: match.class, error_line: match.line };
	// A path the app could not write is for the storage checks; a file it could not run or find is not.
	if (match.path) inputs[STORAGE.includes(match.class) ? 'path' : 'file'] = match.path;
	if (match.var) inputs.variable = match.var;
	if (match.host && !LOOPBACK_NAMES.includes(match.host) && isAddress(match.host)) {
		const samePort = targets.find((t) => match.port && t.port === match.port);
		inputs.target = samePort?.host ?? match.host;
		inputs.port = match.port ?? samePort?.port ?? '';
	} else if (match.host) {
		inputs.target = match.host;
		inputs.port =
			match.port ||
			targets.find((t) => t.host === match.host)?.port ||
			serverPort(`${match.signature} ${match.runtime}`);
	} else if (NETWORK.includes(match.class)) {
		// The signature names no host, but the line may carry the URL it was calling (Go's
		// `Post "https://auth:9443/token": tls: ...`): that service.
		const called = urlIn(match.line);
		// Else (Python's bare "[Errno 111] Connection refused", "password authentication failed for
		// user"): the one service configured, or the one on the port of the server that speaks.
		const port = match.port ?? serverPort(`${match.signature} ${match.runtime}`);
		const target = called
			? (targets.find((t) => t.host === called.host) ?? called)
			: targets.length === 1
				? targets[0]
				: targets.find((t) => port && t.port === port);
		if (target) {
			inputs.target = target.host;
			// PGHOST=db alone: the server's usual port, so the checks can still try a connection.
			inputs.port = match.port || target.port || port;
		}
	}
	if (inputs.port === '') delete inputs.port;
	return inputs;
}

/** The first URL a log line names, with its host and port (the scheme's port when it gives none). */
function urlIn(line: string): { host: string; port: string } | null {
	const found = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'\\<>]+/i.exec(line);
	if (!found) return null;
	const { host, port } = splitAddress(found[0]);
	return host && !LOOPBACK_NAMES.includes(host) ? { host, port } : null;
}

/** The usual port of the server a signature's runtime or id names (a PostgreSQL error comes from 5432). */
function serverPort(text: string): string {
	const t = text.toLowerCase();
	if (/postgres|libpq|pgjdbc|psycopg|npgsql|\bpq\b|pg-/.test(t)) return '5432';
	if (/mysql|mariadb/.test(t)) return '3306';
	if (/redis/.test(t)) return '6379';
	if (/mongo/.test(t)) return '27017';
	if (/rabbit|amqp/.test(t)) return '5672';
	if (/elasticsearch|opensearch/.test(t)) return '9200';
	if (/sql server|sqlserver|mssql/.test(t)) return '1433';
	return '';
}

import type { Engine } from '../engine/index.js';
import type { ContainerDetails } from '../model/container.js';
import {
	type ContainerRow,
	heldBackByProject,
	needsAttention,
	rowFromDetails,
} from '../model/container-list.js';
import {
	collectEvidence,
	FAILING_WINDOW_S,
	failingNow,
	parseTimedLines,
	recentMatches,
} from '../model/evidence.js';
import { declaredUnreachablePorts, listeningSockets, unreachableServedPort } from '../model/proc-net.js';
import type { Signature } from '../model/signatures.js';
import { memoryUsage } from '../model/stats.js';

/** Why a container needs a diagnosis, in a few words. */
export type Attention = { readonly id: string; readonly name: string; readonly reason: string };

/** Reads at once; each is a short engine call (an exec, a log read, a one-shot stats). */
const CONCURRENCY = 8;
/** A running container this long without a line of output may be writing its log to a file (an exec tells). */
const SILENT_FOR_S = 10;

/**
 * Which containers `diagnose --all` diagnoses, and why: their state (exited non-zero, restarting,
 * unhealthy, OOM-killed, a start error), a Compose service held back by a failing dependency,
 * and for running ones what cheap reads show: recent error signatures in their logs, logs that
 * cannot be read or go to a file, a published port nothing listens on, a CPU quota that throttles,
 * pids or memory at their limit. Reads only.
 */
export async function containersNeedingAttention(
	engine: Engine,
	details: readonly ContainerDetails[],
	signatures: readonly Signature[],
): Promise<Attention[]> {
	const found = new Map<string, string>();
	const flag = (d: ContainerDetails, reason: string) => {
		if (!found.has(d.id)) found.set(d.id, reason);
	};
	const rows = details.map(rowFromDetails);
	details.forEach((d, i) => {
		if (needsAttention(d)) flag(d, stateReason(d));
		else if (heldBackByProject(rows[i] as ContainerRow, rows))
			flag(d, 'a Compose service its project holds back');
	});
	const queue = details.filter((d) => !found.has(d.id) && d.state === 'running');
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			for (let d = queue.shift(); d; d = queue.shift()) {
				const reason = await runningTrouble(engine, d, signatures).catch(() => null);
				if (reason) flag(d, reason);
			}
		}),
	);
	return details
		.filter((d) => found.has(d.id))
		.map((d) => ({ id: d.id, name: d.name, reason: found.get(d.id) ?? '' }));
}

function stateReason(d: ContainerDetails): string {
	if (d.oomKilled) return 'OOM-killed';
	if (d.state === 'created') return `start error: ${d.error}`;
	if (d.health === 'unhealthy') return 'unhealthy';
	if (d.state === 'running') return `restarted ${d.restartCount} times`;
	return `${d.state}, exit ${d.exitCode}`;
}

async function runningTrouble(
	engine: Engine,
	d: ContainerDetails,
	signatures: readonly Signature[],
): Promise<string | null> {
	let text = '';
	try {
		const chunks = await engine.logs.read(d.id, {
			tail: 200,
			timestamps: true,
			since: Date.now() / 1000 - FAILING_WINDOW_S,
			tty: d.config.tty,
		});
		text = chunks.map((c) => c.data.toString('utf8')).join('');
	} catch (error) {
		if (/does not support reading/i.test((error as Error).message))
			return 'its logs cannot be read back (logging driver)';
	}
	const evidence = collectEvidence(parseTimedLines(text), signatures);
	if (failingNow(evidence, d.startedAt))
		return `its logs keep reporting errors: ${recentMatches(evidence, d.startedAt).at(-1)?.line ?? ''}`;
	const upSeconds = d.startedAt ? (Date.now() - Date.parse(d.startedAt)) / 1000 : 0;
	if (text === '' && upSeconds > SILENT_FOR_S && (await logsGoToFile(engine, d)))
		return 'it writes its log to a file';
	const unanswered = await portNobodyReaches(engine, d);
	if (unanswered) return unanswered;
	return await atItsLimits(engine, d);
}

/**
 * Silent in docker logs: does PID 1 write its output to a file, or has a *.log file been written
 * in the last minutes (the places the log-files probe looks)? One exec; none without a shell.
 */
async function logsGoToFile(engine: Engine, d: ContainerDetails): Promise<boolean> {
	const script =
		'ls -l /proc/1/fd/1 /proc/1/fd/2 2>/dev/null; ' +
		'find /var/log /tmp /app /srv /opt /home /data /logs -type f -name "*.log" -mmin -10 2>/dev/null | head -n 1';
	const r = await engine.exec.run(d.id, ['sh', '-c', script], { timeoutMs: 3000 }).catch(() => null);
	const out = r?.stdout ?? '';
	return /-> \/(?!dev\/|proc\/)/.test(out) || /^\/.*\.log$/m.test(out);
}

/**
 * A published port that no socket in the container accepts on its network interface; or, with
 * nothing published, a declared port it serves that nothing can reach (the default bridge only).
 */
async function portNobodyReaches(engine: Engine, d: ContainerDetails): Promise<string | null> {
	const published = Object.entries(d.hostConfig.portBindings)
		.filter(([key, bindings]) => key.endsWith('/tcp') && bindings.length > 0)
		.map(([key]) => Number.parseInt(key, 10));
	if (published.length === 0 && declaredUnreachablePorts(d).length === 0) return null;
	const r = await engine.exec
		.run(d.id, ['cat', '/proc/net/tcp', '/proc/net/tcp6'], { timeoutMs: 3000 })
		.catch(() => null);
	if (r?.exitCode !== 0 || !r) return null;
	const sockets = listeningSockets(r.stdout);
	const unreachable = unreachableServedPort(d, sockets);
	if (unreachable !== null)
		return `port ${unreachable} is served but not published, and nothing reaches it by name`;
	const dead = published.find((port) => !sockets.some((s) => s.port === port && !s.loopback));
	return dead === undefined ? null : `published port ${dead} has no listener on its network interface`;
}

/** Throttled by its CPU quota most of the time, or at its pids or memory limit. */
async function atItsLimits(engine: Engine, d: ContainerDetails): Promise<string | null> {
	const h = d.hostConfig;
	if (!(h.nanoCpus > 0 || h.cpuQuota > 0 || (h.pidsLimit ?? 0) > 0 || h.memoryBytes > 0)) return null;
	const s = await engine.stats.now(d.id);
	const t = s.cpu_stats.throttling_data;
	if (t && t.periods >= 20 && t.throttled_periods / t.periods >= 0.2)
		return `throttled in ${Math.round((t.throttled_periods / t.periods) * 100)}% of CPU periods`;
	const pids = s.pids_stats?.current ?? 0;
	if (h.pidsLimit && h.pidsLimit > 0 && pids >= h.pidsLimit - 1) return `${pids} of ${h.pidsLimit} pids`;
	const memory = memoryUsage(s.memory_stats);
	if (h.memoryBytes > 0 && memory.limit > 0 && memory.used / memory.limit >= 0.9)
		return `memory at ${Math.round((memory.used / memory.limit) * 100)}% of its limit`;
	return null;
}

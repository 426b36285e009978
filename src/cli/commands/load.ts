import { DockmedicError } from '../../engine/errors.js';
import { formatBytes } from '../../model/format.js';
import { type LoadFigures, type LoadUsage, progressLine } from '../../model/load-result.js';
import { type LoadTarget, loadTarget, remoteEngine } from '../../model/load-target.js';
import { endpointsFrom, type GlobalOptions } from '../connect.js';
import { firstEngine } from '../fleet.js';
import { localAddresses, localSubnets, probeLoad } from '../load-probe.js';

export type LoadCliOptions = GlobalOptions & {
	readonly port?: string;
	readonly path: string;
	readonly requests: string;
	readonly connections: string;
	readonly duration: string;
	readonly timeout: string;
	readonly format: 'text' | 'json';
};

/** Bounds a typo cannot pass: a load probe is a check, not a siege. */
export const LOAD_BOUNDS = { requests: 1_000_000, connections: 1000, durationS: 600 } as const;

function bounded(text: string, name: string, max: number): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1 || value > max)
		throw new DockmedicError(`${name} expects a whole number from 1 to ${max}, got "${text}".`, {
			exitCode: 2,
		});
	return value;
}

/**
 * `dockmedic load <container>`: a bounded HTTP load run against a container's port from this machine,
 * with the container's CPU and memory during it, shown against the previous run on the same target.
 * Exit 0; 1 when requests failed (errors, timeouts or non-2xx answers).
 */
export async function runLoadCommand(
	container: string,
	options: LoadCliOptions,
	out: NodeJS.WritableStream = process.stdout,
	err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
	if (options.readOnly)
		throw new DockmedicError('--read-only runs no load: a load run sends requests that can change things.', {
			exitCode: 2,
		});
	const requests = bounded(options.requests, '-n/--requests', LOAD_BOUNDS.requests);
	const connections = bounded(options.connections, '-C/--connections', LOAD_BOUNDS.connections);
	const durationS = bounded(options.duration, '--duration', LOAD_BOUNDS.durationS);
	const timeoutS = bounded(options.timeout, '--timeout', 120);
	const port = options.port === undefined ? undefined : bounded(options.port, '--port', 65535);
	// Refused before any connection: not one packet toward another machine's engine.
	const [first] = endpointsFrom(options);
	const remote = first ? remoteEngine(first.endpoint, localAddresses()) : null;
	if (remote) throw new DockmedicError(remote.refused, { exitCode: 2 });
	const engine = await firstEngine(options);
	const details = await engine.containers.inspect(container);
	const target = loadTarget(
		details,
		engine.endpoint,
		{ ...(port ? { port } : {}), path: options.path },
		localAddresses(),
		localSubnets(),
	);
	if ('refused' in target) throw new DockmedicError(target.refused, { exitCode: 2 });
	if (options.format === 'text')
		err.write(
			`Load on ${target.describe}: ${requests} requests over ${connections} connections, at most ${durationS} s.\n`,
		);
	const {
		figures,
		usage: seen,
		previous,
		comparison,
	} = await probeLoad(
		engine,
		details,
		target,
		{ url: target.url, requests, connections, durationS, timeoutS },
		options.path,
		options.format === 'text' ? (p) => err.write(`${progressLine(p)}\n`) : undefined,
	);
	if (options.format === 'json')
		out.write(
			`${JSON.stringify(
				{
					container: details.name,
					target: { url: target.url, containerPort: target.containerPort, via: target.via },
					...figures,
					startedAt: new Date(figures.startedAt).toISOString(),
					usage: seen,
					previous: previous
						? {
								startedAt: new Date(previous.startedAt).toISOString(),
								requestsPerSecond: previous.requestsPerSecond,
								latencyMs: previous.latencyMs,
							}
						: null,
					ratios: comparison ? { throughput: comparison.throughput, p95: comparison.p95 } : null,
				},
				null,
				2,
			)}\n`,
		);
	else out.write(summary(details.name, target, figures, seen, comparison?.line ?? null));
	return figures.errors + figures.timeouts + figures.non2xx > 0 ? 1 : 0;
}

function summary(
	name: string,
	target: LoadTarget,
	f: LoadFigures,
	usage: LoadUsage | null,
	comparison: string | null,
): string {
	const codes = Object.entries(f.statusCodes)
		.map(([code, n]) => `${code}: ${n}`)
		.join(', ');
	const lines = [
		`${name} (${target.via}, ${target.url})`,
		`  ${f.requests} responses in ${f.durationS} s over ${f.connections} connections: ${f.requestsPerSecond} req/s${f.endedBy === 'duration' ? ' (stopped by the time bound)' : ''}`,
		`  latency p50 ${f.latencyMs.p50} ms, p95 ${f.latencyMs.p95} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms`,
		`  ${f.errors} errors, ${f.timeouts} timeouts, ${f.non2xx} non-2xx${codes ? ` (status codes ${codes})` : ''}`,
	];
	if (usage)
		lines.push(
			`  ${name} during the run: CPU peak ${usage.peakCpuPercent.toFixed(1)}%${usage.cpuLimit ? ` of a ${usage.cpuLimit}-CPU limit` : ''}${usage.throttledRatio > 0.05 ? `, throttled in ${Math.round(usage.throttledRatio * 100)}% of periods` : ''}, memory peak ${formatBytes(usage.peakMemoryBytes)}`,
		);
	lines.push(`  ${comparison ?? 'The first run on this target: the next is shown against it.'}`);
	return `${lines.join('\n')}\n`;
}

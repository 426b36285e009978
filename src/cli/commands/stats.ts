import { DockmedicError } from '../../engine/errors.js';
import { formatBytes } from '../../model/format.js';
import { cpuLimit, deriveSample, type StatsSample } from '../../model/stats.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet, type Fleet, type FleetMember, onEachHost, reportUnreachable } from '../fleet.js';
import { renderTable } from '../text-table.js';

export type StatsCliOptions = GlobalOptions & { readonly stream: boolean; readonly format: 'table' | 'json' };

/** The JSON shape of one container in `dockmedic stats --format json` (documented in the README). */
export type StatsEntry = StatsSample & { readonly name: string; readonly id: string; readonly host: string };

/**
 * `dockmedic stats`: one sample per container (the running ones when none is named), with the
 * docker CLI's formulas. With streaming, a new table every second until interrupted.
 */
export async function runStats(
	names: string[],
	options: StatsCliOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	const fleet = await connectFleet(options);
	const targets = await targetsOf(fleet, names);
	const sampleAll = async (): Promise<StatsEntry[]> =>
		Promise.all(
			targets.map(async ({ host, engine, name }) => {
				const details = await engine.containers.inspect(name);
				if (details.state !== 'running')
					throw new DockmedicError(`${name} is ${details.state}: it has no stats.`, { exitCode: 1 });
				const cpus = cpuLimit(details.hostConfig);
				return {
					host,
					name: details.name,
					id: details.id,
					...deriveSample(await engine.stats.once(details.id), cpus),
				};
			}),
		);
	const exitCode = reportUnreachable(fleet);
	do {
		const entries = await sampleAll();
		out.write(
			options.format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : table(entries, fleet.many),
		);
	} while (options.stream && options.format === 'table');
	return exitCode;
}

type Target = FleetMember & { readonly name: string };

/**
 * The containers to sample: the named ones (on each engine that has them, with several engines), or every
 * running one. A name found on no engine is an error, as with `docker stats`.
 */
async function targetsOf(fleet: Fleet, names: string[]): Promise<Target[]> {
	if (!names.length)
		return onEachHost(fleet, async (m) =>
			(await m.engine.containers.list({ all: false })).map((c) => ({ ...m, name: c.name })),
		);
	if (!fleet.many) return names.map((name) => ({ ...(fleet.members[0] as FleetMember), name }));
	const found = await onEachHost(fleet, async (m) => {
		const all = new Set((await m.engine.containers.list({ all: true })).map((c) => c.name));
		return names.filter((n) => all.has(n)).map((name) => ({ ...m, name }));
	});
	const missing = names.filter((n) => !found.some((t) => t.name === n));
	if (missing.length)
		throw new DockmedicError(`No such container on any host: ${missing.join(', ')}.`, { exitCode: 1 });
	return found;
}

function table(entries: StatsEntry[], withHost: boolean): string {
	return renderTable(
		[
			...(withHost ? ['HOST'] : []),
			'NAME',
			'CPU %',
			'MEM USAGE / LIMIT',
			'MEM %',
			'NET I/O',
			'BLOCK I/O',
			'PIDS',
			'THROTTLED',
		],
		entries.map((e) => [
			...(withHost ? [e.host] : []),
			e.name,
			`${e.cpuPercent.toFixed(2)}%${e.cpuOfLimitPercent !== null ? ` (${e.cpuOfLimitPercent.toFixed(0)}% of limit)` : ''}`,
			`${formatBytes(e.memoryUsageBytes)} / ${formatBytes(e.memoryLimitBytes)}`,
			`${e.memoryPercent.toFixed(2)}%`,
			`${formatBytes(e.netRxBytes)} / ${formatBytes(e.netTxBytes)}`,
			`${formatBytes(e.blockReadBytes)} / ${formatBytes(e.blockWriteBytes)}`,
			`${e.pids}${e.pidsLimit ? ` / ${e.pidsLimit}` : ''}`,
			`${(e.throttledRatio * 100).toFixed(0)}% of periods`,
		]),
	);
}

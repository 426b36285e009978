import { DockmedicError } from '../../engine/errors.js';
import { formatBytes } from '../../model/format.js';
import { cpuLimit, deriveSample, type StatsSample } from '../../model/stats.js';
import { connectEngine, type GlobalOptions } from '../connect.js';
import { renderTable } from '../text-table.js';

export type StatsCliOptions = GlobalOptions & { readonly stream: boolean; readonly format: 'table' | 'json' };

/** The JSON shape of one container in `dockmedic stats --format json` (documented in the README). */
export type StatsEntry = StatsSample & { readonly name: string; readonly id: string };

/**
 * `dockmedic stats`: one sample per container (the running ones when none is named), with the
 * docker CLI's formulas. With streaming, a new table every second until interrupted.
 */
export async function runStats(
	names: string[],
	options: StatsCliOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	const engine = await connectEngine(options);
	const targets = names.length ? names : (await engine.listContainers({ all: false })).map((c) => c.name);
	const sampleAll = async (): Promise<StatsEntry[]> =>
		Promise.all(
			targets.map(async (name) => {
				const details = await engine.inspectContainer(name);
				if (details.state !== 'running')
					throw new DockmedicError(`${name} is ${details.state}: it has no stats.`, { exitCode: 1 });
				const cpus = cpuLimit(details.hostConfig);
				return {
					name: details.name,
					id: details.id,
					...deriveSample(await engine.statsOnce(details.id), cpus),
				};
			}),
		);
	do {
		const entries = await sampleAll();
		out.write(options.format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : table(entries));
	} while (options.stream && options.format === 'table');
	return 0;
}

function table(entries: StatsEntry[]): string {
	return renderTable(
		['NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS', 'THROTTLED'],
		entries.map((e) => [
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

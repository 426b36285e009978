/**
 * A load probe against a container, shared by `dockmedic load` and the console: the run, the container's
 * stats during it, and the previous run on the same target, which this one then replaces.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../engine/index.js';
import type { ContainerDetails } from '../model/container.js';
import { comparedWith, type LoadFigures, type LoadUsage, resultKey } from '../model/load-result.js';
import type { LoadTarget } from '../model/load-target.js';
import { afterReading, cpuLimit, deriveSample } from '../model/stats.js';
import { stateRoot } from '../util/xdg.js';
import { type LoadProgress, type LoadRunOptions, runLoad } from './load-run.js';

export type LoadOutcome = {
	readonly figures: LoadFigures;
	readonly usage: LoadUsage | null;
	readonly previous: LoadFigures | null;
	readonly comparison: ReturnType<typeof comparedWith> | null;
};

/** Where the last result against each target is kept, so the next run is shown against it. */
export const loadResultsDir = () => path.join(stateRoot(), 'dockmedic', 'load');

const interfaces = () => Object.values(os.networkInterfaces()).flatMap((list) => list ?? []);

/** The networks of this machine's interfaces (CIDRs): a container address in one is reachable here. */
export const localSubnets = () => interfaces().flatMap((i) => (i.cidr ? [i.cidr] : []));

/** Every address of this machine's interfaces: a port published on one of them is local too. */
export const localAddresses = () => interfaces().map((i) => i.address);

/** Runs the load with the container's stats read alongside; keeps the result as the next run's baseline. */
export async function probeLoad(
	engine: Engine,
	details: ContainerDetails,
	target: LoadTarget,
	run: LoadRunOptions,
	requestPath: string,
	onProgress?: (progress: LoadProgress) => void,
	signal?: AbortSignal,
): Promise<LoadOutcome> {
	// The same target with other settings is another experiment: compared only like with like.
	const key = resultKey(details.name, target.containerPort, requestPath, run.connections);
	const previous = await readPrevious(key);
	if (signal?.aborted) throw new Error('the load run was stopped before it began');
	const usage = sampleUsage(engine, details);
	let figures: LoadFigures;
	let seen: LoadUsage | null = null;
	try {
		figures = await runLoad(run, onProgress, signal);
	} finally {
		// Also when the run fails: the readings must not go on for the rest of the session.
		seen = await usage.stop();
	}
	// A run stopped half-way, or that got no answer, is no baseline for the next.
	if (figures.requests > 0 && figures.endedBy !== 'stopped') await keep(key, figures);
	return { figures, usage: seen, previous, comparison: previous ? comparedWith(figures, previous) : null };
}

async function readPrevious(key: string): Promise<LoadFigures | null> {
	try {
		return JSON.parse(await readFile(path.join(loadResultsDir(), `${key}.json`), 'utf8')) as LoadFigures;
	} catch {
		return null;
	}
}

async function keep(key: string, figures: LoadFigures): Promise<void> {
	try {
		await mkdir(loadResultsDir(), { recursive: true });
		await writeFile(path.join(loadResultsDir(), `${key}.json`), JSON.stringify(figures));
	} catch {
		// A read-only home keeps no comparison; the run itself stands.
	}
}

/** Reads the container's stats every second during the run; `stop` gives the peaks. */
function sampleUsage(engine: Engine, details: ContainerDetails): { stop(): Promise<LoadUsage | null> } {
	const controller = new AbortController();
	const limit = cpuLimit(details.hostConfig);
	let peakCpu = 0;
	let peakMemory = 0;
	let throttled = 0;
	let samples = 0;
	// A reading at each end: a run shorter than the engine's second between readings still gets its CPU.
	const first = engine.stats.now(details.id).catch(() => null);
	const done = engine.stats
		.poll(details.id, controller.signal, (raw) => {
			const sample = deriveSample(raw, limit);
			peakCpu = Math.max(peakCpu, sample.cpuPercent);
			peakMemory = Math.max(peakMemory, sample.memoryUsageBytes);
			throttled += sample.throttledRatio;
			samples++;
			return 1000;
		})
		.catch(() => undefined);
	return {
		async stop() {
			controller.abort();
			await done;
			const [start, end] = await Promise.all([first, engine.stats.now(details.id).catch(() => null)]);
			// While something else streams its stats the engine answers from its last collection: two equal
			// readings say nothing of the run.
			if (start && end && start.read !== end.read) {
				const whole = deriveSample(afterReading(start, end), limit);
				peakCpu = Math.max(peakCpu, whole.cpuPercent);
				peakMemory = Math.max(peakMemory, whole.memoryUsageBytes);
				throttled += whole.throttledRatio;
				samples++;
			}
			return samples === 0
				? null
				: {
						peakCpuPercent: peakCpu,
						peakMemoryBytes: peakMemory,
						cpuLimit: limit || null,
						throttledRatio: throttled / samples,
					};
		},
	};
}

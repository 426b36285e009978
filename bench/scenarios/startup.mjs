// Start-up: launch to the first frame that lists N containers, in tmux, beside `docker ps -a`.
import {
	createIdleContainers,
	median,
	removeBenchResources,
	timeCommand,
	timeToFirstFrame,
} from '../lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export async function startup() {
	const results = [];
	for (const count of [20, 50]) {
		removeBenchResources();
		const prefix = `dmbench-start${count}`;
		createIdleContainers(prefix, count);
		const ours = [];
		const theirs = [];
		// Interleaved so that machine noise hits both sides alike.
		for (let i = 0; i < RUNS; i++) {
			theirs.push(timeCommand('docker', ['ps', '-a']));
			ours.push(
				await timeToFirstFrame(`dmbench-${count}-${i}`, prefix, Math.min(count, 30), {
					columns: 120,
					rows: 40,
				}),
			);
		}
		results.push({
			scenario: `startup-${count}`,
			metric: 'launch to first full frame (median)',
			dockmedic: median(ours),
			docker: median(theirs),
			unit: 'ms',
			runs: { dockmedic: ours, docker: theirs },
		});
	}
	return results;
}

// Start-up: launch to the first frame that lists the fleet (50 idle containers), in tmux, beside `docker ps -a`.
import { ensureIdleContainers, median, SIZES, timeCommand, timeToFirstFrame } from '../lib.mjs';

export const FLEET = 'dmbench-idle';

export async function startup() {
	const count = SIZES.fleet;
	ensureIdleContainers(FLEET, count);
	const ours = [];
	const theirs = [];
	// Interleaved so that machine noise hits both sides alike.
	for (let i = 0; i < SIZES.startupRuns; i++) {
		theirs.push(timeCommand('docker', ['ps', '-a']));
		ours.push(
			await timeToFirstFrame(`dmbench-start-${i}`, FLEET, Math.min(count, 30), { columns: 120, rows: 40 }),
		);
	}
	return [
		{
			scenario: `startup, ${count} containers`,
			metric: `launch to first full frame (median of ${SIZES.startupRuns})`,
			dockmedic: median(ours),
			docker: median(theirs),
			unit: 'ms',
			runs: { dockmedic: ours, docker: theirs },
		},
	];
}

// Start-up: launch to the first frame that lists the fleet (50 idle containers), in tmux, beside `docker ps -a`.
import { ensureIdleContainers, firstFramesBesidePs, median, SIZES } from '../lib.mjs';

export const FLEET = 'dmbench-idle';

export async function startup() {
	const count = SIZES.fleet;
	ensureIdleContainers(FLEET, count);
	const { ours, theirs } = await firstFramesBesidePs(FLEET, Math.min(count, 30), SIZES.startupRuns);
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

// Start-up: launch to the first frame that lists the fleet (50 idle containers), in tmux, beside `docker ps -a`;
// then the same number of containers in 5 Compose projects, grouped under their headers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
	docker,
	ensureIdleContainers,
	firstFramesBesidePs,
	IMAGE,
	LABEL,
	median,
	ROOT,
	SIZES,
	settle,
} from '../lib.mjs';

export const FLEET = 'dmbench-idle';
const BINARY = path.join(ROOT, 'build', 'dockmedic');
const PROJECTS = 'dmbench-proj';

export async function startup() {
	const count = SIZES.fleet;
	ensureIdleContainers(FLEET, count);
	// The single executable (npm run build:binary), when built: the same runs, interleaved.
	const binary = existsSync(BINARY) ? BINARY : undefined;
	const { ours, ready, theirs, single } = await firstFramesBesidePs(
		FLEET,
		Math.min(count, 30),
		SIZES.startupRuns,
		{
			binary,
		},
	);
	const results = [
		{
			scenario: `startup, ${count} containers`,
			metric: `launch to first full frame (median of ${SIZES.startupRuns})`,
			dockmedic: median(ours),
			docker: median(theirs),
			unit: 'ms',
			runs: { dockmedic: ours, docker: theirs },
		},
		{
			scenario: `startup, ${count} containers`,
			metric: `launch to the console's own frame, keys handled (median of ${SIZES.startupRuns})`,
			dockmedic: median(ready),
			docker: median(theirs),
			unit: 'ms',
			runs: { dockmedic: ready, docker: theirs },
		},
	];
	if (binary)
		results.push({
			scenario: `startup, ${count} containers`,
			metric: `single executable: launch to first full frame (median of ${SIZES.startupRuns})`,
			dockmedic: median(single),
			docker: median(theirs),
			unit: 'ms',
			runs: { dockmedic: single, docker: theirs },
		});
	// The same count, in Compose projects: the stand-alone ones make way so that only the grouping differs.
	removeByPrefix(FLEET);
	createProjectContainers(count);
	// As settled as the stand-alone ones were: fresh containers keep the engine busy for a while.
	await settle(Date.now());
	try {
		const grouped = await firstFramesBesidePs(PROJECTS, Math.min(count, 30), SIZES.startupRuns);
		results.push({
			scenario: `startup, ${count} containers in 5 Compose projects`,
			metric: `launch to first full frame, grouped (median of ${SIZES.startupRuns})`,
			dockmedic: median(grouped.ours),
			docker: median(grouped.theirs),
			unit: 'ms',
			runs: { dockmedic: grouped.ours, docker: grouped.theirs },
		});
	} finally {
		removeByPrefix(PROJECTS);
		ensureIdleContainers(FLEET, count);
	}
	return results;
}

/** Containers with the labels Compose writes (the console reads only those), 5 projects of 2 services. */
function createProjectContainers(n) {
	const lines = Array.from({ length: n }, (_, i) => {
		const project = `${PROJECTS}${i % 5}`;
		const service = i % 2 ? 'api' : 'worker';
		return [
			`${PROJECTS}${i % 5}-${service}-${String(i).padStart(3, '0')}`,
			project,
			service,
			String(Math.floor(i / 10) + 1),
		].join(' ');
	});
	const run = spawnSync(
		'xargs',
		[
			'-P',
			'6',
			'-L',
			'1',
			'sh',
			'-c',
			`docker run -d --label ${LABEL}=1 --name "$0" --label com.docker.compose.project="$1" --label com.docker.compose.service="$2" --label com.docker.compose.container-number="$3" ${IMAGE} sleep 36000 >/dev/null`,
		],
		{ input: lines.join('\n'), stdio: ['pipe', 'ignore', 'inherit'] },
	);
	if (run.status !== 0) throw new Error(`creating ${n} Compose-labelled containers failed`);
}

function removeByPrefix(prefix) {
	const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`, '--filter', `name=^${prefix}`)
		.split('\n')
		.filter(Boolean);
	if (ids.length) docker('rm', '-f', ...ids);
}

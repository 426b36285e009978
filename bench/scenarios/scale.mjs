// 500 containers: first frame beside `docker ps -a`, keypress-to-frame for scrolling and filtering,
// RSS and CPU at rest; `dockmedic stats --no-stream` beside `docker stats --no-stream` over all of them.
import { execFileSync, spawnSync } from 'node:child_process';
import {
	BIN,
	consolePid,
	cpuSeconds,
	ensureIdleContainers,
	firstFramesBesidePs,
	median,
	percentile,
	rssMiB,
	SIZES,
	sleep,
	startConsole,
	timeCommand,
	timeKeypress,
	waitScreen,
} from '../lib.mjs';

import { FLEET as PREFIX } from './startup.mjs';

/** The name on the row the selection marker is on (the rest of the row, uptime say, may change by itself). */
function selectedName(screen) {
	return (screen.split('\n').find((line) => line.startsWith('›')) ?? '').split(/\s+/)[1] ?? '';
}

export async function scale() {
	const count = SIZES.scale;
	ensureIdleContainers(PREFIX, count);
	const { ours, theirs } = await firstFramesBesidePs(PREFIX, Math.min(count, 30), SIZES.runs);

	const session = 'dmbench-scale';
	startConsole(session, { columns: 120, rows: 40 });
	await waitScreen(session, (s) => s.includes(`${PREFIX}-`));
	await sleep(2000);
	const pid = consolePid(session);
	const scroll = [];
	// j thirty times, then PageDown ten times where there are pages enough; each must move the selection.
	const keys = [...Array(Math.min(30, count - 1)).fill('j'), ...Array(count > 400 ? 10 : 0).fill('PageDown')];
	for (const key of keys) {
		const before = selectedName(await waitScreen(session, () => true));
		scroll.push(await timeKeypress(session, key, (s) => selectedName(s) !== before, { literal: false }));
	}
	const filter = [];
	const typed = '/dmbench-scale-4';
	execFileSync('tmux', ['send-keys', '-t', session, '-l', typed]);
	await waitScreen(session, (s) => s.includes(`filter "${typed.slice(1)}"`));
	for (const digit of '0123456789'.repeat(2)) {
		// Type a digit, then erase it: each keypress re-filters all the containers.
		filter.push(await timeKeypress(session, digit, (s) => s.includes(`${typed.slice(1)}${digit}"`)));
		filter.push(
			await timeKeypress(session, 'BSpace', (s) => s.includes(`filter "${typed.slice(1)}"`), {
				literal: false,
			}),
		);
	}
	execFileSync('tmux', ['send-keys', '-t', session, 'Escape']);
	const own0 = cpuSeconds(pid);
	await sleep(10_000);
	const restCpu = cpuSeconds(pid) - own0;
	const rss = rssMiB(pid);
	spawnSync('tmux', ['kill-session', '-t', session]);

	const statsOurs = [];
	const statsTheirs = [];
	for (let i = 0; i < Math.min(SIZES.runs, 3); i++) {
		statsTheirs.push(timeCommand('docker', ['stats', '--no-stream']));
		statsOurs.push(timeCommand(process.execPath, [BIN, 'stats', '--no-stream', '--format', 'json']));
	}
	const scenario = `${count} containers`;
	return [
		{
			scenario,
			metric: `launch to first full frame (median of ${SIZES.runs})`,
			dockmedic: median(ours),
			docker: median(theirs),
			unit: 'ms',
		},
		{ scenario, metric: 'scroll keypress-to-frame p50', dockmedic: median(scroll), unit: 'ms' },
		{ scenario, metric: 'scroll keypress-to-frame p95', dockmedic: percentile(scroll, 95), unit: 'ms' },
		{ scenario, metric: 'filter keypress-to-frame p50', dockmedic: median(filter), unit: 'ms' },
		{ scenario, metric: 'filter keypress-to-frame p95', dockmedic: percentile(filter, 95), unit: 'ms' },
		{ scenario, metric: 'console CPU s at rest over 10 s', dockmedic: restCpu, unit: 's' },
		{ scenario, metric: 'console RSS', dockmedic: rss, unit: 'MiB' },
		{
			scenario,
			metric: 'stats --no-stream of all (median)',
			dockmedic: median(statsOurs),
			docker: median(statsTheirs),
			unit: 'ms',
		},
	];
}

// At rest with the fleet (50 settled running containers): dockmedic's console (list with sparklines, so
// stats stream for the rows on screen) against `docker stats` watching the same 50, each with the CPU it
// causes in dockerd and containerd over the same time; and the bytes the console writes to its terminal.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	BIN,
	consolePid,
	cpuSeconds,
	enginePids,
	ensureIdleContainers,
	LABEL,
	rssMiB,
	SIZES,
	settle,
	sleep,
	startConsole,
	waitScreen,
} from '../lib.mjs';
import { FLEET } from './startup.mjs';

function engineCpu() {
	return enginePids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

/** Samples a process's RSS every second while `ms` pass; returns the peak. */
async function watchPeakRss(pid, ms) {
	let peak = rssMiB(pid);
	const end = Date.now() + ms;
	while (Date.now() < end) {
		await sleep(Math.min(1000, end - Date.now()));
		peak = Math.max(peak, rssMiB(pid));
	}
	return peak;
}

/** A process's CPU, the CPU it causes in dockerd+containerd, and its peak RSS while `seconds` pass. */
async function measure(pid, seconds) {
	const engine0 = engineCpu();
	const own0 = cpuSeconds(pid);
	const rss = await watchPeakRss(pid, seconds * 1000);
	return { own: cpuSeconds(pid) - own0, engine: engineCpu() - engine0, rss };
}

/** `docker stats` over every running container, measured the same way (after 3 s to settle). */
async function measureDockerStats(seconds) {
	const stats = spawn('docker', ['stats'], { stdio: ['ignore', 'ignore', 'ignore'] });
	await sleep(3000);
	const theirs = await measure(stats.pid, seconds);
	stats.kill();
	return theirs;
}

/** The rows both at-rest scenarios report, dockmedic beside docker stats. */
function restRows(scenario, ours, theirs) {
	return [
		{ scenario, metric: 'CPU s in the watcher', dockmedic: ours.own, docker: theirs.own, unit: 's' },
		{
			scenario,
			metric: 'CPU s caused in dockerd+containerd',
			dockmedic: ours.engine,
			docker: theirs.engine,
			unit: 's',
		},
		{
			scenario,
			metric: 'total CPU s (watcher + engine)',
			dockmedic: ours.own + ours.engine,
			docker: theirs.own + theirs.engine,
			unit: 's',
		},
		{ scenario, metric: 'peak RSS of the watcher', dockmedic: ours.rss, docker: theirs.rss, unit: 'MiB' },
	];
}

export async function rest() {
	const seconds = SIZES.restSeconds;
	await settle(ensureIdleContainers(FLEET, SIZES.fleet));

	const session = 'dmbench-rest';
	startConsole(session, { columns: 130, rows: 40 });
	await waitScreen(session, (s) => s.includes(`${FLEET}-000`) && /\d+%/.test(s));
	await sleep(3000); // the first stats samples arrive and the sparklines fill in
	const pid = consolePid(session);
	// Everything the console writes to its terminal from here on, via tmux's pipe-pane.
	const written = path.join(mkdtempSync(path.join(os.tmpdir(), 'dmbench-')), 'tty');
	spawnSync('tmux', ['pipe-pane', '-o', '-t', session, `cat > ${written}`]);
	const ours = await measure(pid, seconds);
	spawnSync('tmux', ['pipe-pane', '-t', session]);
	const ttyBytes = readFileSync(written).length;
	spawnSync('tmux', ['kill-session', '-t', session]);
	await sleep(2000);
	const theirs = await measureDockerStats(seconds);
	const scenario = `at rest, ${SIZES.fleet} containers, ${seconds}s`;
	return [
		...restRows(scenario, ours, theirs),
		{ scenario, metric: 'bytes written to the terminal', dockmedic: ttyBytes, unit: 'bytes' },
	];
}

/**
 * `dockmedic watch` at rest over the same fleet (its scans at the default 30 s, metrics on, so each scan
 * also reads every container's stats), beside `docker stats` watching the same containers over the same
 * time: CPU in the watcher, CPU caused in dockerd+containerd, peak RSS.
 */
export async function watchRest() {
	const seconds = SIZES.restSeconds;
	await settle(ensureIdleContainers(FLEET, SIZES.fleet));
	const port = 19_000 + Math.floor(Math.random() * 1000);
	const watch = spawn(process.execPath, [BIN, 'watch', '--label', LABEL, '--metrics', `127.0.0.1:${port}`], {
		stdio: 'ignore',
	});
	await sleep(12_000); // past its quiet start and first scan
	const ours = await measure(watch.pid, seconds);
	const scraped = await fetch(`http://127.0.0.1:${port}/metrics`)
		.then((r) => r.text())
		.catch(() => '');
	watch.kill('SIGTERM');
	await sleep(2000);
	const theirs = await measureDockerStats(seconds);
	const scenario = `watch at rest, ${SIZES.fleet} containers, ${seconds}s`;
	const series = (scraped.match(/^dockmedic_container_memory_bytes\{/gm) ?? []).length;
	return [
		...restRows(scenario, ours, theirs),
		{ scenario, metric: 'containers with memory series in /metrics', dockmedic: series, unit: '' },
	];
}

// At rest with 50 running containers: dockmedic's console (list with sparklines, so stats stream
// for the rows on screen) against `docker stats` watching the same 50, each with the CPU it causes
// in dockerd and containerd, over the same time.
import { spawn } from 'node:child_process';
import {
	consolePid,
	cpuSeconds,
	createIdleContainers,
	enginePids,
	removeBenchResources,
	rssMiB,
	sleep,
	startConsole,
	waitScreen,
} from '../lib.mjs';

const SECONDS = Number(process.env.BENCH_REST_SECONDS ?? 20);

function engineCpu() {
	return enginePids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

export async function rest() {
	removeBenchResources();
	createIdleContainers('dmbench-rest', 50);
	// At rest means settled: past their first minute, status lines change once a minute, not a second.
	await sleep(62_000);

	const session = 'dmbench-rest';
	startConsole(session, { columns: 130, rows: 40 });
	await waitScreen(session, (s) => s.includes('dmbench-rest-000') && /\d+%/.test(s));
	const pid = consolePid(session);
	let engine0 = engineCpu();
	let own0 = cpuSeconds(pid);
	await sleep(SECONDS * 1000);
	const ours = { own: cpuSeconds(pid) - own0, engine: engineCpu() - engine0, rss: rssMiB(pid) };
	spawn('tmux', ['kill-session', '-t', session]);
	await sleep(2000);

	const stats = spawn('docker', ['stats'], { stdio: ['ignore', 'ignore', 'ignore'] });
	await sleep(2000);
	engine0 = engineCpu();
	own0 = cpuSeconds(stats.pid);
	await sleep(SECONDS * 1000);
	const theirs = { own: cpuSeconds(stats.pid) - own0, engine: engineCpu() - engine0, rss: rssMiB(stats.pid) };
	stats.kill();
	removeBenchResources();
	return [
		{
			scenario: `at rest, 50 containers, ${SECONDS}s`,
			metric: 'CPU s in the watcher',
			dockmedic: ours.own,
			docker: theirs.own,
			unit: 's',
		},
		{
			scenario: `at rest, 50 containers, ${SECONDS}s`,
			metric: 'CPU s caused in dockerd+containerd',
			dockmedic: ours.engine,
			docker: theirs.engine,
			unit: 's',
		},
		{
			scenario: `at rest, 50 containers, ${SECONDS}s`,
			metric: 'total CPU s (watcher + engine)',
			dockmedic: ours.own + ours.engine,
			docker: theirs.own + theirs.engine,
			unit: 's',
		},
		{
			scenario: `at rest, 50 containers, ${SECONDS}s`,
			metric: 'RSS of the watcher',
			dockmedic: ours.rss,
			docker: theirs.rss,
			unit: 'MiB',
		},
	];
}

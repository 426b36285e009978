// The cost of watching, measured on the whole machine: the stats work happens in each container's
// containerd-shim, which a measure of the client plus dockerd and containerd does not see. 50 running
// containers each print a line a second (so the console's log triage has lines to read); the busy time
// of every CPU (/proc/stat) over windows of the same length, alternated: nothing watching, the console,
// nothing, `docker stats`, ... The cost of each is its windows' busy time over the idle windows'.
// Then the console's memory over a long stretch at rest (10 minutes), beside `docker stats` over the same.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
	consolePid,
	ensureContainers,
	median,
	QUICK,
	rssMiB,
	SIZES,
	settle,
	sleep,
	startConsole,
	waitScreen,
} from '../lib.mjs';

const CHATTY = 'dmbench-chatty';
const WINDOW_S = QUICK ? 2 : Number(process.env.BENCH_WINDOW_SECONDS ?? 15);
const CYCLES = QUICK ? 1 : Number(process.env.BENCH_CYCLES ?? 3);
const LONG_S = QUICK ? 6 : Number(process.env.BENCH_LONG_SECONDS ?? 600);

/** n running containers `<CHATTY>-NNN` printing a numbered line a second; returns when they were made. */
function ensureChattyContainers(n) {
	return ensureContainers(CHATTY, n, {
		command: ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i, all fine"; sleep 1; done'],
	});
}

/** CPU seconds every core has been busy so far (all but idle and iowait), from /proc/stat. */
function machineBusySeconds() {
	const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
	const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
	return (user + nice + system + irq + softirq + steal) / 100;
}

async function busyOver(seconds) {
	const from = machineBusySeconds();
	await sleep(seconds * 1000);
	return machineBusySeconds() - from;
}

/** The console in tmux over the fleet, its rows and sparklines drawn, its triage past its first sweep. */
async function startWatchingConsole(session) {
	startConsole(session, { columns: 120, rows: 40 });
	await waitScreen(session, (s) => s.includes(`${CHATTY}-000`) && /\d+%/.test(s), 30_000);
	await sleep(QUICK ? 1000 : 10_000);
	return consolePid(session);
}

function stopConsole(session) {
	spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
}

export async function machineRest() {
	await settle(ensureChattyContainers(SIZES.fleet));
	const idle = [];
	const ours = [];
	const theirs = [];
	for (let cycle = 0; cycle < CYCLES; cycle++) {
		idle.push(await busyOver(WINDOW_S));
		const session = 'dmbench-machine';
		await startWatchingConsole(session);
		ours.push(await busyOver(WINDOW_S));
		stopConsole(session);
		await sleep(2000);
		idle.push(await busyOver(WINDOW_S));
		const stats = spawn('docker', ['stats'], { stdio: 'ignore' });
		await sleep(3000);
		theirs.push(await busyOver(WINDOW_S));
		stats.kill();
		await sleep(2000);
	}
	const base = median(idle);
	const share = (values) => (100 * Math.max(0, median(values) - base)) / WINDOW_S;
	const scenario = `whole machine at rest, ${SIZES.fleet} containers printing a line a second, log triage on`;
	return [
		{
			scenario,
			metric: `CPU over the idle machine, ${WINDOW_S} s windows alternated x${CYCLES} (medians)`,
			dockmedic: share(ours),
			docker: share(theirs),
			unit: '% of a core',
			runs: { idle, dockmedic: ours, docker: theirs },
		},
	];
}

export async function restLong() {
	await settle(ensureChattyContainers(SIZES.fleet));
	const session = 'dmbench-long';
	const pid = await startWatchingConsole(session);
	const stats = spawn('docker', ['stats'], { stdio: 'ignore' });
	await sleep(3000); // its first readings in
	const ourRss = [];
	const theirRss = [];
	const end = Date.now() + LONG_S * 1000;
	while (Date.now() < end) {
		ourRss.push(rssMiB(pid));
		theirRss.push(rssMiB(stats.pid));
		await sleep(Math.min(10_000, Math.max(0, end - Date.now())));
	}
	ourRss.push(rssMiB(pid));
	theirRss.push(rssMiB(stats.pid));
	stats.kill();
	stopConsole(session);
	const scenario = `at rest for ${LONG_S / 60} min, ${SIZES.fleet} containers printing a line a second`;
	const tenth = Math.max(1, Math.floor(ourRss.length / 10));
	const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
	return [
		{
			scenario,
			metric: 'RSS peak',
			dockmedic: Math.max(...ourRss),
			docker: Math.max(...theirRss),
			unit: 'MiB',
		},
		{
			scenario,
			metric: 'RSS, mean of the first tenth',
			dockmedic: mean(ourRss.slice(0, tenth)),
			docker: mean(theirRss.slice(0, tenth)),
			unit: 'MiB',
		},
		{
			scenario,
			metric: 'RSS, mean of the last tenth',
			dockmedic: mean(ourRss.slice(-tenth)),
			docker: mean(theirRss.slice(-tenth)),
			unit: 'MiB',
			runs: { dockmedic: ourRss, docker: theirRss },
		},
	];
}

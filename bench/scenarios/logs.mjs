// Log flood: a container printing as fast as it can while the logs pane follows it, and a crash loop
// beside it. Lines per second the pane ingests, keypress-to-frame while it floods, and RSS; beside
// `docker logs -f`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	consolePid,
	cpuSeconds,
	docker,
	IMAGE,
	median,
	percentile,
	rssMiB,
	runBenchContainer,
	SIZES,
	screen,
	sleep,
	startConsole,
	startInTmux,
	timeKeypress,
	timeKeypressByOutput,
	waitScreen,
} from '../lib.mjs';

export async function logs() {
	const SECONDS = SIZES.logSeconds;
	const name = 'dmbench-flood';
	// BENCH_FLOOD_CPUS=1 caps the flooding container, to tell the console's own delays from two saturated cores.
	const cap = process.env.BENCH_FLOOD_CPUS ? ['--cpus', process.env.BENCH_FLOOD_CPUS] : [];
	runBenchContainer(
		name,
		...cap,
		IMAGE,
		'sh',
		'-c',
		'i=0; while :; do echo "GET /api/orders/$i 200 12ms"; i=$((i+1)); done',
	);
	// And a crash loop beside it the whole time: its events keep the list busy while the pane follows the flood.
	runBenchContainer(
		'dmbench-crashloop',
		'--restart',
		'always',
		IMAGE,
		'sh',
		'-c',
		'echo "FATAL: cannot connect to queue"; exit 1',
	);
	await sleep(1000);

	// The docker CLI following the same flood, its lines counted here (a rate: 20 s are enough), and the CPU
	// it takes to do so.
	const cliSeconds = Math.min(SECONDS, 20);
	const cli = spawn('docker', ['logs', '-f', '--since', '0s', name], { stdio: ['ignore', 'pipe', 'ignore'] });
	let cliLineCount = 0;
	cli.stdout.on('data', (d) => {
		for (let at = d.indexOf(10); at >= 0; at = d.indexOf(10, at + 1)) cliLineCount++;
	});
	const cliCpuFrom = cpuSeconds(cli.pid);
	await sleep(cliSeconds * 1000);
	const cliCpu = (cpuSeconds(cli.pid) - cliCpuFrom) / cliSeconds;
	const cliRate = cliLineCount / cliSeconds;
	cli.kill();

	// dockmedic: the logs pane of the same container, in tmux.
	const session = 'dmbench-logs';
	const frameLog = await openLogsPane(session, name, '');
	const pid = consolePid(session);
	const lineNo = (s) => Math.max(0, ...[...s.matchAll(/orders\/(\d+)/g)].map((m) => Number(m[1])));
	const firstSeen = lineNo(screen(session));
	const started = Date.now();
	const cpuFrom = cpuSeconds(pid);
	const latencies = [];
	const byOutput = [];
	const byDelivery = [];
	const rss = [];
	const third = (SECONDS * 1000) / 3;
	// First third: keypress to frame as seen on the terminal (tmux send-keys, then capture-pane until the
	// status line shows the wrap toggled), which includes tmux and the polling itself.
	while (Date.now() - started < third) {
		const before = screen(session).includes('· wrap');
		latencies.push(await timeKeypress(session, 'w', (s) => s.includes('· wrap') !== before));
		rss.push(rssMiB(pid));
		await sleep(200);
	}
	// Second third: the same keypress, timed to the first bytes of a frame with the change reaching the
	// terminal (tmux pipe-pane into a file), with no capture-pane processes competing for the cores.
	const output = path.join(path.dirname(frameLog), 'tty');
	execFileSync('tmux', ['pipe-pane', '-o', '-t', session, `cat > ${output}`]);
	// The floor this machine sets under the same flood: a program in the same kind of terminal that does
	// nothing but echo each key (Node, raw mode), timed the same way, key for key beside the console.
	const echoSession = 'dmbench-echo';
	const echoOutput = path.join(path.dirname(frameLog), 'echo-tty');
	startEcho(echoSession);
	execFileSync('tmux', ['pipe-pane', '-o', '-t', echoSession, `cat > ${echoOutput}`]);
	const echoed = [];
	await sleep(300);
	const wrapShown = (bytes) => {
		const all = [...bytes.matchAll(/following · \d+ lines(?:, \d+ older dropped)?( · wrap)?/g)];
		return all.length ? Boolean(all.at(-1)[1]) : undefined;
	};
	while (Date.now() - started < 2 * third) {
		const before = screen(session).includes('· wrap');
		const timing = await timeKeypressByOutput(session, output, 'w', (bytes) => {
			const shown = wrapShown(bytes);
			return shown !== undefined && shown !== before;
		});
		byOutput.push(timing.fromCommand);
		byDelivery.push(timing.fromDelivery);
		rss.push(rssMiB(pid));
		await sleep(100);
		echoed.push(
			(await timeKeypressByOutput(echoSession, echoOutput, 'w', (bytes) => bytes.includes('key w')))
				.fromDelivery,
		);
		await sleep(100);
	}
	execFileSync('tmux', ['pipe-pane', '-t', session]);
	execFileSync('tmux', ['kill-session', '-t', echoSession]);
	// Last third: no polling; the console's own frame log times each key to the next frame it writes.
	const secondHalfFrom = statSync(frameLog).size;
	while (Date.now() - started < SECONDS * 1000) {
		execFileSync('tmux', ['send-keys', '-t', session, '-l', 'w']);
		rss.push(rssMiB(pid));
		await sleep(250);
	}
	const lastSeen = lineNo(screen(session));
	const paneRate = (lastSeen - firstSeen) / ((Date.now() - started) / 1000);
	const consoleCpu = (cpuSeconds(pid) - cpuFrom) / ((Date.now() - started) / 1000);
	execFileSync('tmux', ['kill-session', '-t', session]);
	const restarts = Number(docker('inspect', '-f', '{{.RestartCount}}', 'dmbench-crashloop').trim());
	docker('rm', '-f', name, 'dmbench-crashloop');
	const frames = readFileSync(frameLog, 'utf8');
	const inApp = keyToFrame(frames.slice(secondHalfFrom));
	const memory = memoryOf(frames);
	return [
		{
			scenario: 'log flood',
			metric: 'lines/s followed (pane vs docker logs -f)',
			dockmedic: paneRate,
			docker: cliRate,
			unit: 'lines/s',
		},
		{
			scenario: 'log flood',
			metric: 'CPU while following (console vs docker logs -f)',
			dockmedic: consoleCpu * 100,
			docker: cliCpu * 100,
			unit: '% of a core',
		},
		{
			scenario: 'log flood',
			metric: 'keypress-to-frame p50 (screen polled)',
			dockmedic: median(latencies),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'keypress-to-frame p95 (screen polled)',
			dockmedic: percentile(latencies, 95),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'keypress-to-frame p50 (bytes at the terminal)',
			dockmedic: median(byOutput),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'keypress-to-frame p95 (bytes at the terminal)',
			dockmedic: percentile(byOutput, 95),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'key written to the terminal -> frame p50',
			dockmedic: median(byDelivery),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'key written to the terminal -> frame p95',
			dockmedic: percentile(byDelivery, 95),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'key written -> echoed by a bare raw-mode program p50 (the floor)',
			dockmedic: median(echoed),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'key written -> echoed by a bare raw-mode program p95 (the floor)',
			dockmedic: percentile(echoed, 95),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'key-to-frame in the process p50',
			dockmedic: median(inApp),
			unit: 'ms',
		},
		{
			scenario: 'log flood',
			metric: 'key-to-frame in the process p95',
			dockmedic: percentile(inApp, 95),
			unit: 'ms',
		},
		// RSS at the first sample, at half time and at the end: flat once the line budget is full.
		{ scenario: 'log flood', metric: 'restarts of the crash loop beside it', dockmedic: restarts, unit: '' },
		{ scenario: 'log flood', metric: 'RSS at start', dockmedic: rss[0] ?? 0, unit: 'MiB' },
		{
			scenario: 'log flood',
			metric: 'RSS at half time',
			dockmedic: rss[Math.floor(rss.length / 2)] ?? 0,
			unit: 'MiB',
		},
		{ scenario: 'log flood', metric: 'RSS at the end', dockmedic: rss.at(-1) ?? 0, unit: 'MiB' },
		{ scenario: 'log flood', metric: 'RSS peak', dockmedic: Math.max(0, ...rss), unit: 'MiB' },
		// The live heap: the lowest heapUsed (just after a collection) in the first and the last third of the
		// run. Equal floors mean nothing accumulates; RSS above it is heap V8 keeps reserved, and gives back.
		{
			scenario: 'log flood',
			metric: 'live heap, first third',
			dockmedic: memory.floor(0, 1 / 3),
			unit: 'MiB',
		},
		{
			scenario: 'log flood',
			metric: 'live heap, last third',
			dockmedic: memory.floor(2 / 3, 1),
			unit: 'MiB',
		},
	];
}

/**
 * The cost of reading lines (levels, JSON, entries): the pane following a flood of plain lines and one
 * of JSON lines with reading on, and the plain flood with it off (DOCKMEDIC_LOG_PARSE=0), in one run.
 * Lines/s followed, key-to-frame in the process (the console's frame log), CPU and RSS peak.
 */
export async function logReading() {
	// Short runs alternated (A B C, three times) and medians taken: this machine is noisy, and V8's heap
	// growth under a flood varies more from run to run than between the variants.
	const rounds = SIZES.runs > 1 ? 3 : 1;
	const seconds = Math.max(3, Math.round(SIZES.logSeconds / 4));
	const plain = 'i=0; while :; do echo "GET /api/orders/$i 200 12ms"; i=$((i+1)); done';
	const json =
		'i=0; while :; do echo "{\\"level\\":\\"info\\",\\"msg\\":\\"GET /api/orders/$i 200\\",\\"user_id\\":$i}"; i=$((i+1)); done';
	const variants = [
		{ label: 'plain lines, reading off', script: plain, env: 'DOCKMEDIC_LOG_PARSE=0', runs: [] },
		{ label: 'plain lines, levels and entries read', script: plain, env: '', runs: [] },
		{ label: 'JSON lines, levels and JSON read', script: json, env: '', runs: [] },
	];
	for (let round = 0; round < rounds; round++)
		for (const variant of variants)
			variant.runs.push(await followFlood(variant.script, variant.env, seconds));
	const rows = [];
	for (const variant of variants) {
		const m = (key) => median(variant.runs.map((run) => run[key]));
		const row = (metric, value, unit) => ({
			scenario: 'log reading',
			metric: `${variant.label}: ${metric}`,
			dockmedic: value,
			unit,
		});
		rows.push(
			row('lines/s followed', m('rate'), 'lines/s'),
			row('key-to-frame p50', m('p50'), 'ms'),
			row('key-to-frame p95', m('p95'), 'ms'),
			row('CPU', m('cpu') * 100, '% of a core'),
			row('RSS peak', m('rssPeak'), 'MiB'),
		);
	}
	return rows;
}

/** The console in tmux (120x40, frames logged), the logs pane of one container open; the frame log's path. */
async function openLogsPane(session, name, env) {
	const frameLog = path.join(mkdtempSync(path.join(os.tmpdir(), 'dmbench-')), 'frames');
	startConsole(session, { columns: 120, rows: 40, env: `DOCKMEDIC_FRAME_LOG=${frameLog} ${env}` });
	await waitScreen(session, (s) => s.includes(name));
	execFileSync('tmux', ['send-keys', '-t', session, '-l', `/${name}`]);
	execFileSync('tmux', ['send-keys', '-t', session, 'Enter']);
	await waitScreen(session, (s) => s.includes('d diagnose'));
	execFileSync('tmux', ['send-keys', '-t', session, 'Enter']);
	execFileSync('tmux', ['send-keys', '-t', session, '-l', '2']);
	await waitScreen(session, (s) => /orders\/\d+/.test(s));
	return frameLog;
}

/** The logs pane following one flooding container for `seconds`, a key every 250 ms timed by the frame log. */
async function followFlood(script, env, seconds) {
	const name = 'dmbench-reading';
	runBenchContainer(name, IMAGE, 'sh', '-c', script);
	const session = 'dmbench-reading';
	const frameLog = await openLogsPane(session, name, env);
	const pid = consolePid(session);
	const lineNo = (s) => Math.max(0, ...[...s.matchAll(/orders\/(\d+)/g)].map((m) => Number(m[1])));
	const firstSeen = lineNo(screen(session));
	const from = statSync(frameLog).size;
	const started = Date.now();
	const cpuFrom = cpuSeconds(pid);
	const rss = [];
	while (Date.now() - started < seconds * 1000) {
		execFileSync('tmux', ['send-keys', '-t', session, '-l', 'w']);
		rss.push(rssMiB(pid));
		await sleep(250);
	}
	const elapsed = (Date.now() - started) / 1000;
	const rate = (lineNo(screen(session)) - firstSeen) / elapsed;
	const cpu = (cpuSeconds(pid) - cpuFrom) / elapsed;
	execFileSync('tmux', ['kill-session', '-t', session]);
	docker('rm', '-f', name);
	const inApp = keyToFrame(readFileSync(frameLog, 'utf8').slice(from));
	return { rate, cpu, p50: median(inApp), p95: percentile(inApp, 95), rssPeak: Math.max(0, ...rss) };
}

/** A terminal running a bare Node program that echoes every key it reads as "key <k>", in raw mode. */
function startEcho(session) {
	const program =
		"process.stdin.setRawMode(true); process.stdin.on('data', (d) => { if (String(d) === 'q') process.exit(0); process.stdout.write('key ' + d + '\\r\\n'); })";
	startInTmux(session, 80, 24, `${process.execPath} -e "${program}"`);
}

/** From the console's frame log: for each key read, the ms until the next frame written. */
export function keyToFrame(log) {
	const out = [];
	let key;
	for (const line of log.split('\n')) {
		const [kind, at] = line.split(' ');
		if (kind === 'key') key = Number(at);
		else if (kind === 'frame' && key !== undefined) {
			out.push(Number(at) - key);
			key = undefined;
		}
	}
	return out;
}

/** The console's own memory samples from its frame log ("memory <ms> <rss> <heapUsed> <external>"). */
export function memoryOf(log) {
	const samples = log
		.split('\n')
		.filter((line) => line.startsWith('memory '))
		.map((line) => line.split(' ').map(Number));
	return {
		/** Lowest heapUsed in MiB between two fractions of the run (0 when no sample fell there). */
		floor(from, to) {
			const part = samples.slice(Math.floor(samples.length * from), Math.ceil(samples.length * to));
			return part.length ? Math.min(...part.map((s) => s[3] / 1048576)) : 0;
		},
	};
}

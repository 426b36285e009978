// Shared helpers for the benchmarks: docker CLI, tmux, timing, medians.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'dockmedic.js');
export const LABEL = 'dockmedic.bench';
export const IMAGE = process.env.DOCKMEDIC_BASE_IMAGE ?? 'dockmedic/busybox:local';

/**
 * `--quick` runs every scenario at toy sizes so the benchmark code itself is exercised in CI; its
 * figures mean nothing and nothing is asserted about speed.
 */
export const QUICK = process.argv.includes('--quick');

/** Scenario sizes: the figures, or toy ones under --quick. */
export const SIZES = QUICK
	? { fleet: 5, scale: 12, startupRuns: 1, runs: 1, restSeconds: 3, settleMs: 0, logSeconds: 3, labs: 2 }
	: {
			fleet: 50,
			scale: 500,
			startupRuns: Number(process.env.BENCH_RUNS ?? 10),
			runs: Number(process.env.BENCH_RUNS ?? 5),
			restSeconds: Number(process.env.BENCH_REST_SECONDS ?? 60),
			// At rest means settled: past their first minute, status lines change once a minute, not a second.
			settleMs: 62_000,
			logSeconds: Number(process.env.BENCH_LOG_SECONDS ?? 60),
			labs: Number.POSITIVE_INFINITY,
		};

export function docker(...args) {
	return execFileSync('docker', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Wall time of a command in ms. */
export function timeCommand(command, args) {
	const start = process.hrtime.bigint();
	const result = spawnSync(command, args, { stdio: 'ignore' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** `docker run -d` of a labelled bench container. */
export function runBenchContainer(name, ...args) {
	return docker('run', '-d', '--label', `${LABEL}=1`, '--name', name, ...args);
}

const created = new Map();

/**
 * Makes sure n running idle containers named `<prefix>-NNN` exist (six `docker run` at a time), carrying
 * the bench label; returns when the oldest of them was started, so a scenario can wait until they settle.
 */
export function ensureIdleContainers(prefix, n, host = 'unix:///var/run/docker.sock') {
	return ensureContainers(prefix, n, { host });
}

/** As ensureIdleContainers, each container running `command` (default: sleeping). */
export function ensureContainers(
	prefix,
	n,
	{ host = 'unix:///var/run/docker.sock', command = ['sleep', '36000'] } = {},
) {
	const have = new Set(
		docker('-H', host, 'ps', '-a', '--filter', `label=${LABEL}`, '--format', '{{.Names}}').split('\n'),
	);
	const missing = [];
	for (let i = 0; i < n; i++) {
		const name = `${prefix}-${String(i).padStart(3, '0')}`;
		if (!have.has(name)) missing.push(name);
	}
	if (missing.length) {
		const run = spawnSync(
			'xargs',
			[
				'-P',
				'6',
				'-I',
				'{}',
				'docker',
				'-H',
				host,
				'run',
				'-d',
				'--label',
				`${LABEL}=1`,
				'--name',
				'{}',
				IMAGE,
				...command,
			],
			{ input: missing.join('\n'), stdio: ['pipe', 'ignore', 'inherit'] },
		);
		if (run.status !== 0) throw new Error(`creating ${missing.length} containers failed`);
	}
	const key = `${host} ${prefix}`;
	if (!created.has(key) || missing.length === n) created.set(key, Date.now());
	return created.get(key);
}

/** Waits until containers created at `since` have been up for the settle time. */
export async function settle(since) {
	await sleep(Math.max(0, since + SIZES.settleMs - Date.now()));
}

export function removeBenchResources() {
	const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
	if (ids.length)
		spawnSync('xargs', ['-n', '50', '-P', '4', 'docker', 'rm', '-f'], {
			input: ids.join('\n'),
			stdio: ['pipe', 'ignore', 'ignore'],
		});
	created.clear();
}

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/** Launches the console in tmux and returns ms until the screen lists `expectRows` rows of the prefix. */
export async function timeToFirstFrame(session, prefix, expectRows, options = {}) {
	return (await timeToFrames(session, prefix, expectRows, options)).first;
}

/**
 * Launches the console in tmux: ms until the screen lists `expectRows` rows of the prefix (`first`: the
 * plain frame drawn from the list call, or the console's own), and until the console itself has drawn
 * them, its key hints included (`ready`: keys are handled from here).
 */
export async function timeToFrames(session, prefix, expectRows, { columns = 120, rows = 40, program } = {}) {
	spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
	const start = process.hrtime.bigint();
	const since = () => Number(process.hrtime.bigint() - start) / 1e6;
	startConsole(session, { columns, rows, program });
	try {
		const listed = (screen) =>
			screen.split('\n').filter((line) => line.includes(prefix)).length >= expectRows;
		const screen = await waitScreen(session, listed);
		const first = since();
		if (screen.includes('q quit')) return { first, ready: first };
		await waitScreen(session, (s) => listed(s) && s.includes('q quit'));
		return { first, ready: since() };
	} finally {
		spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
	}
}

/**
 * Start-up beside `docker ps -a`, interleaved so that machine noise hits both alike: the runs of each, in ms,
 * until the console lists `rows` containers of the prefix.
 */
export async function firstFramesBesidePs(prefix, rows, runs, { binary } = {}) {
	const ours = [];
	const ready = [];
	const theirs = [];
	const single = [];
	for (let i = 0; i < runs; i++) {
		theirs.push(timeCommand('docker', ['ps', '-a']));
		const frames = await timeToFrames(`dmbench-first-${i}`, prefix, rows, { columns: 120, rows: 40 });
		ours.push(frames.first);
		ready.push(frames.ready);
		if (binary)
			single.push(
				await timeToFirstFrame(`dmbench-first-${i}`, prefix, rows, {
					columns: 120,
					rows: 40,
					program: binary,
				}),
			);
	}
	return { ours, ready, theirs, single };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return 0;
	}
}

/** Resident memory of a process in MiB. */
export function rssMiB(pid) {
	try {
		const line = readFileSync(`/proc/${pid}/status`, 'utf8')
			.split('\n')
			.find((l) => l.startsWith('VmRSS:'));
		return Number(line.split(/\s+/)[1]) / 1024;
	} catch {
		return 0;
	}
}

/** Pids of the engine's own processes (dockerd, containerd), whose CPU a watcher causes. */
export function enginePids() {
	return ['dockerd', 'containerd']
		.flatMap((name) => spawnSync('pgrep', ['-x', name], { encoding: 'utf8' }).stdout.split('\n'))
		.filter(Boolean)
		.map(Number);
}

/** The node process running dockmedic inside a tmux session. */
export function consolePid(session) {
	const out = spawnSync('pgrep', ['-f', `${BIN}`], { encoding: 'utf8' })
		.stdout.split('\n')
		.filter(Boolean)
		.map(Number);
	const panes = spawnSync('tmux', ['list-panes', '-t', session, '-F', '#{pane_pid}'], {
		encoding: 'utf8',
	}).stdout.trim();
	return (
		out.find((pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1] === panes) ??
		out.at(-1)
	);
}

/** The console in tmux: bin/dockmedic.js, or another `program` (the single executable). */
export function startConsole(
	session,
	{ columns = 120, rows = 40, args = '', env = '', program = `${process.execPath} ${BIN}` } = {},
) {
	startInTmux(session, columns, rows, `env LANG=C.UTF-8 ${env} ${program} ${args}; sleep 60`);
}

/** Runs a shell command in a new detached tmux session of the given size (replacing one of that name). */
export function startInTmux(session, columns, rows, command) {
	spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
	execFileSync('tmux', [
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(columns),
		'-y',
		String(rows),
		command,
	]);
}

export function screen(session) {
	return execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
}

/**
 * How often keypress timing reads the screen. Each read runs a tmux client; on two cores busy with a flood,
 * reading every 5 ms competed with the console it measured, so figures include up to this much polling.
 */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 15);

/**
 * Keypress to frame: sends keys to the console in tmux and returns the ms until the screen satisfies
 * `changed` (polled with capture-pane every POLL_MS).
 */
export async function timeKeypress(session, keys, changed, { literal = true } = {}) {
	const t0 = process.hrtime.bigint();
	execFileSync('tmux', ['send-keys', '-t', session, ...(literal ? ['-l'] : []), keys]);
	await waitScreen(session, changed, 5000, POLL_MS);
	return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Keypress to frame as the terminal receives it, without polling the screen: tmux copies every byte
 * the console writes into `outputFile` (pipe-pane); after send-keys, the bytes that arrive are read
 * every 2 ms until `changed(newBytes)` holds. Spawning capture-pane every few ms under a flood costs
 * the two cores more than it measures; this reads a file instead. Returns ms from the send-keys command,
 * and from the moment it returned (the key written to the terminal).
 */
export async function timeKeypressByOutput(session, outputFile, keys, changed) {
	const fd = openSync(outputFile, 'r');
	try {
		let offset = statSync(outputFile).size;
		let seen = '';
		const t0 = process.hrtime.bigint();
		execFileSync('tmux', ['send-keys', '-t', session, '-l', keys]);
		// send-keys returns once tmux has written the key to the terminal: starting the tmux client
		// (tens of ms on two busy cores) is the measuring tool's time, not the console's.
		const delivered = process.hrtime.bigint();
		const deadline = Date.now() + 5000;
		const chunk = Buffer.alloc(1 << 20);
		while (Date.now() < deadline) {
			const n = readSync(fd, chunk, 0, chunk.length, offset);
			if (n > 0) {
				offset += n;
				// Keep a tail: a status line may straddle two reads.
				seen = (seen + chunk.toString('utf8', 0, n)).slice(-200_000);
				if (changed(seen)) {
					const end = process.hrtime.bigint();
					return { fromCommand: Number(end - t0) / 1e6, fromDelivery: Number(end - delivered) / 1e6 };
				}
			} else await sleep(2);
		}
		throw new Error('no frame with the change reached the terminal within 5 s');
	} finally {
		closeSync(fd);
	}
}

export async function waitScreen(session, predicate, timeoutMs = 20_000, pollMs = 5) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const s = screen(session);
		if (predicate(s)) return s;
		if (Date.now() > deadline) throw new Error(`screen never matched:\n${s}`);
		await sleep(pollMs);
	}
}

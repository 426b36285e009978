// Shared helpers for the benchmarks: docker CLI, tmux, timing, medians.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'dockmedic.js');
export const LABEL = 'dockmedic.bench';
export const IMAGE = process.env.DOCKMEDIC_BASE_IMAGE ?? 'dockmedic/busybox:local';

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

/** Creates n running idle containers carrying the bench label; returns their names. */
export function createIdleContainers(prefix, n) {
	const names = [];
	for (let i = 0; i < n; i++) {
		const name = `${prefix}-${String(i).padStart(3, '0')}`;
		docker('run', '-d', '--label', `${LABEL}=1`, '--name', name, IMAGE, 'sleep', '3600');
		names.push(name);
	}
	return names;
}

export function removeBenchResources() {
	const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
	if (ids.length) spawnSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
}

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/** Launches the console in tmux and returns ms until the screen lists `expectRows` rows of the prefix. */
export async function timeToFirstFrame(session, prefix, expectRows, { columns = 120, rows = 40 } = {}) {
	spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
	const start = process.hrtime.bigint();
	startConsole(session, { columns, rows });
	try {
		await waitScreen(
			session,
			(screen) => screen.split('\n').filter((line) => line.includes(prefix)).length >= expectRows,
		);
		return Number(process.hrtime.bigint() - start) / 1e6;
	} finally {
		spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
	}
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

export function startConsole(session, { columns = 120, rows = 40, args = '' } = {}) {
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
		`env LANG=C.UTF-8 ${process.execPath} ${BIN} ${args}; sleep 60`,
	]);
}

export function screen(session) {
	return execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
}

export async function waitScreen(session, predicate, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const s = screen(session);
		if (predicate(s)) return s;
		if (Date.now() > deadline) throw new Error(`screen never matched:\n${s}`);
		await sleep(5);
	}
}

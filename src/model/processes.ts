/**
 * A container's processes, as `docker top` lists them with the columns dockmedic asks for, and what
 * about them a person should know. PIDs are the engine host's (what `docker top` shows).
 */
export type ProcessRow = {
	readonly pid: number;
	readonly ppid: number;
	readonly user: string;
	/** ps STAT: R running, S sleeping, D waiting on I/O, Z zombie, T stopped... */
	readonly stat: string;
	/** CPU time used, [[DD-]hh:]mm:ss. */
	readonly time: string;
	readonly command: string;
	/** One line of why this process matters, or null. */
	readonly mark: string | null;
};

/** What `ps` is asked for: the columns parsed below, command last (it holds spaces). */
export const PS_ARGS = '-o pid,ppid,user,stat,time,args';

export const PROCESS_SORTS = ['pid', 'time', 'command'] as const;
export type ProcessSort = (typeof PROCESS_SORTS)[number];

/**
 * Rows of `docker top` output taken with PS_ARGS; `initPid` is the container's main process (State.Pid),
 * which is PID 1 inside it. Marks zombies and a shell as PID 1 (it does not pass SIGTERM on: `docker
 * stop` waits its timeout, then kills).
 */
export function processRows(
	top: { titles: readonly string[]; processes: readonly (readonly string[])[] },
	initPid: number,
): ProcessRow[] {
	const column = (name: string) => top.titles.findIndex((t) => t.toUpperCase() === name);
	const at = {
		pid: column('PID'),
		ppid: column('PPID'),
		user: column('USER'),
		stat: column('STAT'),
		time: column('TIME'),
		command: Math.max(column('COMMAND'), column('CMD')),
	};
	return top.processes.map((p) => {
		const cell = (i: number) => (i >= 0 ? (p[i] ?? '') : '');
		const row = {
			pid: Number(cell(at.pid)),
			ppid: Number(cell(at.ppid)),
			user: cell(at.user),
			stat: cell(at.stat),
			time: cell(at.time),
			command: cell(at.command),
		};
		return { ...row, mark: markOf(row, initPid) };
	});
}

function markOf(p: Omit<ProcessRow, 'mark'>, initPid: number): string | null {
	if (p.stat.startsWith('Z') || /<defunct>\s*$/.test(p.command))
		return 'zombie: it exited and its parent never collected it; many of them exhaust the pids limit';
	if (p.pid === initPid && isShell(p.command))
		return 'a shell is PID 1: it does not pass SIGTERM on, so docker stop waits, then kills (use exec or --init)';
	if (p.stat.startsWith('D'))
		return 'waiting on I/O it cannot be interrupted in: a slow or stuck disk or network mount';
	return null;
}

/** `sh -c ...`, `/bin/bash script`, but not `tini -- sh`. */
function isShell(command: string): boolean {
	const first = command.trim().split(/\s+/)[0] ?? '';
	return /(^|\/)(sh|bash|ash|dash|zsh)$/.test(first);
}

/** CPU time in seconds, from ps's [[DD-]hh:]mm:ss. */
export function cpuSeconds(time: string): number {
	const [days, clock] = time.includes('-') ? (time.split('-') as [string, string]) : ['0', time];
	const parts = clock.split(':').map(Number);
	while (parts.length < 3) parts.unshift(0);
	const [h = 0, m = 0, s = 0] = parts;
	return Number(days) * 86_400 + h * 3600 + m * 60 + s;
}

export function sortProcesses(rows: readonly ProcessRow[], by: ProcessSort): ProcessRow[] {
	const compare: Record<ProcessSort, (a: ProcessRow, b: ProcessRow) => number> = {
		pid: (a, b) => a.pid - b.pid,
		time: (a, b) => cpuSeconds(b.time) - cpuSeconds(a.time) || a.pid - b.pid,
		command: (a, b) => a.command.localeCompare(b.command) || a.pid - b.pid,
	};
	return [...rows].sort(compare[by]);
}

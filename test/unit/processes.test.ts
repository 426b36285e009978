import { describe, expect, it } from 'vitest';
import { cpuSeconds, processRows, sortProcesses } from '../../src/model/processes.js';
import { helpRows } from '../../src/ui/components/HelpOverlay.js';

const top = (rows: string[][]) => ({
	titles: ['PID', 'PPID', 'USER', 'STAT', 'TIME', 'COMMAND'],
	processes: rows,
});

describe('processes', () => {
	it('marks a shell as PID 1, a zombie and a process stuck on I/O, each with why; others unmarked', () => {
		const rows = processRows(
			top([
				['10', '1', 'root', 'Ss', '00:00:00', '/bin/sh -c node server.js'],
				['11', '10', 'node', 'Sl', '01:02:03', 'node server.js'],
				['12', '11', 'node', 'Z', '00:00:00', '[convert] <defunct>'],
				['13', '11', 'node', 'D', '00:00:01', 'cp -r /mnt/nfs /data'],
			]),
			10,
		);
		expect(rows.map((r) => [r.pid, r.mark?.split(':')[0] ?? null])).toEqual([
			[10, 'a shell is PID 1'],
			[11, null],
			[12, 'zombie'],
			[13, 'waiting on I/O it cannot be interrupted in'],
		]);
		// A shell that is not PID 1, or PID 1 that is no shell (tini, the app itself), is no trap.
		const fine = processRows(top([['20', '1', 'root', 'Ss', '0:00', '/sbin/tini -- sh run.sh']]), 20);
		expect(fine[0]?.mark).toBeNull();
	});

	it('reads CPU time in every ps form and orders by it, by pid or by command', () => {
		expect(cpuSeconds('00:01:05')).toBe(65);
		expect(cpuSeconds('1:05')).toBe(65);
		expect(cpuSeconds('2-03:00:00')).toBe(2 * 86_400 + 3 * 3600);
		const rows = processRows(
			top([
				['3', '1', 'a', 'S', '00:00:09', 'zeta'],
				['1', '0', 'a', 'S', '00:10:00', 'alpha'],
				['2', '1', 'a', 'S', '00:00:10', 'beta'],
			]),
			1,
		);
		expect(sortProcesses(rows, 'pid').map((r) => r.pid)).toEqual([1, 2, 3]);
		expect(sortProcesses(rows, 'time').map((r) => r.pid)).toEqual([1, 2, 3]);
		expect(sortProcesses(rows, 'command').map((r) => r.command)).toEqual(['alpha', 'beta', 'zeta']);
	});

	it("the help lists the pane's own key", () => {
		expect(
			helpRows(100).some((r) => /^\s+o\s+Processes: order by pid, CPU time or command/.test(r.text)),
		).toBe(true);
	});
});

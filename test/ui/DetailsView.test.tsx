import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../../src/model/container.js';
import { type ProcessRow, processRows } from '../../src/model/processes.js';
import { markSockets, parseSockets } from '../../src/model/sockets.js';
import { timelineOf } from '../../src/model/timeline.js';

/** Listening on 0.0.0.0:8080 and 127.0.0.1:9090; a connection to 10.0.0.5:5432 waiting for an answer. */
const PROC_NET_TCP = [
	'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
	'   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1',
	'   1: 0100007F:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2 1',
	'   2: 0200A8C0:C350 0500000A:1538 02 00000001:00000000 01:00000064 00000002  1000        0 3 1',
].join('\n');

import type { StatsSample } from '../../src/model/stats.js';
import { displayWidth } from '../../src/model/text-width.js';
import { App } from '../../src/ui/App.js';
import type { DetailsService } from '../../src/ui/details-service.js';
import { resolveTheme } from '../../src/ui/theme.js';
import { type FrameExpectation, press, waitForFrame } from '../helpers/frames.js';
import { ENTER, ESC, RIGHT } from '../helpers/keys.js';
import { FIXED_NOW, ListSource, makeRow } from '../helpers/list-source.js';

const theme = resolveTheme({ NO_COLOR: '1', LANG: 'C.UTF-8' });
const sample = (cpu: number): StatsSample => ({
	time: FIXED_NOW,
	cpuPercent: cpu,
	cpuOfLimitPercent: cpu * 2,
	memoryUsageBytes: 60 * 1048576,
	memoryLimitBytes: 64 * 1048576,
	memoryPercent: 93.75,
	netRxBytes: 2048,
	netTxBytes: 1024,
	blockReadBytes: 0,
	blockWriteBytes: 4096,
	pids: 3,
	pidsLimit: 100,
	throttledPeriods: 40,
	throttledTimeNs: 1e9,
	cpuPeriods: 0,
	throttledRatio: 0.8,
});

const details = {
	id: 'id-report',
	name: 'report',
	state: 'exited',
	exitCode: 137,
	oomKilled: true,
	error: '',
	restartCount: 0,
	startedAt: '2026-01-01T11:00:00Z',
	finishedAt: '2026-01-01T11:05:00Z',
	health: null,
	healthLog: [],
	image: 'finance/report:3',
	config: {
		user: '1000',
		env: ['DB_PASSWORD=hunter2', 'MODE=batch'],
		cmd: ['run'],
		entrypoint: [],
		workingDir: '/app',
		tty: false,
		hostname: 'x',
		exposedPorts: [],
		healthcheck: null,
	},
	hostConfig: {
		networkMode: 'bridge',
		restartPolicy: { name: 'no', maximumRetryCount: 0 },
		memoryBytes: 64 * 1048576,
		nanoCpus: 5e8,
		cpuQuota: 0,
		cpuPeriod: 0,
		pidsLimit: null,
		readonlyRootfs: false,
		tmpfs: {},
		logDriver: 'json-file',
		extraHosts: [],
		dns: [],
		portBindings: {},
	},
	mounts: [],
	networks: [],
	ports: [],
	labels: {},
	status: '',
	createdAt: '',
	pid: 0,
} as unknown as ContainerDetails;

/** As the console's service gives them: docker top rows, marked by the model. */
const processes: ProcessRow[] = processRows(
	{
		titles: ['PID', 'PPID', 'USER', 'STAT', 'TIME', 'COMMAND'],
		processes: [
			['4100', '4080', 'root', 'Ss', '00:00:00', 'sh -c ./server & wait'],
			['4120', '4100', 'app', 'Sl', '00:03:12', './server --port 8080'],
			['4130', '4120', 'app', 'Z', '00:00:00', '[worker] <defunct>'],
		],
	},
	4100,
);

function service(over: Partial<DetailsService> = {}): DetailsService {
	return {
		inspect: async () => details,
		processes: async () => processes,
		timeline: async () =>
			timelineOf(
				'report',
				[
					{ id: 'c', name: 'report', action: 'start', time: 1000, attributes: {} },
					{ id: 'c', name: 'report', action: 'oom', time: 1010, attributes: {} },
					{ id: 'c', name: 'report', action: 'die', time: 1010, attributes: { exitCode: '137' } },
					{ id: 'c', name: 'report', action: 'start', time: 1011, attributes: {} },
				],
				{ since: 0, until: 3600 },
				[{ text: 'loading 2 GB of rows', time: 1009 }],
			),
		sockets: async () =>
			markSockets(
				[
					...parseSockets(PROC_NET_TCP, 'tcp'),
					...parseSockets(
						'  0: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000 0',
						'udp',
					),
				],
				[
					{ privatePort: 8080, publicPort: 18080, type: 'tcp', ip: '0.0.0.0' },
					{ privatePort: 9090, publicPort: 19090, type: 'tcp', ip: '0.0.0.0' },
					{ privatePort: 7070, publicPort: 17070, type: 'tcp', ip: '0.0.0.0' },
				],
			),
		stats: async (_id, signal, onSample) => {
			onSample(sample(40));
			onSample(sample(50));
			await new Promise((resolve) => signal.addEventListener('abort', resolve));
		},
		logs: async (_id, signal, onOutput) => {
			onOutput('stdout', 'listening on :8080\n');
			onOutput('stderr', 'ERROR cannot open /data\n');
			onOutput('stdout', '\u001B[2J\u001B]0;pwned\u0007\u001B[31mred\u001B[0m and clean\nhalf a ');
			onOutput('stdout', 'line\n');
			for (let i = 0; i < 50; i++) onOutput('stdout', `line ${i}\n`);
			await new Promise((resolve) => signal.addEventListener('abort', resolve));
		},
		saveLogs: async () => '/nowhere/report.log',
		copyToClipboard: async () => true,
		projectMembers: async () => [],
		...over,
	};
}

let instance: ReturnType<typeof render> | undefined;
afterEach(() => instance?.unmount());
/** Mounts the console, opens the details of its container and the pane of that key, and waits until it shows `ready`. */
async function openPane(
	svc: DetailsService,
	key: '1' | '2' | '3' | '4' | '5' | '6',
	ready: FrameExpectation,
) {
	const mounted = mount(svc);
	await waitForFrame(mounted, 'report');
	mounted.stdin.write(ENTER);
	await press(mounted, key, ready);
	return mounted;
}

function mount(svc: DetailsService) {
	instance = render(
		<App
			containers={new ListSource([makeRow({ name: 'report' })])}
			endpoint="x"
			theme={theme}
			now={FIXED_NOW}
			details={svc}
		/>,
	);
	return instance;
}

describe('the details view', () => {
	it('opens on Enter with live stats: figures, limit share, throttling and charts', async () => {
		const screen = mount(service());
		await waitForFrame(screen, 'report');
		const frame = await press(screen, ENTER, 'CPU 50.0% (100% of its limit)');
		expect(frame).toContain('report');
		expect(frame).toContain('CPU 50.0% (100% of its limit)');
		expect(frame).toContain('throttled 80% of periods');
		expect(frame).toContain('MEM 60.0MiB / 64.0MiB');
		expect(frame).toContain('PIDS 3 / 100');
		expect(frame).toContain('Memory % of limit');
		expect(frame).toContain('CPU % of one core, limit 50% (flat line)');
		expect(frame).toContain('NET 0B/s in');
		expect(frame).toMatch(/┼|┤/);
	});

	it('charts every metric on a large terminal, side by side, and only CPU and memory at 80x24', async () => {
		const screen = mount(service());
		const { stdout } = screen;
		const resize = (columns: number, rows: number) => {
			Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
			Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
			stdout.emit('resize');
		};
		resize(80, 24);
		await waitForFrame(screen, 'report');
		const small = await press(screen, ENTER, '6 more charts on a larger terminal');
		expect(small).toContain('Memory % of limit');
		expect(small).not.toContain('Network in, KiB/s');
		expect(small).toContain('6 more charts on a larger terminal');
		for (const line of small.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		resize(130, 45);
		const large = await waitForFrame(screen, 'Network in, KiB/s');
		for (const title of [
			'Network in, KiB/s',
			'Network out, KiB/s',
			'Block read, KiB/s',
			'Block write, KiB/s',
			'Processes, limit 100 (flat line)',
			'CPU throttled, % of periods',
		])
			expect(large).toContain(title);
		// Two charts side by side: CPU and memory titles on one line.
		expect(large).toMatch(/CPU % of one core.*Memory % of limit/);
		expect(large).not.toContain('more charts');
		for (const line of large.split('\n')) expect(line.length).toBeLessThanOrEqual(130);
	});

	it('shows logs with stderr marked, escape sequences removed, split lines joined, and scrolls', async () => {
		const screen = await openPane(service(), '2', 'line 49');
		const { lastFrame } = screen;
		let frame = lastFrame() ?? '';
		expect(frame).toContain('line 49');
		expect(frame).toContain('following');
		expect(frame).not.toContain('\u001B');
		frame = await press(screen, 'g', 'paused');
		expect(frame).toContain('!E ERROR cannot open /data');
		expect(frame).toContain('   red and clean');
		expect(frame).toContain('half a line');
		expect(frame).toContain('paused');
		await press(screen, 'G', 'following');
		expect(lastFrame()).toContain('following');
	});

	it('wraps long lines on w within the pane, keeping the newest line in view', async () => {
		const svc = service({
			logs: async (_id, signal, onOutput) => {
				for (let i = 0; i < 30; i++) onOutput('stdout', `short ${i}\n`);
				onOutput('stderr', `ERROR ${'x'.repeat(250)} END\n`);
				onOutput('stdout', 'newest line\n');
				await new Promise((resolve) => signal.addEventListener('abort', resolve));
			},
		});
		const screen = await openPane(svc, '2', 'newest line');
		const cut = screen.lastFrame() ?? '';
		expect(cut).toContain('newest line');
		expect(cut).not.toContain(' END');
		const wrapped = await press(screen, 'w', '· wrap');
		expect(wrapped).toContain('· wrap');
		// The whole long line shows, over several rows, and the line after it is still there.
		expect(wrapped).toContain(' END');
		expect(wrapped).toContain('!E ERROR xxx');
		expect(wrapped).toContain('newest line');
		expect(wrapped.split('\n').length).toBe(cut.split('\n').length);
		expect(wrapped).toContain('Esc back');
	});

	it('wraps a Chinese log line by terminal columns: every character shows, no row wider than the pane', async () => {
		const chinese = `错误：无法连接数据库服务器，${'请检查网络配置和防火墙规则。'.repeat(12)}结束`;
		const svc = service({
			logs: async (_id, signal, onOutput) => {
				onOutput('stderr', `${chinese}\n`);
				onOutput('stdout', 'newest line\n');
				await new Promise((resolve) => signal.addEventListener('abort', resolve));
			},
		});
		const screen = await openPane(svc, '2', 'newest line');
		const frame = await press(screen, 'w', '· wrap');
		expect(frame).toContain('结束');
		expect(frame).toContain('newest line');
		for (const row of frame.split('\n')) expect(displayWidth(row)).toBeLessThanOrEqual(100);
		// The ink-testing-library terminal is 100 columns; put back together, the rows hold the whole line.
		const rows = frame
			.split('\n')
			.map((r) =>
				r
					.replace(/^[│|]\s?!?[EWF]?\s?/, '')
					.replace(/\s*[│|]$/, '')
					.trim(),
			)
			.join('');
		expect(rows).toContain(chinese.slice(-30));
	});

	it('searches with highlight and n/N, filters to matching lines, and toggles timestamps', async () => {
		const asked: boolean[] = [];
		const svc = service({
			logs: async (_id, signal, onOutput, options) => {
				asked.push(options?.timestamps ?? false);
				for (let i = 0; i < 40; i++)
					onOutput(
						i % 10 === 0 ? 'stderr' : 'stdout',
						`${i % 10 === 0 ? 'WARN slow query' : 'GET /health'} #${i}\n`,
					);
				await new Promise((resolve) => signal.addEventListener('abort', resolve));
			},
		});
		const screen = await openPane(svc, '2', 'GET /health #39');
		const { lastFrame } = screen;
		await press(screen, '/slow', 'search /slow');
		expect(lastFrame()).toContain('search /slow');
		await press(screen, ENTER, '"slow": match');
		expect(lastFrame()).toContain('"slow": match 4 of 4');
		await press(screen, 'n', 'match 3 of');
		expect(lastFrame()).toContain('match 3 of 4');
		const filtered = await press(screen, 'F', 'only matching lines');
		expect(filtered).toContain('only matching lines');
		expect(filtered).toContain('!W WARN slow query #30');
		expect(filtered).not.toContain('GET /health');
		// The logs are read again, with timestamps: wait for that second read and the status saying so.
		await press(screen, 't', (frame) => frame.includes('· timestamps') && asked.length > 1);
		expect(asked).toEqual([false, true]);
		expect(lastFrame()).toContain('timestamps');
	});

	it('saves once per s: showing the pane again or another pane does not save again', async () => {
		const saved: number[] = [];
		const svc = service({
			saveLogs: async (_id, lines) => {
				saved.push(lines.length);
				return '/state/report.log';
			},
		});
		const screen = await openPane(svc, '2', 'line 49');
		await press(screen, 's', 'saved 54 lines to /state/report.log');
		await press(screen, '1', 'Memory');
		await press(screen, '2', 'line 49');
		await press(screen, 'e', 'errors only');
		expect(screen.lastFrame()).toContain('!E ERROR cannot open /data');
		expect(saved).toEqual([54]);
	});

	it('explains a logging driver that cannot be read back instead of showing an error', async () => {
		const { lastFrame } = await openPane(
			service({
				logs: async () => {
					throw new Error(
						'The engine refused to follow the logs of x: configured logging driver does not support reading (HTTP 501).',
					);
				},
			}),
			'2',
			'logging driver does not keep logs',
		);
		expect(lastFrame()).toContain('logging driver does not keep logs that can be read back');
		expect(lastFrame()).toContain('--log-driver json-file');
	});

	it('shows inspect tables: exit code meaning, OOMKilled, env as the service gives it; Esc goes back', async () => {
		const screen = await openPane(service(), '3', '[State]');
		const { lastFrame } = screen;
		expect(lastFrame()).toContain('137 (killed by SIGKILL (OOM kill, docker kill, or stop timeout))');
		expect(lastFrame()).toMatch(/OOMKilled\s+│ true/);
		await press(screen, RIGHT, '[Config]');
		// Masking happens in the service (tested on the real engine in e2e/details); the pane shows what it gets.
		expect(lastFrame()).toContain('DB_PASSWORD=hunter2');
		expect(lastFrame()).toContain('MODE=batch');
		await press(screen, ESC, 'NAME');
		expect(lastFrame()).toContain('NAME');
	});

	it('lists the processes on 4, marks a zombie and a shell as PID 1 with why, and orders them on o', async () => {
		const screen = await openPane(service(), '4', 'PID USER');
		const frame = screen.lastFrame() ?? '';
		expect(frame).toMatch(/!\s+4100 root\s+Ss\s+00:00:00\s+sh -c \.\/server & wait/);
		expect(frame).toMatch(/ 4120 app\s+Sl\s+00:03:12\s+\.\/server --port 8080/);
		expect(frame).toContain('! 4100: a shell is PID 1');
		expect(frame).toContain('! 4130: zombie');
		expect(frame).toContain('o order');
		// By CPU time: the server first.
		const byTime = await press(screen, 'o', 'by time');
		const order = byTime
			.split('\n')
			.filter((l) => /^[! ] +\d+ /.test(l))
			.map((l) => l.trim().replace(/^! /, '').split(/\s+/)[0]);
		expect(order[0]).toBe('4120');
	});

	it('shows the sockets on 5: a loopback-only listener behind a published port, a connection without answer, a dead published port', async () => {
		const screen = await openPane(service(), '5', 'PROTO LOCAL');
		const frame = screen.lastFrame() ?? '';
		expect(frame).toMatch(/ tcp\s+0\.0\.0\.0:8080\s+LISTEN\s+published as 0\.0\.0\.0:18080/);
		expect(frame).toMatch(/! tcp\s+127\.0\.0\.1:9090\s+LISTEN\s+loopback only/);
		expect(frame).toMatch(/! tcp\s+192\.168\.0\.2:50000\s+10\.0\.0\.5:5432\s+SYN_SENT\s+no answer/);
		// Below the table, why each marked socket matters (wrapped to the pane's width).
		const why = frame.replace(/\n/g, ' ');
		expect(why).toContain(
			'! 127.0.0.1:9090: bound to loopback: only the container itself reaches it (published as 0.0.0.0:19090, which cannot)',
		);
		expect(why).toContain('! 192.168.0.2:50000: no answer yet from 10.0.0.5:5432');
		expect(frame).toMatch(/ udp\s+0\.0\.0\.0:5353\s+UNCONN/);
		expect(frame).toContain('! published 17070 -> 7070/tcp: nothing listens behind it');
		expect(frame).not.toMatch(/published (18080|19090) .*nothing listens/);
	});

	it('shows the timeline on 6: the OOM kill and the death with its last log line, and the count above', async () => {
		const screen = await openPane(service(), '6', 'Last hour');
		const frame = screen.lastFrame() ?? '';
		expect(frame).toContain('Last hour (UTC): 1 deaths, 1 restarts.');
		expect(frame).toMatch(/00:16:50\.000 ! OOM kill: the kernel killed a process at the memory limit/);
		expect(frame).toMatch(/00:16:50\.000 ! died: exit code 137/);
		expect(frame).toContain('| loading 2 GB of rows');
		expect(frame).toMatch(/00:16:51\.000\s+started/);
	});

	it('says why a stopped container has no processes instead of failing', async () => {
		const screen = await openPane(
			service({ processes: async () => Promise.reject(new Error('report is exited: it has no processes.')) }),
			'4',
			'it has no processes',
		);
		expect(screen.lastFrame()).toContain('report is exited: it has no processes.');
	});

	it('cuts a mounts table wider than the terminal to fit, with an ellipsis, borders intact', async () => {
		const long = `/srv/${'very-long-directory-name/'.repeat(4)}data`;
		const wide = {
			...details,
			mounts: [{ type: 'bind', source: long, destination: long, rw: true, propagation: 'rprivate' }],
		} as unknown as ContainerDetails;
		const screen = await openPane(service({ inspect: async () => wide }), '3', '[State]');
		for (let i = 0; i < 3; i++) screen.stdin.write(RIGHT);
		const frame = await press(screen, RIGHT, '[Mounts]');
		expect(frame).toContain('[Mounts]');
		const table = frame.split('\n').filter((line) => /^[┌│├└]/.test(line));
		expect(table.length).toBeGreaterThanOrEqual(5);
		// The ink-testing-library terminal is 100 columns wide; every row of the table is drawn whole.
		for (const line of table) {
			expect(line.length).toBeLessThanOrEqual(100);
			expect(line).toMatch(/[┐┤┘│]$/);
		}
		expect(frame).toContain('rprivate');
		expect(frame).toMatch(/\/srv\/very-long-directory-name\/[^│]*…/);
	});
});

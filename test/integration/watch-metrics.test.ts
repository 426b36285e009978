import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName, waitFor } from '../helpers/docker.js';
import { freePort } from '../helpers/ports.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('metrics');
const label = `${TEST_LABEL}.group=${GROUP}`;
/** Not the watch's label: the watch does not see this one. */
const cadvisorLabel = `${TEST_LABEL}.group=${GROUP}-cadvisor`;
const children: ChildProcess[] = [];
let prometheusUrl = '';
let metricsPort = 0;
let session: TmuxSession | undefined;
let cadvisor: Server | undefined;

beforeAll(async () => {
	await runContainer(
		`${GROUP}-cache`,
		['--label', label, '--memory', '48m', '--cpus', '0.5'],
		['sleep', '3600'],
	);
	await runContainer(
		`${GROUP}-api`,
		['--label', label, '--health-cmd', 'false', '--health-interval', '1s', '--health-retries', '1'],
		['sleep', '3600'],
	);
	// A slow leak: 256 KiB more of tmpfs (counted as its memory) every second.
	await runContainer(
		`${GROUP}-leak`,
		['--label', label],
		[
			'sh',
			'-c',
			'i=0; while :; do dd if=/dev/zero of=/dev/shm/f$i bs=256k count=1 2>/dev/null; i=$((i+1)); sleep 1; done',
		],
	);
	// A restart loop: it dies every two seconds and the engine starts it again.
	await runContainer(
		`${GROUP}-loop`,
		['--label', label, '--restart', 'always'],
		['sh', '-c', 'sleep 2; exit 3'],
	);
	metricsPort = await freePort();
	const watch = spawn(
		process.execPath,
		[
			BIN,
			'watch',
			'--label',
			label,
			'--metrics',
			`127.0.0.1:${metricsPort}`,
			'--quiet',
			'1s',
			'--scan',
			'2s',
		],
		{ stdio: 'ignore' },
	);
	children.push(watch);
	// A container the watch does not see, whose figures come in cAdvisor's series (as cAdvisor names them).
	const cadvisorId = await runContainer(`${GROUP}-cadvisor`, ['--label', cadvisorLabel], ['sleep', '3600']);
	const cadvisorPort = await freePort();
	const bornAt = Date.now() / 1000;
	cadvisor = createServer((_, res) => {
		const t = Date.now() / 1000 - bornAt;
		const labels = `id="/system.slice/docker-${cadvisorId}.scope",image="dockmedic/busybox:local",name="${GROUP}-cadvisor"`;
		res.end(
			[
				`container_memory_working_set_bytes{${labels}} ${Math.round(20 * 1024 * 1024 + t * 65536)}`,
				`container_spec_memory_limit_bytes{${labels}} ${256 * 1024 * 1024}`,
				`container_cpu_usage_seconds_total{${labels}} ${(t * 0.25).toFixed(3)}`,
				`container_start_time_seconds{${labels}} ${Math.floor(bornAt)}`,
				'',
			].join('\n'),
		);
	}).listen(cadvisorPort, '127.0.0.1');
	// A real Prometheus (Debian's), on loopback, scraping the watch every second into a throwaway store.
	const dir = mkdtempSync(path.join(tmpdir(), 'dm-prom-'));
	writeFileSync(
		path.join(dir, 'prometheus.yml'),
		`global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: dockmedic\n    static_configs:\n      - targets: ['127.0.0.1:${metricsPort}']\n  - job_name: cadvisor\n    static_configs:\n      - targets: ['127.0.0.1:${cadvisorPort}']\n`,
	);
	const promPort = await freePort();
	prometheusUrl = `http://127.0.0.1:${promPort}`;
	const prometheus = spawn(
		'prometheus',
		[
			`--config.file=${path.join(dir, 'prometheus.yml')}`,
			`--storage.tsdb.path=${path.join(dir, 'data')}`,
			`--web.listen-address=127.0.0.1:${promPort}`,
		],
		{ stdio: 'ignore' },
	);
	children.push(prometheus);
});

afterAll(async () => {
	session?.kill();
	cadvisor?.close();
	await removeLabelled(cadvisorLabel);
	for (const child of children) child.kill('SIGTERM');
	await removeLabelled(label);
});

/** A PromQL instant query through Prometheus's HTTP API: each series' labels and value. */
async function query(
	promql: string,
	/** Seconds since the epoch to evaluate at; now when absent. */
	at?: number,
): Promise<{ metric: Record<string, string>; value: number }[]> {
	const time = at === undefined ? '' : `&time=${at}`;
	const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}${time}`);
	const body = (await response.json()) as {
		data: { result: { metric: Record<string, string>; value: [number, string] }[] };
	};
	return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

it('is scraped by a real Prometheus: memory, limits and the current finding of each container, queried in PromQL', async () => {
	const cache = `${GROUP}-cache`;
	const limit = await waitFor(
		async () =>
			(await query(`dockmedic_container_memory_limit_bytes{container="${cache}"}`).catch(() => []))[0],
		40_000,
		500,
	);
	// The oracle: the engine's own figures through the docker CLI.
	expect(limit.value).toBe(Number((await docker('inspect', '-f', '{{.HostConfig.Memory}}', cache)).trim()));
	expect(limit.metric).toMatchObject({ job: 'dockmedic', host: expect.any(String) });
	const [cores] = await query(`dockmedic_container_cpu_limit_cores{container="${cache}"}`);
	expect(cores?.value).toBe(
		Number((await docker('inspect', '-f', '{{.HostConfig.NanoCpus}}', cache)).trim()) / 1e9,
	);
	const [memory] = await query(`dockmedic_container_memory_bytes{container="${cache}"}`);
	expect(memory?.value).toBeGreaterThan(0);
	expect(memory?.value).toBeLessThan(limit.value);
	// The watch's diagnosis of the container whose health check fails, as a series with its cause.
	const finding = await waitFor(
		async () => (await query(`dockmedic_container_finding{container="${GROUP}-api"}`))[0],
		40_000,
		500,
	);
	expect(finding.metric.cause).toBe('healthcheck-failing');
	expect(finding.value).toBe(1);
	expect(await query(`dockmedic_container_finding{container="${cache}"}`)).toEqual([]);
	const [health] = await query(`dockmedic_container_health{container="${GROUP}-api"}`);
	expect(health?.metric.state).toBe('unhealthy');
}, 90_000);

/** A size as the pane prints it (formatBytes), in bytes. */
function bytesOf(text: string): number {
	const m = /^([\d.]+)(B|KiB|MiB|GiB)$/.exec(text);
	if (!m) throw new Error(`not a size: ${text}`);
	return Number(m[1]) * 1024 ** ['B', 'KiB', 'MiB', 'GiB'].indexOf(m[2] as string);
}

it('draws hours of history from that Prometheus in the stats pane: a leak named, restarts counted', async () => {
	const leak = `${GROUP}-leak`;
	const loop = `${GROUP}-loop`;
	// Enough history for the 10-minute view's points (one every 9 s at 80 columns): 50 scrapes.
	await waitFor(
		async () =>
			(await query(`count_over_time(dockmedic_container_memory_bytes{container="${leak}"}[10m]) >= 50`))[0],
		90_000,
		1000,
	);
	session = new TmuxSession(uniqueName('history'), { args: ['--prometheus', prometheusUrl] });
	await session.waitForScreen((s) => s.includes(leak));
	await session.openDetails(leak);
	await session.waitForScreen((s) => s.includes('Memory % of limit'));
	const asked = Date.now() / 1000;
	session.type('H');
	const screen = await session.waitForScreen((s) => s.includes('MEM peak'), 20_000);
	const seen = Date.now() / 1000;
	expect(screen).toContain('History, last 10m, a point every 9s');
	expect(screen).toContain('dockmedic watch --metrics series from');
	expect(screen).toMatch(/Memory rose steadily over the window \(\+[\d.]+MiB\/h\): a leak\?/);
	// The peak the pane prints is Prometheus's own maximum of the series as of its read, somewhere between
	// the key and the screen (the leak grows meanwhile; one decimal of rounding either way).
	const shown = bytesOf(/MEM peak (\S+)/.exec(screen)?.[1] ?? '');
	const peakAt = async (at: number) =>
		(await query(`max_over_time(dockmedic_container_memory_bytes{container="${leak}"}[10m])`, at))[0]
			?.value ?? 0;
	expect(shown).toBeGreaterThanOrEqual((await peakAt(asked - 1)) * 0.97);
	expect(shown).toBeLessThanOrEqual((await peakAt(seen + 1)) * 1.03);
	// Esc: back to the live charts, again to the list; the restart loop's history counts its restarts.
	session.keys('Escape');
	await session.waitForScreen((s) => s.includes('Memory % of limit'));
	session.keys('Escape');
	// One key at a time, each after the view it leads to is drawn (a loaded machine is slow to draw).
	await session.waitForScreen((s) => /NAME\s+IMAGE/.test(s) && s.includes('filter "'));
	session.keys('Escape');
	await session.waitForScreen((s) => /NAME\s+IMAGE/.test(s) && !s.includes('filter "'));
	// The loop's series too must be in Prometheus before its history is asked for: between its runs the
	// watcher may not have exported it yet (seen once under load).
	await waitFor(
		async () =>
			(await query(`count_over_time(dockmedic_container_memory_bytes{container="${loop}"}[10m]) >= 2`))[0],
		90_000,
		1000,
	);
	// Every container: between its runs the loop is not running.
	session.type('a');
	await session.openDetails(loop);
	await session.waitForScreen((s) => s.includes('1 Stats'));
	session.type('H');
	// On the figures line (the header says how many containers are restarting).
	const figures = /MEM peak .*?(\d+) restarts?\b/;
	const loopScreen = await session.waitForScreen((s) => figures.test(s), 20_000);
	const restarts = Number(figures.exec(loopScreen)?.[1]);
	// The oracle: the engine's own count, which the window can only be part of.
	const engineCount = Number((await docker('inspect', '-f', '{{.RestartCount}}', loop)).trim());
	expect(restarts).toBeGreaterThanOrEqual(2);
	expect(restarts).toBeLessThanOrEqual(engineCount);
}, 150_000);

it("draws the history from cAdvisor's series when those are what Prometheus has", async () => {
	const name = `${GROUP}-cadvisor`;
	await waitFor(
		async () =>
			(await query(`count_over_time(container_memory_working_set_bytes{name="${name}"}[10m]) >= 20`))[0],
		90_000,
		1000,
	);
	session?.kill();
	session = new TmuxSession(uniqueName('history'), { args: ['--prometheus', prometheusUrl], columns: 120 });
	await session.waitForScreen((s) => s.includes(name));
	await session.openDetails(name);
	await session.waitForScreen((s) => s.includes('Memory % of limit'));
	session.type('H');
	const screen = await session.waitForScreen((s) => s.includes('MEM peak'), 20_000);
	expect(screen).toContain("cAdvisor's series from");
	const [peak] = await query(`max_over_time(container_memory_working_set_bytes{name="${name}"}[10m])`);
	const shown = bytesOf(/MEM peak (\S+)/.exec(screen)?.[1] ?? '');
	expect(shown).toBeGreaterThan((peak?.value ?? 0) * 0.9);
	expect(shown).toBeLessThanOrEqual((peak?.value ?? 0) * 1.05);
	expect(screen).toMatch(/of 256MiB {2}0 restarts/);
	// A quarter of a core, as the counter rises: the peak the rate gives.
	const cpuPeak = Number(/CPU peak ([\d.]+)%/.exec(screen)?.[1]);
	expect(cpuPeak).toBeGreaterThan(20);
	expect(cpuPeak).toBeLessThan(30);
}, 150_000);

/**
 * `dockmedic watch --metrics`: per-container figures and the current findings in Prometheus's text
 * format, with prom-client (it escapes label values and writes the format). Figures are read by the
 * watch's scan and served from memory, so a scrape costs the engine nothing.
 */
import { createServer, type Server } from 'node:http';
import { Gauge, Registry } from 'prom-client';
import { DockmedicError } from '../engine/errors.js';
import type { ContainerDetails } from '../model/container.js';
import type { StatsSample } from '../model/stats.js';

export type ContainerFigures = {
	readonly details: ContainerDetails;
	/** Null for a container that is not running (no stats), or whose stats could not be read. */
	readonly sample: StatsSample | null;
};

function gaugesIn(registry: Registry) {
	const gauge = (name: string, help: string, labelNames = ['host', 'container']) =>
		new Gauge({ name, help, labelNames, registers: [registry] });
	return {
		running: gauge('dockmedic_container_running', '1 while the container runs, 0 otherwise'),
		restarts: gauge('dockmedic_container_restarts', "the engine's RestartCount"),
		oomKilled: gauge('dockmedic_container_oom_killed', '1 when its last run was OOM-killed'),
		health: gauge('dockmedic_container_health', '1 for its health state (healthy, unhealthy, starting)', [
			'host',
			'container',
			'state',
		]),
		cpu: gauge('dockmedic_container_cpu_percent', 'CPU, % of one core (as docker stats)'),
		cpuLimit: gauge('dockmedic_container_cpu_limit_cores', 'its --cpus limit in cores (absent without one)'),
		memory: gauge('dockmedic_container_memory_bytes', 'memory used, page cache excluded (as docker stats)'),
		memoryLimit: gauge(
			'dockmedic_container_memory_limit_bytes',
			'its memory limit (the host memory without one)',
		),
		throttled: gauge(
			'dockmedic_container_cpu_throttled_periods',
			'CFS periods it was throttled in, since it started',
		),
		pids: gauge('dockmedic_container_pids', 'processes and threads'),
	};
}

export class WatchMetrics {
	readonly registry = new Registry();
	private readonly gauges: ReturnType<typeof gaugesIn>;
	private readonly finding: Gauge<string>;
	/** The series each engine's last update set, removed by its next. */
	private readonly series = new Map<string, [Gauge<string>, Record<string, string>][]>();

	constructor() {
		this.gauges = gaugesIn(this.registry);
		this.finding = new Gauge({
			name: 'dockmedic_container_finding',
			help: '1 while the watch has an open alert with this cause',
			labelNames: ['host', 'container', 'cause'],
			registers: [this.registry],
		});
	}

	/** The figures of one engine's watched containers, replacing that engine's previous ones. */
	update(
		host: string,
		figures: readonly ContainerFigures[],
		findings: readonly { container: string; cause: string }[],
	): void {
		// Only this engine's series go: another engine's stay as its last scan left them.
		for (const [gauge, labels] of this.series.get(host) ?? []) gauge.remove(labels);
		const set: [Gauge<string>, Record<string, string>][] = [];
		this.series.set(host, set);
		const put = (gauge: Gauge<string>, labels: Record<string, string>, value: number) => {
			gauge.set(labels, value);
			set.push([gauge, labels]);
		};
		const g = this.gauges;
		for (const { details: d, sample } of figures) {
			const labels = { host, container: d.name };
			put(g.running, labels, d.state === 'running' ? 1 : 0);
			put(g.restarts, labels, d.restartCount);
			put(g.oomKilled, labels, d.oomKilled ? 1 : 0);
			if (d.health) put(g.health, { ...labels, state: d.health }, 1);
			const cpus = d.hostConfig.nanoCpus ? d.hostConfig.nanoCpus / 1e9 : 0;
			if (cpus) put(g.cpuLimit, labels, cpus);
			if (!sample) continue;
			put(g.cpu, labels, sample.cpuPercent);
			put(g.memory, labels, sample.memoryUsageBytes);
			put(g.memoryLimit, labels, sample.memoryLimitBytes);
			put(g.throttled, labels, sample.throttledPeriods);
			put(g.pids, labels, sample.pids);
		}
		for (const f of findings) put(this.finding, { host, container: f.container, cause: f.cause }, 1);
	}

	/** Serves GET /metrics on HOST:PORT (or :PORT, all interfaces); resolves once listening. */
	async serve(address: string, signal: AbortSignal): Promise<Server> {
		const m = /^(?:(.*):)?(\d{1,5})$/.exec(address);
		if (!m) throw new DockmedicError(`--metrics expects HOST:PORT or :PORT, got "${address}".`);
		const server = createServer((req, res) => {
			if (req.url?.split('?')[0] !== '/metrics') {
				res.writeHead(404).end('dockmedic watch serves /metrics\n');
				return;
			}
			this.registry.metrics().then(
				(text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
				(error: Error) => res.writeHead(500).end(`${error.message}\n`),
			);
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', (error: NodeJS.ErrnoException) =>
				reject(
					new DockmedicError(`--metrics cannot listen on ${address}: ${error.code ?? error.message}.`, {
						exitCode: 2,
					}),
				),
			);
			// [::1]:9323 listens on ::1.
			server.listen(Number(m[2]), m[1]?.replace(/^\[(.*)\]$/, '$1') || undefined, resolve);
		});
		// Past the start, a server error is said and the watch goes on.
		server.on('error', (error) => process.stderr.write(`dockmedic watch: metrics: ${error.message}\n`));
		signal.addEventListener('abort', () => server.close());
		return server;
	}
}

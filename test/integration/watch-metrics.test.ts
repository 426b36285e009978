import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName, waitFor } from '../helpers/docker.js';
import { freePort } from '../helpers/ports.js';

const GROUP = uniqueName('metrics');
const label = `${TEST_LABEL}.group=${GROUP}`;
const children: ChildProcess[] = [];
let prometheusUrl = '';
let metricsPort = 0;

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
	// A real Prometheus (Debian's), on loopback, scraping the watch every second into a throwaway store.
	const dir = mkdtempSync(path.join(tmpdir(), 'dm-prom-'));
	writeFileSync(
		path.join(dir, 'prometheus.yml'),
		`global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: dockmedic\n    static_configs:\n      - targets: ['127.0.0.1:${metricsPort}']\n`,
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
	for (const child of children) child.kill('SIGTERM');
	await removeLabelled(label);
});

/** A PromQL instant query through Prometheus's HTTP API: each series' labels and value. */
async function query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]> {
	const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
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

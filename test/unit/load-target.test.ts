import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../../src/model/container.js';
import { comparedWith, type LoadFigures, latencySummary, percentile } from '../../src/model/load-result.js';
import { engineIsLocal, inSubnet, loadTarget } from '../../src/model/load-target.js';

function web(over: Partial<ContainerDetails> = {}, hostConfig: Partial<ContainerDetails['hostConfig']> = {}) {
	return {
		id: 'abc',
		name: 'web',
		image: 'img',
		state: 'running',
		status: 'Up',
		health: null,
		createdAt: '',
		ports: [],
		labels: {},
		config: { exposedPorts: [] } as unknown as ContainerDetails['config'],
		hostConfig: { networkMode: 'bridge', portBindings: {}, ...hostConfig } as ContainerDetails['hostConfig'],
		networks: [{ name: 'shop', ipAddress: '172.18.0.5', gateway: '', aliases: [], networkId: 'n' }],
		...over,
	} as ContainerDetails;
}
const local = { kind: 'unix' } as const;
const path = '/';
/** This machine's networks: a bridge the test containers' addresses are on. */
const SUBNETS = ['172.18.0.1/16', '127.0.0.1/8'];

describe('where a load run may go', () => {
	it('uses a port published on every address through loopback, with the host port it got (-p 80)', () => {
		// Published without a host port: HostConfig has none, the bound ports have the one the engine chose.
		const details = web(
			{
				ports: [
					{ privatePort: 80, type: 'tcp', publicPort: 8081, ip: '::' },
					{ privatePort: 80, type: 'tcp', publicPort: 8081, ip: '0.0.0.0' },
				],
			},
			{ portBindings: { '80/tcp': [{ hostIp: '', hostPort: '' }] } },
		);
		expect(loadTarget(details, local, { path: '/health' }, [], SUBNETS)).toMatchObject({
			url: 'http://127.0.0.1:8081/health',
			containerPort: 80,
			via: 'published port',
		});
	});

	it("reaches an unpublished port at the container's address, and a host-network one on loopback", () => {
		expect(loadTarget(web(), local, { port: 9000, path }, [], SUBNETS)).toMatchObject({
			url: 'http://172.18.0.5:9000/',
			via: 'container address',
		});
		expect(
			loadTarget(web({}, { networkMode: 'host' }), local, { port: 9000, path }, [], SUBNETS),
		).toMatchObject({
			url: 'http://127.0.0.1:9000/',
			via: 'host network',
		});
	});

	it('refuses what is not this machine', () => {
		const remote = { kind: 'tcp', host: '10.0.0.9', url: 'tcp://10.0.0.9:2376' } as const;
		expect(loadTarget(web(), remote, { port: 80, path }, [], SUBNETS)).toEqual({
			refused: expect.stringContaining('tcp://10.0.0.9:2376 is on another machine'),
		});
		expect(engineIsLocal(remote, ['10.0.0.9'])).toBe(true);
		expect(engineIsLocal({ kind: 'tcp', host: '127.0.0.1', url: '' }, [])).toBe(true);
		expect(engineIsLocal({ kind: 'ssh', host: 'localhost', url: '' }, [])).toBe(false);
		const foreign = web({ ports: [{ privatePort: 80, type: 'tcp', publicPort: 80, ip: '192.0.2.7' }] });
		expect(loadTarget(foreign, local, { port: 80, path }, ['10.1.1.1'], SUBNETS)).toEqual({
			refused: 'web publishes 80 on 192.0.2.7, which is not an address of this machine.',
		});
		expect(loadTarget(foreign, local, { port: 80, path }, ['192.0.2.7'], SUBNETS)).toMatchObject({
			url: 'http://192.0.2.7:80/',
		});
	});

	it("refuses a container address on no network of this machine (a VM's engine, a forwarded socket)", () => {
		expect(loadTarget(web(), local, { port: 9000, path }, [], ['192.168.1.10/24'])).toEqual({
			refused: expect.stringContaining('address 172.18.0.5 is on no network of this machine'),
		});
		expect(inSubnet('172.18.0.5', '172.18.0.1/16')).toBe(true);
		expect(inSubnet('172.19.0.5', '172.18.0.1/16')).toBe(false);
		expect(inSubnet('10.1.2.3', '0.0.0.0/0')).toBe(true);
		expect(inSubnet('fe80::1', 'fe80::1/64')).toBe(false);
	});

	it('says what is missing: a running container, a port, a network', () => {
		expect(loadTarget(web({ state: 'exited' }), local, { path }, [], SUBNETS)).toEqual({
			refused: 'web is exited: a load run needs it running.',
		});
		expect(loadTarget(web(), local, { path }, [], SUBNETS)).toEqual({
			refused: expect.stringContaining('--port'),
		});
		expect(
			loadTarget(web({ networks: [] }, { networkMode: 'none' }), local, { port: 80, path }, [], SUBNETS),
		).toEqual({
			refused: expect.stringContaining('network mode none'),
		});
		expect(loadTarget(web(), local, { port: 80, path: 'x' }, [], SUBNETS)).toEqual({
			refused: '--path must start with /, got "x".',
		});
	});

	it('takes an exposed port when none is published', () => {
		const details = web({
			config: { exposedPorts: ['53/udp', '5432/tcp'] } as unknown as ContainerDetails['config'],
		});
		expect(loadTarget(details, local, { path }, [], SUBNETS)).toMatchObject({ containerPort: 5432 });
	});
});

describe('load figures', () => {
	it('takes nearest-rank percentiles', () => {
		const values = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(values, 50)).toBe(50);
		expect(percentile(values, 95)).toBe(95);
		expect(percentile([], 95)).toBe(0);
		expect(latencySummary([5, 1, 3, 2, 4])).toEqual({ p50: 3, p95: 5, p99: 5, max: 5 });
	});

	it('shows a run against the one before it', () => {
		const run = (rps: number, p95: number) =>
			({ requestsPerSecond: rps, latencyMs: { p50: 1, p95, p99: 1, max: 1 }, startedAt: 0 }) as LoadFigures;
		const c = comparedWith(run(1500, 5), run(1000, 10));
		expect(c.throughput).toBe(1.5);
		expect(c.p95).toBe(0.5);
		expect(c.line).toBe(
			'Against the run of 1970-01-01T00:00:00Z: 1000 → 1500 req/s (1.50x), p95 10 → 5 ms (0.50x)',
		);
	});
});

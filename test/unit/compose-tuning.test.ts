import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { applyTuningToCompose } from '../../src/model/compose-tuning.js';
import type { StatsSample } from '../../src/model/stats.js';
import { type CurrentLimits, type Tuning, tuningOf } from '../../src/model/tuning.js';
import { composeTuningLines } from '../../src/model/tuning-text.js';
import { statsSample } from '../helpers/samples.js';

const MiB = 1024 * 1024;
const T0 = Date.UTC(2025, 0, 1);

const sample = (i: number, over: Partial<StatsSample>): StatsSample => statsSample(T0 + i * 10_000, over);

/** Advice for the throttled busy loop of the tuning tests, under the limits given. */
const advice = (limits: Partial<CurrentLimits>, use: Partial<StatsSample> = {}): Tuning =>
	tuningOf({
		container: 'shop-api-1',
		samples: Array.from({ length: 61 }, (_, i) =>
			sample(i, { cpuPercent: 10, throttledRatio: 0.9, memoryUsageBytes: 50 * MiB, pids: 1, ...use }),
		),
		limits: {
			nanoCpus: 0.1e9,
			cpuQuota: 0,
			cpuPeriod: 0,
			memoryBytes: 32 * MiB,
			memorySwapBytes: 64 * MiB,
			pidsLimit: null,
			restartPolicy: 'no',
			...limits,
		},
		oomKilled: false,
		restartCount: 0,
		hostCpus: 2,
		hostMemoryBytes: 4096 * MiB,
	});

// cpus 1.25, memory 96 MiB (max(50 × 1.3, 50 + 32) = 82, rounded up), pids 64, unless-stopped.
const tuning = advice({});

const service = (text: string, name = 'api') =>
	parseDocument(text).getIn(['services', name]) as { toJSON(): Record<string, unknown> };

describe('the Compose lines of the advice', () => {
	it('names the service and each key as Compose spells it', () => {
		expect(composeTuningLines('api', tuning)).toEqual([
			'services:',
			'  api:',
			'    cpus: "1.25"',
			'    mem_limit: 96m',
			'    memswap_limit: 96m',
			'    pids_limit: 64',
			'    restart: unless-stopped',
		]);
		expect(composeTuningLines('api', { ...tuning, update: null })).toEqual([]);
		expect(composeTuningLines('my api', tuning)[1]).toBe('  "my api":');
	});
});

describe('the advice written into a Compose file', () => {
	const file = `# Shop, local stack
name: shop

services:
  api: # the backend
    image: shop/api:1.4   # pinned until the 1.5 migration
    cpus: 0.1 # from the load test
    mem_limit: 32m
    environment:
      - LOG_LEVEL=info   # keep quiet
    command: ["node", "server.js"]

  # the database, no limits yet
  db:
    image: postgres:16
volumes:
  data: {}
`;

	it('changes the keys in place, adds the missing ones after the last, and keeps every comment', () => {
		const { text, changed } = applyTuningToCompose(file, 'api', tuning);
		expect(text).toBe(`# Shop, local stack
name: shop

services:
  api: # the backend
    image: shop/api:1.4   # pinned until the 1.5 migration
    cpus: 1.25 # from the load test
    mem_limit: 96m
    environment:
      - LOG_LEVEL=info   # keep quiet
    command: ["node", "server.js"]
    memswap_limit: 96m
    pids_limit: 64
    restart: unless-stopped

  # the database, no limits yet
  db:
    image: postgres:16
volumes:
  data: {}
`);
		expect(changed).toEqual([
			'cpus: "1.25"',
			'mem_limit: 96m',
			'memswap_limit: 96m',
			'pids_limit: 64',
			'restart: unless-stopped',
		]);
		expect(text.match(/cpus:/g)).toHaveLength(1);
		expect(text.match(/mem_limit:/g)).toHaveLength(1);
	});

	it('changes nothing the second time', () => {
		const once = applyTuningToCompose(file, 'api', tuning).text;
		expect(applyTuningToCompose(once, 'api', tuning)).toEqual({ text: once, changed: [] });
	});

	it('changes limits under deploy.resources.limits there, and adds the missing ones beside them', () => {
		const deployFile = `services:
    api:
        image: shop/api:1.4
        deploy:
            resources:
                limits:
                    cpus: '0.1'   # too low?
                    memory: 32M
            restart_policy:
                condition: on-failure
`;
		const { text } = applyTuningToCompose(deployFile, 'api', tuning);
		expect(text).toBe(`services:
    api:
        image: shop/api:1.4
        deploy:
            resources:
                limits:
                    cpus: '1.25'   # too low?
                    memory: 96m
                    pids: 64
            restart_policy:
                condition: on-failure
        memswap_limit: 96m
        restart: unless-stopped
`);
		const api = service(text).toJSON();
		expect(api).not.toHaveProperty('cpus');
		expect(api).not.toHaveProperty('mem_limit');
		expect(api).not.toHaveProperty('pids_limit');
	});

	it('writes into a flow mapping of limits', () => {
		const flow = `services:
  api: {image: shop/api, deploy: {resources: {limits: {cpus: "0.1"}}}}
`;
		const { text } = applyTuningToCompose(flow, 'api', tuning);
		expect(service(text).toJSON()).toEqual({
			image: 'shop/api',
			deploy: { resources: { limits: { cpus: '1.25', memory: '96m', pids: 64 } } },
			memswap_limit: '96m',
			restart: 'unless-stopped',
		});
	});

	it('changes a CPU quota as a quota, and leaves unlimited swap unlimited', () => {
		// 0.2 CPUs as a quota, throttled at it: 1.25 CPUs are 62 500 µs of each 50 000 µs period.
		const quota = advice(
			{ nanoCpus: 0, cpuQuota: 10_000, cpuPeriod: 50_000, memorySwapBytes: -1 },
			{ cpuPercent: 20 },
		);
		const { text } = applyTuningToCompose(
			`services:
  api:
    image: shop/api
    cpu_period: 50000
    cpu_quota: 10000
    memswap_limit: -1
`,
			'api',
			quota,
		);
		expect(service(text).toJSON()).toMatchObject({ cpu_quota: 62_500, memswap_limit: -1, mem_limit: '96m' });
		expect(service(text).toJSON()).not.toHaveProperty('cpus');
	});

	it('adds keys after comments that belong to the last value, and sets a key written without a value', () => {
		const { text } = applyTuningToCompose(
			`services:
  api: # the backend
    image: shop/api
    restart:   # decide later
    pids_limit:
    environment:
      A: 1
      # B: 2
  db:
    image: postgres
`,
			'api',
			tuning,
		);
		expect(text).toContain('  api: # the backend\n');
		expect(text).toContain('    restart:   unless-stopped # decide later\n    pids_limit: 64\n');
		expect(text).toContain('      # B: 2\n    cpus: "1.25"\n');
		expect(service(text).toJSON()).toMatchObject({ restart: 'unless-stopped', environment: { A: 1 } });
		expect(service(text, 'db').toJSON()).toEqual({ image: 'postgres' });
	});

	it('rewrites the document when a key is written in a form it cannot edit in place', () => {
		const { text, changed } = applyTuningToCompose(
			`services:
  api:
    image: shop/api # pinned
    restart: >-
      no
`,
			'api',
			tuning,
		);
		expect(changed).toContain('restart: unless-stopped');
		expect(text).toContain('image: shop/api # pinned');
		expect(service(text).toJSON()).toMatchObject({ restart: 'unless-stopped', cpus: '1.25' });
	});

	it('refuses to change limits that a YAML anchor shares with other services', () => {
		const shared = `x-deploy: &deploy
  resources:
    limits:
      cpus: '0.1'
services:
  api:
    image: shop/api
    deploy: *deploy
`;
		expect(() => applyTuningToCompose(shared, 'api', tuning)).toThrow('YAML anchor');
	});

	it('names the service it cannot find', () => {
		expect(() => applyTuningToCompose(file, 'worker', tuning)).toThrow(
			'The Compose file has no service "worker".',
		);
		expect(() => applyTuningToCompose('name: shop\n', 'api', tuning)).toThrow('no service "api"');
		expect(() => applyTuningToCompose('services: [oops\n', 'api', tuning)).toThrow('not valid YAML');
	});
});

describe('a service that merges settings from an anchor', () => {
	it('is refused: its limits may come from the merged map', () => {
		const text = `x-defaults: &defaults
  deploy:
    resources:
      limits:
        memory: 256m
services:
  api:
    <<: *defaults
    image: api
`;
		expect(() => applyTuningToCompose(text, 'api', advice({ nanoCpus: 0.1e9 }))).toThrow(
			/merges settings from a YAML anchor/,
		);
	});
});

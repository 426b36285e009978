import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabPack } from '../../src/lab/pack.js';
import type { LabContext } from '../../src/lab/scenario.js';
import { scenarios, shippedLabErrors } from '../../src/lab/scenarios/index.js';
import { formatError } from '../../src/playbooks/loader.js';
import { ROOT } from '../helpers/cli.js';

const ctx: LabContext = {
	engine: null as never,
	image: 'dockmedic/busybox:local',
	nodeImage: 'dockmedic/node:local',
	labels: { 'dockmedic.lab': 'cache-wrong-port' },
	dir: (n) => `/labs/cache-wrong-port/${n}`,
};

const GOOD = `id: cache-wrong-port
title: The cart forgets every basket
difficulty: easy
cause: port-not-listening
story: Baskets vanish between pages.
hints: [Which port does the cache listen on?]
target: cart-api
networks: [cart-net]
dirs:
  - { name: conf, uid: 1000, gid: 1000, mode: "0750", files: { cache.conf: "port 6380\\n" } }
containers:
  - name: cart-cache
    network: cart-net
    command: [httpd, -f, -p, "6380"]
    binds: [{ dir: conf, target: /etc/cache, readOnly: true }]
    memory: 64m
  - name: cart-api
    image: node
    network: cart-net
    env: { CACHE_HOST: cart-cache, CACHE_PORT: 6379 }
    command: echo start; sleep 600
fix:
  - "docker rm -f cart-api   # conf in \${dir:conf}"
verify:
  - reaches: { container: cart-api, host: cart-cache, port: 6380 }
`;

describe('lab packs: labs as YAML', () => {
	it('become labs the runner takes: images, folders, variables, limits and fix filled in', () => {
		const { scenario, errors } = parseLabPack(GOOD, 'cart.yaml');
		expect(errors).toEqual([]);
		if (!scenario) throw new Error('no scenario');
		expect(scenario).toMatchObject({ id: 'cache-wrong-port', cause: 'port-not-listening', runtime: 'node' });
		expect(scenario.dirs).toEqual([
			{ name: 'conf', uid: 1000, gid: 1000, mode: 0o750, files: { 'cache.conf': 'port 6380\n' } },
		]);
		const [cache, api] = scenario.containers(ctx);
		expect(cache).toMatchObject({
			image: 'dockmedic/busybox:local',
			labels: ctx.labels,
			binds: [{ source: '/labs/cache-wrong-port/conf', target: '/etc/cache', readOnly: true }],
			memoryBytes: 64 * 1024 * 1024,
		});
		expect(api).toMatchObject({
			image: 'dockmedic/node:local',
			env: { CACHE_HOST: 'cart-cache', CACHE_PORT: '6379' },
			command: ['sh', '-c', 'echo start; sleep 600'],
		});
		expect(scenario.fix(ctx)).toEqual(['docker rm -f cart-api   # conf in /labs/cache-wrong-port/conf']);
	});

	it('that are malformed are refused with file, line and field', () => {
		const problems = (text: string) => parseLabPack(text, 'labs/bad.yaml').errors.map(formatError);
		expect(problems(GOOD.replace('cause: port-not-listening', 'cause: gremlins'))).toEqual([
			'labs/bad.yaml:4: cause: not a cause of docs/causes.md',
		]);
		expect(
			problems(GOOD.replace('    network: cart-net\n    env', '    network: cart-nett\n    env')),
		).toEqual(['labs/bad.yaml:19: containers.1.network: network cart-nett is not in networks']);
		expect(problems(GOOD.replace('{ dir: conf,', '{ dir: config,'))).toEqual([
			'labs/bad.yaml:15: containers.0.binds.0.dir: no folder named config in dirs',
		]);
		expect(problems(GOOD.replace('target: cart-api', 'target: cart-web'))).toEqual([
			'labs/bad.yaml:7: target: no container named cart-web in containers',
		]);
		expect(problems(GOOD.replace('    memory: 64m', '    memory: lots'))[0]).toMatch(
			/^labs\/bad\.yaml:16: containers\.0\.memory: /,
		);
		expect(problems(GOOD.replace('  - reaches:', '  - pings:'))).toEqual([
			'labs/bad.yaml:25: verify.0: a check: one of reaches, reachesConfigured, runsSteadily, canWrite, healthy, logsShow, answersOnHostPort, with its fields',
		]);
		expect(problems(`${GOOD}  image: ubuntu\n`)[0]).toMatch(/^labs\/bad\.yaml:\d+: /);
		expect(problems('id: [unclosed')[0]).toMatch(/^labs\/bad\.yaml:1: YAML: /);
	});

	it('load as docs/labs.md writes them', () => {
		const doc = readFileSync(path.join(ROOT, 'docs', 'labs.md'), 'utf8');
		const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
		const { scenario, errors } = parseLabPack(example, 'docs/labs.md');
		expect(errors).toEqual([]);
		expect(scenario?.fix(ctx)[0]).toBe(
			"printf 'port 6379\\n' > /labs/cache-wrong-port/conf/cache.conf   # quote a line with # in it: YAML starts a comment",
		);
	});

	it('ship with dockmedic in labs/ and all load', () => {
		expect(shippedLabErrors).toEqual([]);
		expect(scenarios.map((s) => s.id)).toEqual(
			expect.arrayContaining(['db-stopped', 'uploads-owned-by-root']),
		);
	});
});

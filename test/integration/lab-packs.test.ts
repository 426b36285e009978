import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, waitFor } from '../helpers/docker.js';
import { lab } from '../helpers/labs.js';

const run = promisify(execFile);
const PACKS = mkdtempSync(path.join(os.tmpdir(), 'dockmedic-packs-'));

/** A teacher's lab, in YAML, written to a folder of its own: the cache moved to another port. */
writeFileSync(
	path.join(PACKS, 'cart.yaml'),
	`id: pack-cart-cache-port
title: The cart forgets every basket
difficulty: easy
cause: port-not-listening
story: Baskets vanish between pages since the cache was upgraded.
hints: [Which port does pack-cart-cache listen on now?]
target: pack-cart-api
networks: [pack-cart-net]
dirs:
  - { name: conf, uid: 1000, gid: 1000, mode: "0755", files: { cache.conf: "port 6380\\n" } }
containers:
  - name: pack-cart-cache
    network: pack-cart-net
    binds: [{ dir: conf, target: /etc/cache, readOnly: true }]
    command: exec httpd -f -p "$(sed -n 's/^port //p' /etc/cache/cache.conf)"
  - name: pack-cart-api
    network: pack-cart-net
    env: { CACHE_HOST: pack-cart-cache, CACHE_PORT: 6379 }
    command: while true; do nc -w 2 "$CACHE_HOST" "$CACHE_PORT" </dev/null || echo "cache unreachable" >&2; sleep 3; done
fix:
  - "printf 'port 6379\\\\n' > \${dir:conf}/cache.conf   # back to the port the app uses"
  - docker restart pack-cart-cache
verify:
  - reaches: { container: pack-cart-api, host: pack-cart-cache, port: 6379 }
  - runsSteadily: { container: pack-cart-cache, seconds: 1 }
`,
);
writeFileSync(
	path.join(PACKS, 'broken.yaml'),
	'id: pack-broken\ntitle: x\ndifficulty: easy\ncause: gremlins\n',
);

afterAll(async () => {
	await lab('--labs', PACKS, 'reset', 'pack-cart-cache-port');
});

describe('a lab pack from a folder', () => {
	it('loads beside the built-in labs, starts, fails verify, is fixed by its documented fix, verifies and resets to nothing', async () => {
		const list = await lab('--labs', PACKS, 'list', '--format', 'json');
		expect(JSON.parse(list.stdout).map((l: { id: string }) => l.id)).toEqual(
			expect.arrayContaining(['db-stopped', 'pack-cart-cache-port']),
		);
		// The broken file is named, with its line and field, and the rest still works.
		expect(list.stderr).toMatch(/broken\.yaml:4: cause: not a cause of docs\/causes\.md/);

		const started = await lab('--labs', PACKS, 'start', 'pack-cart-cache-port');
		expect(started.code, started.stderr).toBe(0);
		expect(started.stdout).toContain('Container to look at: pack-cart-api');
		expect((await docker('inspect', '-f', '{{.State.Status}}', 'pack-cart-cache')).trim()).toBe('running');
		const before = await lab('--labs', PACKS, 'verify', 'pack-cart-cache-port');
		expect(before.code).toBe(1);
		expect(before.stdout).toMatch(/^NOT FIXED YET: pack-cart-api cannot reach pack-cart-cache:6379/);

		const solution = await lab('--labs', PACKS, 'solution', 'pack-cart-cache-port');
		for (const line of solution.stdout.split('\n').filter((l) => l.startsWith('  ')))
			await run('sh', ['-c', line.trim()]);
		const after = await waitFor(async () => {
			const r = await lab('--labs', PACKS, 'verify', 'pack-cart-cache-port');
			return r.code === 0 ? r : undefined;
		}, 15_000);
		expect(after.stdout).toMatch(
			/^FIXED: pack-cart-api reaches pack-cart-cache:6379; pack-cart-cache has been running/,
		);

		await lab('--labs', PACKS, 'reset', 'pack-cart-cache-port');
		expect((await docker('ps', '-aq', '--filter', 'label=dockmedic.lab=pack-cart-cache-port')).trim()).toBe(
			'',
		);
		expect(
			(await docker('network', 'ls', '-q', '--filter', 'label=dockmedic.lab=pack-cart-cache-port')).trim(),
		).toBe('');
	});

	it('is checked by lab validate: file, line and field of each problem, exit 1', async () => {
		const result = await lab('--labs', PACKS, 'validate');
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/broken\.yaml:4: cause: not a cause of docs\/causes\.md/);
		expect(result.stdout).toMatch(/broken\.yaml:\d+: story: /);
	});
});

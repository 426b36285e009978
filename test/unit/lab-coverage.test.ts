import { describe, expect, it } from 'vitest';
import { networkName } from '../../src/lab/scenario.js';
import { scenarios } from '../../src/lab/scenarios/index.js';
import { CAUSES, type CauseId } from '../../src/model/causes.js';

describe('labs', () => {
	it('prove every cause of the shared vocabulary on a real container: a cause without a lab fails here', () => {
		const proven = new Set(scenarios.map((s) => s.cause));
		expect((Object.keys(CAUSES) as CauseId[]).filter((c) => !proven.has(c))).toEqual([]);
	});

	it('have unique ids and targets, and do not share container or network names', () => {
		const ids = scenarios.map((s) => s.id);
		expect(new Set(ids).size).toBe(ids.length);
		const targets = scenarios.map((s) => s.target);
		expect(new Set(targets).size).toBe(targets.length);
		const networks = scenarios.flatMap((s) => (s.networks ?? []).map(networkName));
		expect(new Set(networks).size).toBe(networks.length);
		// All labs can run at once on one engine (the all-labs test does).
		const ctx = {
			engine: null as never,
			image: 'img',
			nodeImage: 'node-img',
			labels: {},
			dir: (n: string) => `/labs/${n}`,
		};
		const names = scenarios.flatMap((s) => [
			...s.containers(ctx).map((c) => c.name),
			// A Compose lab's containers are named in its file (container_name).
			...[...(s.compose?.(ctx).file ?? '').matchAll(/container_name: (\S+)/g)].map((m) => m[1] ?? ''),
		]);
		expect(names).toEqual(expect.arrayContaining(['shop-web', 'fulfil-api']));
		expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
	});
});

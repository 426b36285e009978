import { describe, expect, it } from 'vitest';
import { examProgress, formatElapsed, pickExamLab } from '../../src/lab/exam.js';
import {
	exclusiveResource,
	objectNames,
	prefixScenario,
	renamer,
	validPrefix,
} from '../../src/lab/prefix.js';
import type { LabContext } from '../../src/lab/scenario.js';
import { scenarios } from '../../src/lab/scenarios/index.js';
import { CAUSES } from '../../src/model/causes.js';

const byId = (id: string) => {
	const found = scenarios.find((s) => s.id === id);
	if (!found) throw new Error(id);
	return found;
};
const ctx: LabContext = {
	engine: null as never,
	image: 'img',
	nodeImage: 'node-img',
	labels: { 'dockmedic.lab': 'x' },
	dir: (n) => `/labs/x/${n}`,
};

describe('exam: a seeded random lab, scored by hints', () => {
	it('picks the same lab for the same seed, and only from the category asked', () => {
		expect(pickExamLab(scenarios, 42, null)?.id).toBe(pickExamLab(scenarios, 42, null)?.id);
		const picks = new Set(Array.from({ length: 40 }, (_, seed) => pickExamLab(scenarios, seed, null)?.id));
		expect(picks.size).toBeGreaterThan(10);
		for (let seed = 0; seed < 30; seed++)
			expect(pickExamLab(scenarios, seed, 'storage')?.cause).toSatisfy(
				(c: keyof typeof CAUSES) => CAUSES[c] === 'storage',
			);
	});

	it('stops the clock when solved, and takes 20 points a hint', () => {
		const state = {
			lab: 'db-stopped',
			seed: 1,
			category: null,
			startedAt: '2026-12-01T10:00:00.000Z',
			hintsUsed: 2,
			solvedAt: null,
		};
		const running = examProgress(state, 'billing-api', Date.parse('2026-12-01T10:03:05Z'));
		expect(running).toMatchObject({ elapsedS: 185, solved: false, score: 0 });
		const solved = examProgress(
			{ ...state, solvedAt: '2026-12-01T10:04:00.000Z' },
			'billing-api',
			Date.parse('2026-12-01T11:00:00Z'),
		);
		expect(solved).toMatchObject({ elapsedS: 240, solved: true, score: 60 });
		expect(examProgress({ ...state, hintsUsed: 9, solvedAt: state.startedAt }, 't').score).toBe(0);
		expect(formatElapsed(185)).toBe('3 min 05 s');
	});
});

describe('prefix: one lab for several students on one engine', () => {
	it('renames whole names only, wherever the lab writes them', () => {
		const rename = renamer(['billing-db', 'billing-api'], 'alice');
		expect(rename('nc -w 2 billing-db 5432')).toBe('nc -w 2 alice-billing-db 5432');
		expect(rename('postgres://u@billing-db:5432/x')).toBe('postgres://u@alice-billing-db:5432/x');
		expect(rename('billing-db-1 old-billing-db billing-dbx')).toBe('billing-db-1 old-billing-db billing-dbx');
	});

	it("gives every container, network, variable and fix line the student's names, and keeps images, labels and host folders", () => {
		const lab = prefixScenario(byId('db-stopped'), 'alice');
		const containers = lab.containers(ctx);
		expect(containers.map((c) => c.name)).toEqual(['alice-billing-db', 'alice-billing-api']);
		expect(containers.every((c) => c.network === 'alice-billing-net' && c.image === 'img')).toBe(true);
		expect(containers[1]?.env?.DB_HOST).toBe('alice-billing-db');
		expect(containers[0]?.labels).toEqual(ctx.labels);
		expect(lab.networks).toEqual(['alice-billing-net']);
		expect(lab.target).toBe('alice-billing-api');
		expect(lab.fix(ctx)).toEqual(['docker start alice-billing-db']);
		expect(objectNames(byId('db-stopped')).sort()).toEqual(['billing-api', 'billing-db', 'billing-net']);
		// Without a prefix, the lab as written.
		expect(prefixScenario(byId('db-stopped'), undefined)).toBe(byId('db-stopped'));
	});

	it('names what one engine can give only once, so that such a lab runs for one student at a time', () => {
		expect(exclusiveResource(byId('db-stopped'))).toBeNull();
		expect(exclusiveResource(byId('catalog-not-published'))).toBe('host port 18650 (once fixed)');
		expect(exclusiveResource(byId('metrics-host-gateway'))).toMatch(/host's network/);
		expect(exclusiveResource(byId('treasury-dns-typo'))).toMatch(/10\.213\.77\./);
		expect(exclusiveResource(byId('shop-db-never-healthy'))).toMatch(/Compose project/);
	});

	it('accepts only a prefix that can be part of a container name', () => {
		expect(validPrefix('alice-2')).toBe('alice-2');
		for (const bad of ['', 'Alice', '-x', 'a b', 'x'.repeat(30), 'a/b'])
			expect(() => validPrefix(bad)).toThrow(/cannot prefix/);
	});
});

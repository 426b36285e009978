import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pickExamLab } from '../../src/lab/exam.js';
import { exclusiveResource, prefixScenario } from '../../src/lab/prefix.js';
import { scenarios } from '../../src/lab/scenarios/index.js';
import { dockmedic } from '../helpers/cli.js';
import { docker, waitFor } from '../helpers/docker.js';
import { LAB_DIR, lab, labEnv } from '../helpers/labs.js';
import { TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);

/** A class on one engine: prefixes keep students apart; an exam hides the lab and scores it. */
const names = async (id: string) =>
	(await docker('ps', '-a', '--filter', `label=dockmedic.lab=${id}`, '--format', '{{.Names}}'))
		.split('\n')
		.filter(Boolean)
		.sort();

async function applyFix(id: string, prefix: string): Promise<void> {
	const { stdout } = await lab('--prefix', prefix, 'solution', id);
	for (const line of stdout.split('\n').filter((l) => l.startsWith('  ')))
		await run('sh', ['-c', line.trim()]);
}

afterAll(async () => {
	for (const prefix of ['alice', 'bob', 'exam-class']) await lab('--prefix', prefix, 'reset');
});

describe('lab --prefix', () => {
	it('runs the same lab for two students at once, each fixed, verified and reset without touching the other', async () => {
		for (const prefix of ['alice', 'bob']) {
			const started = await lab('start', 'db-stopped', '--prefix', prefix);
			expect(started.code, started.stderr).toBe(0);
			expect(started.stdout).toContain(`Container to look at: ${prefix}-billing-api`);
		}
		const mine = (await names('db-stopped')).filter((n) => /^(alice|bob)-/.test(n));
		expect(mine).toEqual(['alice-billing-api', 'alice-billing-db', 'bob-billing-api', 'bob-billing-db']);
		expect(await docker('inspect', '-f', '{{.HostConfig.NetworkMode}}', 'bob-billing-api')).toContain(
			'bob-billing-net',
		);
		// The student's container is diagnosed by its own names.
		const diagnosis = await dockmedic(['diagnose', 'alice-billing-api', '--format', 'json']);
		expect(JSON.parse(diagnosis.stdout).cause.id).toBe('target-not-running');

		await applyFix('db-stopped', 'alice');
		const alice = await waitFor(async () => {
			const r = await lab('verify', 'db-stopped', '--prefix', 'alice');
			return r.code === 0 ? r : undefined;
		}, 15_000);
		expect(alice.stdout).toMatch(/^FIXED: alice-billing-api reaches alice-billing-db:5432/);
		const bob = await lab('verify', 'db-stopped', '--prefix', 'bob');
		expect(bob.code).toBe(1);
		expect(bob.stdout).toMatch(/bob-billing-db/);

		// Each reset removes its own objects only: alice's, then (carol's) none, then bob's.
		await lab('reset', 'db-stopped', '--prefix', 'alice');
		expect((await names('db-stopped')).filter((n) => /^(alice|bob)-/.test(n))).toEqual([
			'bob-billing-api',
			'bob-billing-db',
		]);
		// A prefix with nothing of its own removes nothing (an unprefixed reset of every lab is not tried
		// here: the other lab tests run theirs on this engine meanwhile).
		await lab('reset', '--prefix', 'carol');
		expect((await names('db-stopped')).filter((n) => n.startsWith('bob-'))).toHaveLength(2);
		await lab('reset', '--prefix', 'bob');
		expect((await names('db-stopped')).filter((n) => /^(alice|bob)-/.test(n))).toEqual([]);
		expect(
			(
				await docker('network', 'ls', '--filter', 'label=dockmedic.lab.prefix', '--format', '{{.Name}}')
			).trim(),
		).not.toMatch(/alice|bob/);
	});
});

describe('lab exam', () => {
	it('starts a seeded lab without naming it, charges hints, and scores the solve; the console shows its clock', async () => {
		const prefix = 'exam-class';
		// A seed whose lab needs nothing exclusive (other tests run the same labs without a prefix).
		const seed = [...Array(200).keys()].find((s) => {
			const pick = pickExamLab(scenarios, s, 'storage');
			return pick && !exclusiveResource(pick) && pick.hints.length > 0;
		});
		if (seed === undefined) throw new Error('no seed picks a shareable storage lab');
		const picked = pickExamLab(scenarios, seed, 'storage');
		if (!picked) throw new Error('no lab');
		const target = prefixScenario(picked, prefix).target;

		const started = await lab('--prefix', prefix, 'exam', '--category', 'storage', '--seed', String(seed));
		expect(started.code, started.stderr).toBe(0);
		expect(started.stdout).toContain(`Container to look at: ${target}`);
		expect(started.stdout).not.toContain(picked.id);
		expect(started.stdout).not.toContain(picked.title);

		const status = JSON.parse((await lab('--prefix', prefix, 'status', '--format', 'json')).stdout);
		expect(status.prefix).toBe(prefix);
		expect(status.labs.map((l: { id: string }) => l.id)).toEqual(['exam']);
		expect(status.exam).toMatchObject({ target, hintsUsed: 0, solved: false });

		const hint = await lab('--prefix', prefix, 'hint');
		expect(hint.stdout).toContain(`1. ${prefixScenario(picked, prefix).hints[0]}`);
		expect(hint.stdout).toContain('1 hint used');

		// The console's header carries the exam's clock.
		const session = new TmuxSession('dm-exam-banner', {
			env: { DOCKMEDIC_LAB_DIR: LAB_DIR, DOCKMEDIC_LAB_PREFIX: prefix },
		});
		try {
			await session.waitForScreen((s) => s.includes(`[EXAM`) && s.includes(`1 hint, on ${target}]`));
		} finally {
			session.kill();
		}

		const before = await lab('--prefix', prefix, 'verify');
		expect(before.code).toBe(1);
		expect(before.stdout).toMatch(/^NOT FIXED YET/);
		await applyFix(picked.id, prefix);
		const solved = await waitFor(async () => {
			const r = await lab('--prefix', prefix, 'verify', '--format', 'json');
			return r.code === 0 ? JSON.parse(r.stdout) : undefined;
		}, 20_000);
		expect(solved.exam).toMatchObject({ target, hintsUsed: 1, solved: true, score: 80 });
		const text = await lab('--prefix', prefix, 'verify');
		expect(text.stdout).toMatch(/Exam solved in .* with 1 hint: 80\/100 points/);

		await lab('--prefix', prefix, 'reset');
		expect(JSON.parse((await lab('--prefix', prefix, 'status', '--format', 'json')).stdout)).toEqual({
			prefix,
			labs: [],
			exam: null,
		});
		expect(labEnv.DOCKMEDIC_LAB_DIR).toBe(LAB_DIR);
	});
});

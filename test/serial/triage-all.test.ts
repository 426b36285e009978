import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.js';
import { decoys } from '../../src/lab/scenarios/decoys.js';
import { scenarios as allScenarios } from '../../src/lab/scenarios/index.js';
import { LOCAL_BUSYBOX_IMAGES, NODE_IMAGE } from '../../src/model/images.js';
import { dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, TEST_LABEL, testEngine } from '../helpers/docker.js';
import { lab } from '../helpers/labs.js';
import { TmuxSession } from '../helpers/tmux.js';

/**
 * Every lab at once, beside healthy containers with alarming-looking logs: `diagnose --all` must
 * pick every faulty lab container and no decoy, and name each lab's cause; the console must mark
 * the running-but-failing ones. Alone (serial): it starts every lab, which the lab tests also do.
 */
const DECOY_LABEL = `${TEST_LABEL}.decoy`;
const decoyNames = decoys({ engine: null as never, image: '', nodeImage: '', labels: {}, dir: () => '' }).map(
	(d) => d.name,
);
let engine: Engine;

beforeAll(async () => {
	engine = await testEngine();
	await lab('reset');
	await removeLabelled(DECOY_LABEL);
	const image = (await engine.images.firstLocal(LOCAL_BUSYBOX_IMAGES)) ?? 'dockmedic/busybox:local';
	for (const spec of decoys({
		engine,
		image,
		nodeImage: NODE_IMAGE,
		labels: { [TEST_LABEL]: '1', [DECOY_LABEL]: '1' },
		dir: () => '',
	})) {
		await engine.containers.create(spec);
		await engine.containers.act('start', spec.name);
	}
	for (const s of allScenarios) {
		const started = await lab('start', s.id);
		expect(started.code, `${s.id}: ${started.stderr}`).toBe(0);
	}
	// Past the start-up grace, with a few error lines logged by the running-but-failing ones.
	await new Promise((r) => setTimeout(r, 22_000));
}, 300_000);

afterAll(async () => {
	await lab('reset');
	await removeLabelled(DECOY_LABEL);
}, 120_000);

describe('every lab at once, beside noisy healthy containers', () => {
	it('diagnose --all picks every faulty lab container and no decoy, and names each cause', async () => {
		const started = Date.now();
		const result = await dockmedic(['diagnose', '--all', '--format', 'json'], {}, 240_000);
		const seconds = (Date.now() - started) / 1000;
		const report = JSON.parse(result.stdout) as {
			container: string;
			status: string;
			cause: { id: string } | null;
		}[];
		const byName = new Map(report.map((d) => [d.container, d]));
		// A Compose lab whose target service has no container is diagnosed by --project (labs-compose).
		const scenarios = allScenarios.filter((s) => !s.project);
		const missed = scenarios.filter((s) => !byName.has(s.target)).map((s) => `${s.id} (${s.target})`);
		const mismatched = scenarios.filter(
			(s) => byName.has(s.target) && byName.get(s.target)?.cause?.id !== s.cause,
		);
		// On a machine this busy the engine can miss an OOM kill and record exit 137 alone (OOMKilled false):
		// then "killed by a signal" is what its state says, and the docker CLI is the judge.
		const engineMissedOom = async (s: (typeof scenarios)[number]) =>
			s.cause === 'oom-killed' &&
			(await docker('inspect', '-f', '{{.State.OOMKilled}}', s.target)).trim() === 'false';
		const wrong: string[] = [];
		for (const s of mismatched) {
			const found = `${s.id}: ${byName.get(s.target)?.status} ${byName.get(s.target)?.cause?.id ?? ''}, not ${s.cause}`;
			if (await engineMissedOom(s))
				console.log(`${found}: the engine recorded no OOM kill (OOMKilled=false)`);
			else wrong.push(found);
		}
		const falseFlags = decoyNames.filter((n) => byName.has(n));
		// Flagged beside the labs' targets: their other containers (a stopped dependency is trouble of its own).
		const targets = new Set(scenarios.map((s) => s.target));
		const others = report
			.filter((d) => !targets.has(d.container))
			.map((d) => `${d.container} (${d.cause?.id ?? d.status})`);
		// The figures for the record: recall over the labs, false flags over the decoys.
		console.log(
			`diagnose --all: ${scenarios.length - missed.length}/${scenarios.length} faulty lab containers flagged, ` +
				`${scenarios.length - missed.length - mismatched.length} with the injected cause; ` +
				`${falseFlags.length}/${decoyNames.length} decoys flagged; ${report.length} diagnosed in ${seconds.toFixed(1)} s; ` +
				`also flagged: ${others.join(', ') || 'none'}`,
		);
		expect(missed).toEqual([]);
		expect(falseFlags).toEqual([]);
		expect(wrong).toEqual([]);
		expect(result.code).toBe(1);
	}, 300_000);

	it('diagnoses every decoy healthy: their alarming-looking lines are no fault', async () => {
		for (const name of decoyNames) {
			const result = await dockmedic(['diagnose', name, '--format', 'json']);
			const report = JSON.parse(result.stdout) as { status: string; cause: { id: string } | null };
			expect(`${name}: ${report.status} ${report.cause?.id ?? ''}`).toBe(`${name}: healthy `);
			expect(result.code).toBe(0);
		}
	}, 120_000);

	it('the console marks the running-but-failing services with ! and leaves the decoys unmarked', async () => {
		const session = new TmuxSession('dmt-triage-all', {
			columns: 120,
			rows: 100,
			env: { DOCKMEDIC_LOG_TRIAGE_MS: '1000' },
		});
		try {
			const rowOf = (screen: string, name: string) =>
				screen
					.split('\n')
					.find((l) => new RegExp(`^\\S?\\s+${name}\\s`).test(l) || l.includes(` ${name} `)) ?? '';
			const failing = ['checkout-api', 'session-worker', 'invoice-worker', 'render-queue', 'ingest-gateway'];
			const screen = await session.waitForScreen(
				(s) => failing.every((n) => rowOf(s, n).startsWith('!')),
				30_000,
			);
			for (const name of decoyNames) expect(rowOf(screen, name), name).not.toMatch(/^!/);
			// The help explains the mark.
			session.keys('?');
			await session.waitForScreen((s) => s.includes('Keys (? or Esc closes)'));
			session.keys('G');
			const help = await session.waitForScreen((s) => s.includes('needs attention'));
			expect(help).toMatch(/recent logs keep reporting errors/);
		} finally {
			session.kill();
		}
	}, 120_000);
});

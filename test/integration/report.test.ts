import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import {
	docker,
	dockerStatus,
	inspectState,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { lab } from '../helpers/labs.js';

const GROUP = uniqueName('report');
const label = `${TEST_LABEL}.group=${GROUP}`;
const prefix = `r${GROUP.slice(-6)}`;
const worker = `${prefix}-invoice-worker`;
const loop = `${GROUP}-loop`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'dm-report-'));
// The journal the report reads what was changed from.
const env = { XDG_STATE_HOME: mkdtempSync(path.join(os.tmpdir(), 'dm-report-state-')) };
const LOOP_SECRET = 'Tr0ub4dor3';
let labPassword = '';
let startedAt = 0;

beforeAll(async () => {
	startedAt = Math.floor(Date.now() / 1000) - 1;
	expect((await lab('start', 'billing-password-rotated', '--prefix', prefix)).code).toBe(0);
	const config = JSON.parse(await docker('inspect', '-f', '{{json .Config.Env}}', worker)) as string[];
	labPassword = config.find((e) => e.startsWith('BILLING_PASSWORD='))?.split('=')[1] ?? '';
	expect(labPassword.length).toBeGreaterThan(3);
	// A crash loop that writes its database password into its own logs, twice a run.
	await runContainer(
		loop,
		['--label', label, '--restart', 'on-failure:2', '-e', `DB_PASSWORD=${LOOP_SECRET}`],
		[
			'sh',
			'-c',
			`echo "connecting to postgres://app:${LOOP_SECRET}@db:5432/app"; echo "fatal: password=${LOOP_SECRET} rejected by db" >&2; exit 1`,
		],
	);
	await waitFor(async () => {
		const s = await inspectState(loop);
		return s.RestartCount >= 2 && s.State.Status === 'exited';
	}, 30_000);
	await waitFor(async () => {
		const { stderr } = await dockerStatus('logs', worker);
		return stderr.includes('401');
	}, 20_000);
}, 90_000);

afterAll(async () => {
	await lab('reset', 'billing-password-rotated', '--prefix', prefix);
	await removeLabelled(label);
}, 60_000);

describe('dockmedic report', () => {
	it("writes the lab incident's cause, the loop's deaths as the engine logged them, and what was changed, with every secret masked", async () => {
		// A change made with dockmedic, for the report's "actions" section.
		const tuned = await dockmedic(
			['tune', worker, '--for', '2s', '--apply', '--yes', '--format', 'json'],
			env,
		);
		expect(tuned.code).toBe(0);
		const file = path.join(dir, 'incident.md');
		const written = await dockmedic(['report', worker, loop, '--since', '10m', '--out', file], env);
		expect(written.stderr).toContain(
			`Wrote the incident report of ${worker}, ${loop} to ${file} (1 recorded action)`,
		);
		expect(written.code).toBe(1);
		const md = readFileSync(file, 'utf8');
		expect(md).toMatch(new RegExp(`^# Incident: ${worker}, ${loop} on unix://`));
		expect(md).toContain(`## ${worker}`);
		expect(md).toContain('`upstream-auth-failed`');
		expect(md).toContain(`## ${loop}`);
		// Deaths in the window as the engine's own event history has them (the oracle: docker events).
		const dies = (
			await docker(
				'events',
				'--since',
				String(startedAt),
				'--until',
				String(Math.floor(Date.now() / 1000)),
				'--filter',
				`container=${loop}`,
				'--filter',
				'event=die',
				'--format',
				'{{.Action}}',
			)
		)
			.split('\n')
			.filter(Boolean).length;
		expect(dies).toBe(3);
		expect(md).toContain(`${dies} deaths, 2 restarts`);
		expect(md.match(/\*\*died: exit code 1 \(application error\)\*\*/g)?.length).toBe(dies);
		// Its own log lines are there, the secrets in them are not.
		expect(md).toContain('connecting to postgres://app:********@db:5432/app');
		expect(md).not.toContain(LOOP_SECRET);
		expect(md).not.toContain(labPassword);
		// The tuning applied above, with its command.
		expect(md).toMatch(
			new RegExp(`\\| ${worker} \\| tune \\(docker update\\) \\| \`docker update [^\`|]*${worker}\` \\| ok`),
		);

		const json = path.join(dir, 'incident.json');
		expect((await dockmedic(['report', worker, loop, '--since', '10m', '--out', json], env)).code).toBe(1);
		const text = readFileSync(json, 'utf8');
		expect(text).not.toContain(LOOP_SECRET);
		expect(text).not.toContain(labPassword);
		const doc = JSON.parse(text) as {
			schemaVersion: number;
			containers: {
				name: string;
				diagnosis: { cause: { id: string } | null };
				timeline: { deaths: number };
			}[];
			actions: { container: string; action: string; result: string }[];
		};
		expect(doc.schemaVersion).toBeGreaterThan(0);
		expect(doc.containers.map((c) => c.name)).toEqual([worker, loop]);
		expect(doc.containers[0]?.diagnosis.cause?.id).toBe('upstream-auth-failed');
		expect(doc.containers[1]?.timeline.deaths).toBe(dies);
		expect(doc.actions).toEqual([
			expect.objectContaining({ container: worker, action: 'tune (docker update)', result: 'ok' }),
		]);
	}, 120_000);

	it('refuses an unknown file type before reading anything, and a project that does not exist', async () => {
		const txt = await dockmedic(['report', loop, '--out', path.join(dir, 'x.txt')], env);
		expect(txt.code).toBe(2);
		expect(txt.stderr).toContain('known extensions are .md and .markdown (Markdown) and .json (JSON)');
		const project = await dockmedic(['report', '--project', `${GROUP}-nothing`], env);
		expect(project.code).toBe(2);
		expect(project.stderr).toContain(`There is no Compose project ${GROUP}-nothing on this engine.`);
	});
});

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../src/lab/scenarios/index.js';
import { dockmedic } from './cli.js';
import { docker, dockerStatus, inspectState, waitFor } from './docker.js';

const run = promisify(execFile);

/** Lab host folders for this test run, away from the person's own labs. */
export const LAB_DIR = mkdtempSync(path.join(os.tmpdir(), 'dockmedic-labs-'));
export const labEnv = { DOCKMEDIC_LAB_DIR: LAB_DIR };

export function lab(...args: string[]) {
	return dockmedic(['lab', ...args], labEnv);
}

/** The documented fix, as the lab prints it for teachers. */
export async function fixCommands(id: string): Promise<string[]> {
	const { stdout } = await lab('solution', id);
	return stdout
		.split('\n')
		.filter((line) => line.startsWith('  '))
		.map((line) => line.trim());
}

/** Applies the fix the way a student would: in a shell, with the docker CLI. */
export async function applyFix(id: string): Promise<void> {
	for (const command of await fixCommands(id)) await run('sh', ['-c', command]);
}

/** The lab's objects of one kind (ps, network ls, volume ls) created without a prefix. */
async function unprefixed(kind: string[], id: string): Promise<string[]> {
	const out = await docker(
		...kind,
		'--filter',
		`label=dockmedic.lab=${id}`,
		'--format',
		`${kind[0] === 'ps' ? '{{.Names}}' : '{{.Name}}'}{{if .Label "dockmedic.lab.prefix"}} prefixed{{end}}`,
	);
	return out
		.split('\n')
		.filter((line) => line && !line.endsWith(' prefixed'))
		.map((line) => line.trim());
}

/** Nothing of the lab is left (another test may run it under a prefix at the same time). */
export async function expectNothingLeft(id: string): Promise<void> {
	expect(await unprefixed(['ps', '-a'], id)).toEqual([]);
	expect(await unprefixed(['network', 'ls'], id)).toEqual([]);
	expect(await unprefixed(['volume', 'ls'], id)).toEqual([]);
}

/** Symptom checks with the docker CLI as the oracle: what a person would see before any fix. */
export const symptoms = {
	/** The app's configured database connection fails from inside it. */
	async dbUnreachable(container: string) {
		const r = await dockerStatus('exec', container, 'sh', '-c', 'nc -w 2 "$DB_HOST" "$DB_PORT" </dev/null');
		expect(r.code).not.toBe(0);
	},
	async cannotReach(container: string, host: string, port: number) {
		const r = await dockerStatus('exec', container, 'nc', '-w', '2', host, String(port));
		expect(r.code).not.toBe(0);
	},
	async writeDenied(container: string, dir: string, message: RegExp) {
		const r = await dockerStatus('exec', container, 'touch', `${dir}/probe`);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(message);
	},
	async exited(container: string, exitCode: number, extra: { oomKilled?: boolean } = {}) {
		const s = await waitFor(async () => {
			const state = await inspectState(container);
			// A command that cannot be executed leaves the container 'created', with the code in ExitCode.
			return ['exited', 'restarting', 'created'].includes(state.State.Status) &&
				state.State.ExitCode === exitCode
				? state
				: undefined;
		}, 20_000);
		if (extra.oomKilled !== undefined) expect(s.State.OOMKilled).toBe(extra.oomKilled);
	},
	async restartsWithCode(container: string, exitCode: number) {
		await waitFor(
			async () => {
				const s = await inspectState(container);
				return s.RestartCount >= 1 && s.State.ExitCode === exitCode && s.State.Status !== 'running';
			},
			20_000,
			20,
		);
	},
	async health(container: string, status: string, lastExit?: number) {
		await waitFor(async () => {
			const [info] = JSON.parse(await docker('inspect', container)) as {
				State: { Health?: { Status: string; Log: { ExitCode: number }[] } };
			}[];
			const health = info?.State.Health;
			return (
				health?.Status === status && (lastExit === undefined || health.Log.at(-1)?.ExitCode === lastExit)
			);
		}, 20_000);
	},
};

type DiagnoseJson = {
	container: string;
	status: 'finding' | 'healthy' | 'inconclusive';
	cause: { id: string; summary: string; explanation: string; fix: string[] } | null;
	steps: { id: string; status: string; evidence: string[]; command: string }[];
	note?: string;
};

/** `dockmedic diagnose NAME --format json`, parsed, with its exit code. */
export async function diagnoseJson(container: string): Promise<{ code: number; report: DiagnoseJson }> {
	const result = await dockmedic(['diagnose', container, '--format', 'json']);
	if (result.code === 2) throw new Error(`diagnose ${container} failed: ${result.stderr}`);
	return { code: result.code, report: JSON.parse(result.stdout) as DiagnoseJson };
}

/**
 * Diagnosis of a broken lab: the first finding must name exactly the injected cause. Healthy and
 * inconclusive answers while the fault is still forming (a health check not yet failed twice, a
 * container between restarts) are waited out.
 */
export async function expectDiagnosis(container: string, cause: string): Promise<void> {
	const { code, report } = await waitFor(
		async () => {
			const d = await diagnoseJson(container);
			return d.report.status === 'finding' ? d : undefined;
		},
		20_000,
		300,
	);
	expect(
		report.cause?.id,
		JSON.stringify(
			report.steps.filter((s) => s.status !== 'skipped'),
			null,
			1,
		),
	).toBe(cause);
	expect(code).toBe(1);
	const failing = report.steps.find((s) => s.status === 'fail');
	expect(failing?.evidence.length).toBeGreaterThan(0);
	expect(failing?.command).toMatch(/^docker /);
	expect(report.cause?.fix.length).toBeGreaterThan(0);
	// What a person reads: figures rounded, not 48.961482574257424% (an address's 255 is not a fraction).
	expect(`${report.cause?.summary} ${report.cause?.explanation}`).not.toMatch(/\d\.\d{4,}/);
}

/**
 * Diagnosis of a broken Compose project: its services that need attention, dependencies first; the
 * target service's entry names the injected cause (it may have no container: Compose never created it).
 */
export async function expectProjectDiagnosis(
	project: string,
	target: string,
	cause: string,
): Promise<DiagnoseJson[]> {
	const reports = await waitFor(
		async () => {
			const result = await dockmedic(['diagnose', '--project', project, '--format', 'json']);
			if (result.code === 2) throw new Error(`diagnose --project ${project} failed: ${result.stderr}`);
			const parsed = JSON.parse(result.stdout) as DiagnoseJson[];
			return parsed.some((d) => d.container === target && d.status === 'finding') ? parsed : undefined;
		},
		20_000,
		300,
	);
	const entry = reports.find((d) => d.container === target);
	expect(entry?.cause?.id, JSON.stringify(reports.map((d) => [d.container, d.cause?.id]))).toBe(cause);
	expect(entry?.cause?.fix.join('\n')).toMatch(/docker(-| )compose -p \S+ -f \S+ up -d/);
	return reports;
}

/** After the fix, every container of the lab diagnoses healthy: no false finding. */
export async function expectAllHealthy(id: string): Promise<void> {
	const names = await unprefixed(['ps', '-a'], id);
	for (const name of names) {
		// Errors logged before the fix count until the app has worked on without them for a while.
		const { code, report } = await waitFor(
			async () => {
				const d = await diagnoseJson(name);
				return d.report.status === 'healthy' ? d : undefined;
			},
			45_000,
			1000,
		).catch(async () => diagnoseJson(name));
		expect(`${name}: ${report.status} ${report.cause?.id ?? ''}`, JSON.stringify(report.steps.at(-1))).toBe(
			`${name}: healthy `,
		);
		expect(code).toBe(0);
	}
}

/**
 * The whole life of each scenario, on the real engine: start, symptom (asserted by the case),
 * diagnosis names the injected cause, verify fails, the documented fix applied with the docker
 * CLI, verify passes, every container diagnoses healthy, reset leaves nothing behind.
 */
export function describeLabLifecycles(cases: Record<string, () => Promise<void>>): void {
	afterAll(async () => {
		for (const id of Object.keys(cases)) await lab('reset', id);
	});
	describe.each(Object.entries(cases))('lab %s', (id, showsSymptom) => {
		it('starts, shows its symptom, is diagnosed, is fixed by the documented fix, then diagnosed healthy, and resets to nothing', async () => {
			const scenario = scenarios.find((s) => s.id === id);
			if (!scenario) throw new Error(`no scenario ${id}`);
			const start = await lab('start', id);
			expect(start.code, start.stderr).toBe(0);
			expect(start.stdout).toContain('Container to look at:');
			await showsSymptom();
			if (scenario.project) await expectProjectDiagnosis(scenario.project, scenario.target, scenario.cause);
			else await expectDiagnosis(scenario.target, scenario.cause);
			const before = await lab('verify', id);
			expect(before.code).toBe(1);
			expect(before.stdout).toContain('NOT FIXED YET');

			await applyFix(id);
			const after = await waitFor(
				async () => {
					const r = await lab('verify', id);
					return r.code === 0 ? r : undefined;
				},
				30_000,
				500,
			);
			expect(after.stdout).toContain('FIXED');
			await expectAllHealthy(id);

			const reset = await lab('reset', id);
			// What it said, should it fail: a reset that fails under load must be readable in the report.
			expect(reset.code, `${reset.stdout}\n${reset.stderr}`).toBe(0);
			await expectNothingLeft(id);
		});
	});
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import { composeOf } from '../helpers/compose.js';
import { BASE_IMAGE, docker, removeLabelled, TEST_LABEL, uniqueName, waitFor } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

/** A real Compose project: two services, one of them scaled to two replicas, all labelled for clean-up. */
const PROJECT = uniqueName('cmp').replace(/[^a-z0-9]/g, '');
const dir = mkdtempSync(path.join(os.tmpdir(), 'dockmedic-compose-'));
const file = path.join(dir, 'docker-compose.yml');
const label = `${TEST_LABEL}.compose=${PROJECT}`;

const compose = composeOf(PROJECT, file);

beforeAll(async () => {
	const labels = `{ "${TEST_LABEL}": "1", "${TEST_LABEL}.compose": "${PROJECT}" }`;
	writeFileSync(
		file,
		`version: "2.4"
services:
  cache:
    image: ${BASE_IMAGE}
    labels: ${labels}
    command: ["sh", "-c", "while true; do sleep 5; done"]
  api:
    image: ${BASE_IMAGE}
    labels: ${labels}
    scale: 2
    command: ["sh", "-c", "while true; do sleep 5; done"]
    depends_on: [cache]
networks:
  default:
    labels: ${labels}
`,
	);
	await compose('up', '-d');
}, 120_000);

afterAll(() => removeLabelled(label), 60_000);

describe('Compose projects', () => {
	it('ps --format json names the project and service of each container, as Compose lists them', async () => {
		const result = await dockmedic(['ps', '--format', 'json']);
		const entries = (
			JSON.parse(result.stdout) as { name: string; project: string | null; service: string | null }[]
		).filter((e) => e.project === PROJECT);
		// The oracle: Compose's own labels, read with the docker CLI.
		const oracle = (
			await docker(
				'ps',
				'--filter',
				`label=com.docker.compose.project=${PROJECT}`,
				'--format',
				'{{.Names}} {{.Label "com.docker.compose.service"}}',
			)
		)
			.trim()
			.split('\n')
			.sort();
		expect(entries.map((e) => `${e.name} ${e.service}`).sort()).toEqual(oracle);
		expect(oracle).toHaveLength(3);
	});

	it('projects --format json lists the services in dependency order with their replicas and files', async () => {
		const result = await dockmedic(['projects', '--format', 'json']);
		const all = JSON.parse(result.stdout) as { needsAttention: boolean }[];
		// Exit 1 when a project needs attention (other tests' projects may be running now).
		expect(result.code, result.stderr).toBe(all.some((p) => p.needsAttention) ? 1 : 0);
		const project = (
			all as unknown as {
				project: string;
				workingDir: string;
				configFiles: string[];
				fileRead: boolean;
				needsAttention: boolean;
				services: { service: string; running: number; desired: number; containers: { name: string }[] }[];
			}[]
		).find((p) => p.project === PROJECT);
		expect(project?.workingDir).toBe(dir);
		expect(project?.fileRead).toBe(true);
		expect(project?.needsAttention).toBe(false);
		expect(project?.services.map((s) => [s.service, s.running, s.desired])).toEqual([
			['cache', 1, 1],
			['api', 2, 2],
		]);
		// Compose's own view of the services.
		expect((await compose('ps', '--services')).trim().split('\n').sort()).toEqual(['api', 'cache']);
	});

	it('diagnose --project names a stopped dependency first, with the Compose file key and the up -d to apply', async () => {
		await docker('stop', '-t', '0', `${await containerOf('cache')}`);
		await docker('kill', '-s', 'KILL', `${await containerOf('api')}`).catch(() => undefined);
		const result = await waitFor(async () => {
			const r = await dockmedic(['diagnose', '--project', PROJECT, '--format', 'json']);
			const parsed = JSON.parse(r.stdout) as { container: string; cause: { fix: string[] } | null }[];
			return parsed.length >= 2 ? { r, parsed } : undefined;
		}, 30_000);
		expect(result.r.code).toBe(1);
		// The dependency (cache) before the service that depends on it (api).
		const order = result.parsed.map((d) => (d.container.includes('cache') ? 'cache' : 'api'));
		expect(order[0]).toBe('cache');
		const fix = result.parsed[0]?.cause?.fix.join('\n') ?? '';
		expect(fix).toMatch(
			new RegExp(`docker(-| )compose -p ${PROJECT} -f ${file.replace(/\//g, '\\/')} up -d cache`),
		);
		await compose('up', '-d');
	}, 90_000);

	it('the console groups the project under a header with its counts, collapses it on c, and shows projects alone on P', async () => {
		const session = new TmuxSession(`${PROJECT}-tmux`, { columns: 120, rows: 40 });
		try {
			const header = new RegExp(`${PROJECT} 3/3 running`);
			const screen = await session.waitForScreen((s) => header.test(s), 20_000);
			const lines = screen.split('\n');
			const at = lines.findIndex((l) => header.test(l));
			// Its three containers right under it.
			expect(lines.slice(at + 1, at + 4).every((l) => l.includes(PROJECT))).toBe(true);
			session.keys(`/${PROJECT}`, 'Enter');
			await session.waitForScreen((s) => !s.includes('Enter keep'));
			session.keys('c');
			const collapsed = await session.waitForScreen((s) => /▸ \S+ 3\/3 running/.test(s));
			expect(
				collapsed.split('\n').filter((l) => l.includes(`${PROJECT}_`) || l.includes(`${PROJECT}-`)),
			).toEqual([]);
			session.keys('c', 'P');
			const projectsOnly = await session.waitForScreen((s) => header.test(s) && !/(_|-)api(_|-)1/.test(s));
			expect(projectsOnly).toMatch(header);
		} finally {
			session.kill();
		}
	}, 60_000);
});

async function containerOf(service: string): Promise<string> {
	return (
		await docker(
			'ps',
			'-a',
			'-q',
			'--filter',
			`label=com.docker.compose.project=${PROJECT}`,
			'--filter',
			`label=com.docker.compose.service=${service}`,
		)
	)
		.trim()
		.split('\n')[0] as string;
}

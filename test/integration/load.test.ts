import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import {
	docker,
	dockerStatus,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';

const GROUP = uniqueName('load');
const label = `${TEST_LABEL}.group=${GROUP}`;
const published = `${GROUP}-published`;
const unpublished = `${GROUP}-inner`;
const isolated = `${GROUP}-none`;
const network = `${GROUP}-net`;
// Each run keeps its result here, so the second run is shown against the first.
const env = { XDG_STATE_HOME: mkdtempSync(path.join(tmpdir(), 'dm-load-')) };
/** busybox httpd logs one "url:" line per request it read (-vv): the server's own count. */
const HTTPD = [
	'sh',
	'-c',
	'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -vv -p 8080 -h /www',
];
const requestsLogged = async (name: string) => {
	const { stderr } = await dockerStatus('logs', name);
	return stderr.split('\n').filter((l) => l.includes(' url:/')).length;
};
let port = 0;

type LoadJson = {
	container: string;
	target: { url: string; containerPort: number; via: string };
	requests: number;
	requestsPerSecond: number;
	latencyMs: { p50: number; p95: number; p99: number };
	errors: number;
	non2xx: number;
	statusCodes: Record<string, number>;
	usage: { peakCpuPercent: number; peakMemoryBytes: number } | null;
	previous: { requestsPerSecond: number } | null;
	ratios: { throughput: number; p95: number } | null;
};

beforeAll(async () => {
	await docker('network', 'create', '--label', label, network);
	// Published without a host port: the engine picks one, which only the bound ports tell.
	await runContainer(published, ['--label', label, '-p', '127.0.0.1::8080'], HTTPD);
	port = Number((await docker('port', published, '8080/tcp')).trim().split(':').pop());
	await runContainer(unpublished, ['--label', label, '--network', network], HTTPD);
	await runContainer(isolated, ['--label', label, '--network', 'none'], HTTPD);
	await waitFor(
		async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.ok === true,
		10_000,
	);
});

afterAll(async () => {
	await removeLabelled(label);
});

describe('dockmedic load', () => {
	it('sends the requests asked for, and reports the count the server itself logged', async () => {
		const before = await requestsLogged(published);
		const run = await dockmedic(['load', published, '-n', '400', '-C', '8', '--format', 'json'], env);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const result = JSON.parse(run.stdout) as LoadJson;
		expect(result.target).toEqual({
			url: `http://127.0.0.1:${port}/`,
			containerPort: 8080,
			via: 'published port',
		});
		// The log driver copies lines after the fact: the count is awaited, up to what was sent.
		const logged = await waitFor(async () => {
			const n = (await requestsLogged(published)) - before;
			return n >= 400 ? n : null;
		}, 10_000);
		expect(logged).toBe(400);
		expect(result.requests).toBe(logged);
		expect(result.statusCodes).toEqual({ '200': 400 });
		expect(result.errors + result.non2xx).toBe(0);
		expect(result.latencyMs.p50).toBeGreaterThan(0);
		expect(result.latencyMs.p95).toBeGreaterThanOrEqual(result.latencyMs.p50);
		expect(result.latencyMs.p99).toBeGreaterThanOrEqual(result.latencyMs.p95);
		// A first run on this target: nothing to compare with yet.
		expect(result.previous).toBeNull();

		// The second run with the same connections is shown against the first (before/after a tuning).
		const again = await dockmedic(['load', published, '-n', '200', '-C', '8'], env);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('200 responses');
		expect(again.stdout).toMatch(
			/Against the run of \S+: \d+ → \d+ req\/s \(\d+\.\d\dx\), p95 [\d.]+ → [\d.]+ ms/,
		);
		expect(again.stdout).toMatch(new RegExp(`${published} during the run: CPU peak [\\d.]+%, memory peak`));
	});

	it("reaches a port that is not published at the container's address on its own network", async () => {
		const before = await requestsLogged(unpublished);
		const run = await dockmedic(
			['load', unpublished, '--port', '8080', '-n', '150', '--format', 'json'],
			env,
		);
		expect(run.code).toBe(0);
		const result = JSON.parse(run.stdout) as LoadJson;
		const address = (
			await docker(
				'inspect',
				'-f',
				`{{(index .NetworkSettings.Networks "${network}").IPAddress}}`,
				unpublished,
			)
		).trim();
		expect(result.target).toEqual({
			url: `http://${address}:8080/`,
			containerPort: 8080,
			via: 'container address',
		});
		expect(result.requests).toBe(150);
		expect(
			await waitFor(async () => {
				const n = (await requestsLogged(unpublished)) - before;
				return n >= 150 ? n : null;
			}, 10_000),
		).toBe(150);
	});

	it('counts answers that are not 2xx and exits 1', async () => {
		const run = await dockmedic(
			['load', published, '--path', '/missing', '-n', '50', '--format', 'json'],
			env,
		);
		expect(run.code).toBe(1);
		const result = JSON.parse(run.stdout) as LoadJson;
		expect(result.non2xx).toBe(50);
		expect(result.statusCodes).toEqual({ '404': 50 });
	});

	it('refuses an engine on another machine before connecting to it, and changes nothing with --read-only', async () => {
		const started = Date.now();
		// TEST-NET-1: a connection attempt there would hang until the call timeout; the refusal comes first.
		const remote = await dockmedic(['-H', 'tcp://192.0.2.10:2375', 'load', published], env);
		expect(remote.code).toBe(2);
		expect(remote.stderr).toContain('The engine at tcp://192.0.2.10:2375 is on another machine');
		expect(Date.now() - started).toBeLessThan(7000);

		const readOnly = await dockmedic(['--read-only', 'load', published], env);
		expect(readOnly.code).toBe(2);
		expect(readOnly.stderr).toContain('--read-only runs no load');

		const none = await dockmedic(['load', isolated, '--port', '8080'], env);
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('has no address on a network (network mode none)');

		const bad = await dockmedic(['load', published, '-n', '0'], env);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('-n/--requests expects a whole number from 1 to 1000000, got "0"');
		expect(`${remote.stderr}${readOnly.stderr}${none.stderr}${bad.stderr}`).not.toMatch(/\n\s+at /);
	});
});

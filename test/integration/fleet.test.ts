import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PsEntry } from '../../src/cli/commands/ps.js';
import { BIN, dockmedic } from '../helpers/cli.js';
import {
	BASE_IMAGE,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { SecondEngine } from '../helpers/second-engine.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('fleet');
const label = `${TEST_LABEL}.group=${GROUP}`;
const engine2 = new SecondEngine();
const config = mkdtempSync(path.join(os.tmpdir(), 'dmt-fleet-config-'));
/** The docker CLI with this test's own config folder: its contexts are the oracle. */
const dockerCli = (...args: string[]) =>
	execFileSync('docker', ['--config', config, ...args], {
		encoding: 'utf8',
		env: { ...process.env, DOCKER_HOST: '' },
	});
const env = { DOCKER_CONFIG: config, DOCKER_HOST: '', DOCKER_CONTEXT: '' };

beforeAll(async () => {
	await engine2.up();
	await runContainer(`${GROUP}-a`, ['--label', label]);
	// Back by itself when its engine restarts, and quick to stop so that a restart stays short.
	engine2.docker(
		'run',
		'-d',
		'--restart',
		'always',
		'--stop-timeout',
		'1',
		'--label',
		`${label}`,
		'--name',
		`${GROUP}-b`,
		BASE_IMAGE,
		'sleep',
		'3600',
	);
	engine2.docker('create', '--label', `${label}`, '--name', `${GROUP}-b-stopped`, BASE_IMAGE, 'true');
	engine2.docker(
		'run',
		'-d',
		'--label',
		`${label}`,
		'--name',
		`${GROUP}-b-crash`,
		BASE_IMAGE,
		'sh',
		'-c',
		'echo "FATAL: cannot open /data/app.db" >&2; exit 3',
	);
	dockerCli(
		'context',
		'create',
		'engine2',
		'--description',
		'the second engine',
		'--docker',
		`host=${engine2.socketUrl}`,
	);
	const c = engine2.certs;
	dockerCli(
		'context',
		'create',
		'engine2-tls',
		'--docker',
		`host=${engine2.tlsUrl},ca=${c}/ca.pem,cert=${c}/cert.pem,key=${c}/key.pem`,
	);
}, 120_000);

afterAll(async () => {
	await removeLabelled(label);
	if (engine2.answers()) {
		// The Swarm services' task containers carry the test label: the swarm left, they stay behind.
		const ids = [label, TEST_LABEL].flatMap((l) =>
			engine2.docker('ps', '-aq', '--filter', `label=${l}`).split('\n').filter(Boolean),
		);
		if (ids.length) engine2.docker('rm', '-f', ...new Set(ids));
	}
	engine2.down();
});

const ours = (stdout: string) =>
	(JSON.parse(stdout) as PsEntry[])
		.filter((e) => e.name.startsWith(GROUP))
		.map((e) => `${e.host}/${e.name}`)
		.sort();

describe('contexts', () => {
	it('lists the contexts docker context ls lists, with their endpoints and the current one', async () => {
		const result = await dockmedic(['contexts', '--format', 'json'], env);
		expect(result.code).toBe(0);
		const mine = JSON.parse(result.stdout) as {
			name: string;
			host: string;
			current: boolean;
			tls: boolean;
		}[];
		const theirs = dockerCli('context', 'ls', '--format', '{{json .}}')
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as { Name: string; DockerEndpoint: string; Current: boolean });
		expect(mine.map((c) => [c.name, c.host, c.current])).toEqual(
			theirs.map((c) => [c.Name, c.DockerEndpoint, c.Current]),
		);
		expect(mine.find((c) => c.name === 'engine2-tls')?.tls).toBe(true);
		const table = await dockmedic(['contexts'], env);
		expect(table.stdout).toMatch(/default \*\s+/);
		expect(table.stdout).toContain('the second engine');
	});

	it('uses a context named by --context and by DOCKER_CONTEXT', async () => {
		const byFlag = await dockmedic(['--context', 'engine2', 'ps', '-a', '--format', 'json'], env);
		const byEnv = await dockmedic(['ps', '-a', '--format', 'json'], { ...env, DOCKER_CONTEXT: 'engine2' });
		expect([byFlag.code, byEnv.code]).toEqual([0, 0]);
		expect(ours(byFlag.stdout)).toEqual([
			`engine2/${GROUP}-b`,
			`engine2/${GROUP}-b-crash`,
			`engine2/${GROUP}-b-stopped`,
		]);
		expect(ours(byEnv.stdout)).toEqual(ours(byFlag.stdout));
	});
});

describe('several engines at once', () => {
	it('lists the containers of every context, each with its host, as the docker CLI sees them', async () => {
		const result = await dockmedic(['--context', 'default,engine2', 'ps', '-a', '--format', 'json'], env);
		expect(result.code).toBe(0);
		const oracle = ['default', 'engine2'].flatMap((ctx) =>
			dockerCli('--context', ctx, 'ps', '-a', '--filter', `label=${label}`, '--format', '{{.Names}}')
				.trim()
				.split('\n')
				.filter(Boolean)
				.map((n) => `${ctx}/${n}`),
		);
		expect(ours(result.stdout)).toEqual(oracle.sort());
		const table = await dockmedic(['--context', 'default,engine2', 'ps'], env);
		expect(table.stdout).toMatch(/^HOST\s+NAME/);
		expect(table.stdout).toMatch(new RegExp(`engine2\\s+${GROUP}-b\\s`));
		expect(table.stdout).toMatch(new RegExp(`default\\s+${GROUP}-a\\s`));
	});

	it('samples stats on every engine, each entry with its host', async () => {
		const result = await dockmedic(
			[
				'--context',
				'default,engine2',
				'stats',
				'--no-stream',
				'--format',
				'json',
				`${GROUP}-a`,
				`${GROUP}-b`,
			],
			env,
		);
		expect(result.code).toBe(0);
		const entries = JSON.parse(result.stdout) as { host: string; name: string; memoryUsageBytes: number }[];
		expect(entries.map((e) => `${e.host}/${e.name}`).sort()).toEqual([
			`default/${GROUP}-a`,
			`engine2/${GROUP}-b`,
		]);
		expect(entries.every((e) => e.memoryUsageBytes > 0)).toBe(true);
	});

	it('diagnoses a container on whichever engine has it, and triages every engine with diagnose --all', async () => {
		const one = await dockmedic(['--context', 'default,engine2', 'diagnose', `${GROUP}-b-crash`], env);
		expect(one.code).toBe(1);
		expect(one.stdout).toMatch(new RegExp(`^engine2/${GROUP}-b-crash: .*\\[app-error-exit\\]`));
		// Commands to run by hand name the engine they must reach.
		expect(one.stdout).toContain(`docker --context engine2 logs --tail 50 ${GROUP}-b-crash`);
		expect(one.stdout).not.toMatch(/\$ docker (?!--context)/);
		const all = await dockmedic(
			['--context', 'default,engine2', 'diagnose', '--all', '--format', 'json'],
			env,
		);
		expect(all.code).toBe(1);
		const found = (
			JSON.parse(all.stdout) as { host: string; container: string; cause: { id: string } | null }[]
		)
			.filter((d) => d.container.startsWith(GROUP))
			.map((d) => `${d.host}/${d.container} ${d.cause?.id}`);
		expect(found).toEqual([`engine2/${GROUP}-b-crash app-error-exit`]);
	});

	it('opens every context with --all-contexts, the TLS one included', async () => {
		const result = await dockmedic(['--all-contexts', 'ps', '--format', 'json'], env);
		expect(result.code).toBe(0);
		expect(ours(result.stdout)).toEqual([
			`default/${GROUP}-a`,
			`engine2-tls/${GROUP}-b`,
			`engine2/${GROUP}-b`,
		]);
	});

	it('lists the hosts that answer when one is down, names the one that is not, and exits 2', async () => {
		engine2.down();
		try {
			const result = await dockmedic(['--context', 'default,engine2', 'ps', '--format', 'json'], env);
			expect(result.code).toBe(2);
			expect(ours(result.stdout)).toEqual([`default/${GROUP}-a`]);
			expect(result.stderr).toContain(
				'host engine2: Cannot reach the Docker engine at unix:///run/dmt-engine2',
			);
			expect(result.stderr).not.toMatch(/\n\s+at /);
		} finally {
			await engine2.start();
		}
	}, 60_000);
});

describe('dockmedic watch on two engines', () => {
	it('alerts for a crash on either engine, each alert naming its host', async () => {
		const watch = spawn(
			process.execPath,
			[BIN, '--context', 'default,engine2', 'watch', '--label', label, '--quiet', '1s', '--scan', '2s'],
			{ env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		watch.stdout?.on('data', (d: Buffer) => {
			out += d.toString();
		});
		const alert = (name: string) =>
			out
				.split('\n')
				.filter((l) => l.startsWith('{'))
				.map((l) => JSON.parse(l) as { type: string; host: string; container: string; cause: string })
				.find((m) => m.type === 'alert' && m.container === name);
		try {
			// Crashed on the second engine before the watch started: found by its first scan there.
			const remote = await waitFor(() => alert(`${GROUP}-b-crash`), 30_000, 200);
			expect(remote.host).toBe('engine2');
			expect(remote.cause).toBeTruthy();
			// Crashes on this machine's engine while it watches: told by that engine's events.
			await runContainer(`${GROUP}-a-crash`, ['--label', label], ['sh', '-c', 'sleep 1; exit 2']);
			const local = await waitFor(() => alert(`${GROUP}-a-crash`), 30_000, 200);
			expect(local.host).toBe('default');
		} finally {
			watch.kill('SIGTERM');
		}
	}, 90_000);
});

describe('the console watching two engines', () => {
	let session: TmuxSession | undefined;
	afterAll(() => session?.kill());

	it('lists both with a host column, follows each, marks one that drops out while the other updates, and recovers', async () => {
		session = new TmuxSession(uniqueName('fleetui'), {
			columns: 120,
			rows: 30,
			env,
			args: ['--context', 'default,engine2'],
		});
		const first = await session.waitForScreen(
			(s) =>
				s.includes(`${GROUP}-b`) && s.includes(`${GROUP}-a`) && /default \[live\].*engine2 \[live\]/.test(s),
		);
		expect(first).toMatch(/2 hosts: default \[live\] \d+ · engine2 \[live\] \d+/);
		expect(first).toMatch(/HOST\s+NAME/);
		expect(first).toMatch(new RegExp(`engine2\\s+${GROUP}-b\\s`));
		// @engine2 keeps only that host's containers.
		expect(first).toContain('(all)');
		session.type('/@engine2');
		session.keys('Enter');
		const filtered = await session.waitForScreen(
			(s) => s.includes('d diagnose') && !s.includes(`${GROUP}-a `),
		);
		expect(filtered, filtered).toContain(`${GROUP}-b-crash`);
		// The crash on the second engine, diagnosed there, with commands that name its context.
		session.keys('Escape');
		await session.waitForScreen((s) => !s.includes('filter "@engine2"'));
		session.type(`/${GROUP}-b-crash`);
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes('d diagnose') && !s.includes(`${GROUP}-b `));
		// One key at a time: on a loaded machine the second of a burst could reach a view not drawn yet.
		session.type('d');
		await session.waitForScreen((s) => s.includes(`Diagnosing engine2/${GROUP}-b-crash`));
		session.type('e');
		const diagnosis = await session.waitForScreen((s) => s.includes('Root cause: app-error-exit'));
		expect(diagnosis).toContain(`Diagnosing engine2/${GROUP}-b-crash`);
		expect(diagnosis).toContain(`docker --context engine2 logs --tail 50 ${GROUP}-b-crash`);
		session.keys('Escape');
		await session.waitForScreen((s) => !s.includes('Diagnosing'));
		// Its logs come from the engine it runs on.
		session.keys('Enter');
		session.type('2');
		await session.waitForScreen((s) => s.includes('FATAL: cannot open /data/app.db'));
		session.keys('Escape');
		await session.waitForScreen((s) => s.includes('d diagnose'));
		session.keys('Escape');
		await session.waitForScreen((s) => s.includes(`${GROUP}-a`) && !s.includes('Diagnosing'));
		// An action on the second engine's running container reaches that engine.
		session.type(`/${GROUP}-b`);
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes('d diagnose') && !s.includes(`${GROUP}-a `));
		const onB = new RegExp(`› engine2\\s+${GROUP}-b\\s`);
		for (let i = 0; i < 3 && !onB.test(session.screen()); i++) {
			session.type('j');
			await new Promise((r) => setTimeout(r, 150));
		}
		expect(session.screen()).toMatch(onB);
		session.type('xpy');
		const paused = () => engine2.docker('inspect', '-f', '{{.State.Paused}}', `${GROUP}-b`).trim();
		await session.waitForScreen((s) => s.includes(`Paused engine2/${GROUP}-b`));
		expect(paused()).toBe('true');
		session.type('xuy');
		await session.waitForScreen((s) => s.includes(`Unpaused engine2/${GROUP}-b`));
		expect(paused()).toBe('false');
		session.keys('Escape');
		await session.waitForScreen((s) => s.includes(`${GROUP}-a`));

		engine2.down();
		const down = await session.waitForScreen((s) => /engine2 \[(engine lost|unreachable): retrying/.test(s));
		expect(down).toMatch(/default \[live\]/);
		// Its rows stay, marked as the last state read from a host that does not answer.
		expect(down).toMatch(new RegExp(`engine2\\s+${GROUP}-b\\s.*host lost, was: `));
		expect(down).not.toMatch(new RegExp(`default\\s+${GROUP}-a\\s.*host lost`));
		// The first engine keeps updating meanwhile.
		await runContainer(`${GROUP}-a2`, ['--label', label]);
		await session.waitForScreen(
			(s) => s.includes(`${GROUP}-a2`) && /engine2 \[(engine lost|unreachable)/.test(s),
		);
		await engine2.start();
		await session.waitForScreen((s) => /engine2 \[live\]/.test(s) && s.includes(`${GROUP}-b `), 30_000);
		session.type('q');
		expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
	}, 90_000);
});

describe('TLS', () => {
	it('reaches a --tlsverify engine with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
		const result = await dockmedic(['ps', '--format', 'json'], {
			DOCKER_HOST: engine2.tlsUrl,
			DOCKER_TLS_VERIFY: '1',
			DOCKER_CERT_PATH: engine2.certs,
		});
		expect(result.code).toBe(0);
		expect(ours(result.stdout)).toEqual([`default/${GROUP}-b`]);
	});

	it('refuses a server whose certificate another CA signed, with a clear error', async () => {
		const wrong = mkdtempSync(path.join(os.tmpdir(), 'dmt-wrong-ca-'));
		copyFileSync(path.join(engine2.certs, 'other-ca.pem'), path.join(wrong, 'ca.pem'));
		copyFileSync(path.join(engine2.certs, 'cert.pem'), path.join(wrong, 'cert.pem'));
		copyFileSync(path.join(engine2.certs, 'key.pem'), path.join(wrong, 'key.pem'));
		const result = await dockmedic(['ps'], {
			DOCKER_HOST: engine2.tlsUrl,
			DOCKER_TLS_VERIFY: '1',
			DOCKER_CERT_PATH: wrong,
		});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`TLS handshake with the Docker engine at ${engine2.tlsUrl}`);
		expect(result.stderr).toContain('DOCKER_CERT_PATH');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('explains a plain connection to a TLS port', async () => {
		const result = await dockmedic(['ps'], { DOCKER_HOST: engine2.tlsUrl });
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`The Docker engine at ${engine2.tlsUrl} (DOCKER_HOST) only speaks TLS.`);
		expect(result.stderr).toContain('DOCKER_TLS_VERIFY=1');
	});
});

describe('Swarm on the second engine', () => {
	const serviceLs = () =>
		engine2
			.docker('service', 'ls', '--format', '{{.Name}} {{.Replicas}}')
			.trim()
			.split('\n')
			.filter((l) => l.startsWith(GROUP));
	beforeAll(async () => {
		engine2.docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
		const create = (name: string, ...command: string[]) =>
			engine2.docker(
				'service',
				'create',
				'--detach',
				'--name',
				name,
				'--container-label',
				`${TEST_LABEL}=1`,
				BASE_IMAGE,
				...command,
			);
		create(`${GROUP}-ok`, 'sleep', '3600');
		create(`${GROUP}-bad`, 'sh', '-c', 'echo "FATAL: DB_URL is not set" >&2; exit 3');
		// An image no node has, from a registry on loopback that refuses: its tasks never get a container.
		engine2.docker(
			'service',
			'create',
			'--detach',
			'--name',
			`${GROUP}-noimage`,
			'--container-label',
			`${TEST_LABEL}=1`,
			'127.0.0.1:5999/shop/checkout:9.9',
		);
		// Until the healthy one runs and the failing one has failed at least once.
		for (let i = 0; i < 120; i++) {
			const failed = engine2
				.docker('service', 'ps', '--filter', 'desired-state=shutdown', '-q', `${GROUP}-bad`)
				.trim();
			if (serviceLs().includes(`${GROUP}-ok 1/1`) && failed) break;
			await new Promise((r) => setTimeout(r, 250));
		}
	}, 60_000);
	afterAll(() => {
		engine2.docker('swarm', 'leave', '--force');
	});

	it('lists services with replicas and the error of the last failed task, as docker service ls and ps', async () => {
		const result = await dockmedic(['services', '--format', 'json'], { DOCKER_HOST: engine2.socketUrl });
		expect(result.code).toBe(0);
		const services = (
			JSON.parse(result.stdout) as {
				name: string;
				running: number;
				desired: number;
				tasks: { state: string; error: string; exitCode: number | null }[];
			}[]
		).filter((s) => s.name.startsWith(GROUP));
		expect(services.map((s) => `${s.name} ${s.running}/${s.desired}`)).toEqual(serviceLs().sort());
		const bad = services.find((s) => s.name === `${GROUP}-bad`);
		expect(bad?.tasks).toContainEqual(
			expect.objectContaining({ state: 'failed', error: 'task: non-zero exit (3)', exitCode: 3 }),
		);
		const table = await dockmedic(['services'], { DOCKER_HOST: engine2.socketUrl });
		expect(table.stdout).toMatch(
			new RegExp(`${GROUP}-bad\\s+replicated\\s+0/1 .*failed "task: non-zero exit \\(3\\)"`),
		);
	});

	it("names the failing service's cause from its task's container, with the fix made on the service", async () => {
		const bad = await dockmedic(['diagnose', '--service', `${GROUP}-bad`, '--format', 'json'], {
			DOCKER_HOST: engine2.socketUrl,
		});
		expect(bad.code).toBe(1);
		const report = JSON.parse(bad.stdout) as {
			playbooksRun: string[];
			cause: { id: string; summary: string; fix: string[] };
			steps: { playbook: string; id: string; evidence: string[] }[];
		};
		expect(report.playbooksRun).toEqual(['swarm', 'crash']);
		expect(report.cause.id).toBe('missing-config');
		expect(report.cause.summary).toContain('required configuration is missing: DB_URL');
		// The fix is made on the service (its tasks are replaced), not by recreating the container.
		expect(report.cause.fix).toContainEqual(
			expect.stringMatching(new RegExp(`^docker service update --env-add DB_URL=VALUE ${GROUP}-bad`)),
		);
		expect(report.cause.fix.join('\n')).not.toContain('docker rm -f');
		// After what its own log says (the evidence), what the orchestrator recorded.
		expect(report.steps[0]?.evidence.join('\n')).toContain('FATAL: DB_URL is not set');
		expect(report.steps.find((s) => s.id === 'tasks')?.evidence.join('\n')).toContain(
			`${GROUP}-bad does not converge: 0 of 1 tasks run`,
		);

		const ok = await dockmedic(['diagnose', '--service', `${GROUP}-ok`], { DOCKER_HOST: engine2.socketUrl });
		expect(ok.code).toBe(0);
		expect(ok.stdout).toContain('no problem found');
	});

	it('shows the services in the console (S), and diagnoses the failing one from there', async () => {
		const session = new TmuxSession(uniqueName('swarmui'), {
			columns: 120,
			rows: 30,
			env: { DOCKER_HOST: engine2.socketUrl },
		});
		try {
			await session.waitForScreen((s) => s.includes('[live]'));
			session.type('S');
			const view = await session.waitForScreen(
				(s) => s.includes('REPLICAS') && s.includes(`${GROUP}-bad`) && s.includes(`${GROUP}-ok`),
			);
			expect(view).toMatch(
				new RegExp(`${GROUP}-bad\\s+0/1\\s+${GROUP}-bad\\.1 on \\S+: failed "task: non-zero exit \\(3\\)"`),
			);
			expect(view).toMatch(new RegExp(`${GROUP}-ok\\s+1/1`));
			// Sorted by name: bad first, selected; its tasks below.
			expect(view).toContain(`Tasks of ${GROUP}-bad, newest first:`);
			session.type('d');
			await session.waitForScreen((s) => s.includes(`Diagnosing ${GROUP}-bad.1.`));
			session.type('e');
			const diagnosis = await session.waitForScreen((s) => s.includes('Root cause: missing-config'));
			expect(diagnosis).toContain('FATAL: DB_URL is not set');
			expect(diagnosis).toContain(`docker service update --env-add DB_URL=VALUE ${GROUP}-bad`);
			session.type('q');
			expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
		} finally {
			session.kill();
		}
	}, 60_000);

	it('names an image that cannot be pulled from what the orchestrator recorded, with no container to look into', async () => {
		const { code, report } = await waitFor(
			async () => {
				const r = await dockmedic(['diagnose', '--service', `${GROUP}-noimage`, '--format', 'json'], {
					DOCKER_HOST: engine2.socketUrl,
				});
				if (r.code !== 1 || !r.stdout.trim()) return undefined;
				return {
					code: r.code,
					report: JSON.parse(r.stdout) as {
						cause: { id: string; summary: string; fix: string[] } | null;
						steps: { evidence: string[] }[];
					},
				};
			},
			30_000,
			500,
		);
		expect(code).toBe(1);
		expect(report.cause?.id).toBe('image-unavailable');
		expect(report.cause?.summary).toContain(`${GROUP}-noimage cannot start its tasks`);
		expect(report.cause?.fix.join('\n')).toContain(
			`docker service update --with-registry-auth --image IMAGE:TAG ${GROUP}-noimage`,
		);
		// The oracle: what docker service ps says of its tasks.
		const ps = engine2.docker('service', 'ps', '--no-trunc', '--format', '{{.Error}}', `${GROUP}-noimage`);
		expect(ps).toMatch(/No such image|127\.0\.0\.1:5999/);
		expect(report.steps[0]?.evidence.join('\n')).toContain('none has a container');
	}, 60_000);

	it('says so when an engine is not a Swarm manager', async () => {
		const result = await dockmedic(['services']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('This engine is not a Swarm manager');
	});
});

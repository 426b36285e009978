import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PsEntry } from '../../src/cli/commands/ps.js';
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

const GROUP = uniqueName('ps');
const label = `${TEST_LABEL}.group=${GROUP}`;
const names = {
	running: `${GROUP}-running`,
	healthy: `${GROUP}-healthy`,
	created: `${GROUP}-created`,
	paused: `${GROUP}-paused`,
	restarting: `${GROUP}-restarting`,
	exited0: `${GROUP}-exited0`,
	exited3: `${GROUP}-exited3`,
	oom: `${GROUP}-oom`,
};

type DockerPsLine = { Names: string; Image: string; State: string; Status: string; Ports: string };

async function dockerPs(): Promise<Map<string, DockerPsLine>> {
	const out = await docker('ps', '-a', '--no-trunc', '--filter', `label=${label}`, '--format', '{{json .}}');
	const lines = out
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as DockerPsLine);
	return new Map(lines.map((l) => [l.Names, l]));
}

beforeAll(async () => {
	const L = ['--label', label];
	// Runs a container in the foreground until it exits, whatever its exit code.
	const runToExit = (name: string, args: string[], command: string[]) =>
		dockerStatus(
			'run',
			'--label',
			`${TEST_LABEL}=1`,
			...L,
			'--name',
			name,
			...args,
			'dockmedic/busybox:local',
			...command,
		);
	await runContainer(names.running, [...L, '-p', '127.0.0.1::8080'], ['httpd', '-f', '-p', '8080']);
	await runContainer(
		names.healthy,
		[...L, '--health-cmd', 'true', '--health-interval', '1s'],
		['sleep', '3600'],
	);
	await docker(
		'create',
		'--label',
		`${TEST_LABEL}=1`,
		...L,
		'--name',
		names.created,
		'dockmedic/busybox:local',
		'sleep',
		'1',
	);
	await runContainer(names.paused, L);
	await docker('pause', names.paused);
	await runContainer(names.restarting, [...L, '--restart', 'always'], ['sh', '-c', 'echo failing; exit 1']);
	await runToExit(names.exited0, [], ['true']);
	await runToExit(names.exited3, [], ['sh', '-c', 'exit 3']);
	// The engine learns of an OOM kill from an event apart from the exit; on a busy machine it can miss it
	// (exit 137, OOMKilled false, in docker inspect too). This test compares with the engine, so it makes
	// a container the engine did see killed, trying up to three times.
	for (let attempt = 0; attempt < 3; attempt++) {
		await dockerStatus('rm', '-f', names.oom);
		await runToExit(names.oom, ['-m', '16m', '--memory-swap', '16m'], ['busybox', 'tail', '/dev/zero']);
		const seen = await waitFor(async () => (await inspectState(names.oom)).State.OOMKilled, 5000).catch(
			() => false,
		);
		if (seen) break;
	}
	await waitFor(async () => (await inspectState(names.healthy)).State.Health?.Status === 'healthy', 20_000);
	// Several restarts in, the back-off keeps it in "restarting" long enough to compare.
	await waitFor(
		async () => {
			const s = await inspectState(names.restarting);
			return s.RestartCount >= 3 && s.State.Status === 'restarting';
		},
		30_000,
		20,
	);
});

afterAll(() => removeLabelled(label));

describe('dockmedic ps --all --format json, against docker ps -a and docker inspect', () => {
	it('agrees on every container in every state', async () => {
		const before = await dockerPs();
		const result = await dockmedic(['ps', '--all', '--format', 'json']);
		const after = await dockerPs();
		expect(result.code).toBe(0);
		const ours = new Map(
			(JSON.parse(result.stdout) as PsEntry[])
				.filter((e) => e.name.startsWith(GROUP))
				.map((e) => [e.name, e]),
		);
		expect([...ours.keys()].sort()).toEqual([...before.keys()].sort());
		expect(ours.size).toBe(Object.keys(names).length);

		for (const [name, entry] of ours) {
			const theirs = [before.get(name), after.get(name)];
			// A crash loop flips between restarting and running within milliseconds; the others are stable.
			const allowed = name === names.restarting ? ['restarting', 'running'] : theirs.map((t) => t?.State);
			expect(allowed, name).toContain(entry.state);
			expect(entry.image).toBe(before.get(name)?.Image);
			const inspected = await inspectState(name);
			expect(entry.id).toBe(inspected.Id);
		}

		expect(ours.get(names.running), names.running).toMatchObject({
			state: 'running',
			health: null,
			exitCode: null,
		});
		expect(ours.get(names.running)?.ports).toEqual([
			expect.objectContaining({
				ip: '127.0.0.1',
				privatePort: 8080,
				type: 'tcp',
				publicPort: expect.any(Number),
			}),
		]);
		const publicPort = ours.get(names.running)?.ports[0]?.publicPort;
		expect(before.get(names.running)?.Ports).toContain(`127.0.0.1:${publicPort}->8080/tcp`);
		expect(ours.get(names.healthy), names.healthy).toMatchObject({ state: 'running', health: 'healthy' });
		expect(before.get(names.healthy)?.Status).toContain('(healthy)');
		expect(ours.get(names.created), names.created).toMatchObject({
			state: 'created',
			exitCode: null,
			startedAt: null,
		});
		expect(ours.get(names.paused), names.paused).toMatchObject({ state: 'paused' });
		expect(ours.get(names.exited0), names.exited0).toMatchObject({
			state: 'exited',
			exitCode: 0,
			oomKilled: false,
		});
		expect(ours.get(names.exited3), names.exited3).toMatchObject({ state: 'exited', exitCode: 3 });
		expect(before.get(names.exited3)?.Status).toMatch(/^Exited \(3\)/);
		expect(ours.get(names.oom), names.oom).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true });
		expect((await inspectState(names.oom)).State.OOMKilled).toBe(true);
		const restarting = ours.get(names.restarting);
		// Between restarts it is "restarting" with the last exit code; the engine resets the code on each start.
		expect(restarting?.exitCode).toBe(restarting?.state === 'restarting' ? 1 : null);
		expect(restarting?.restartCount).toBeGreaterThanOrEqual(3);
		expect(restarting?.restartCount).toBeLessThanOrEqual((await inspectState(names.restarting)).RestartCount);
	});

	it('lists only running containers without --all, like docker ps', async () => {
		const result = await dockmedic(['ps', '--format', 'json']);
		const ours = (JSON.parse(result.stdout) as PsEntry[])
			.filter((e) => e.name.startsWith(GROUP))
			.map((e) => e.name);
		const theirs = (await docker('ps', '--filter', `label=${label}`, '--format', '{{.Names}}'))
			.split('\n')
			.filter(Boolean);
		// The restarting container may flip to running between the two calls; compare the stable ones.
		const stable = (list: string[]) => list.filter((n) => n !== names.restarting).sort();
		expect(stable(ours)).toEqual(stable(theirs));
		expect(ours).toContain(names.paused);
		expect(ours).not.toContain(names.exited3);
	});

	it('prints a table with health, exit state and restarts', async () => {
		const result = await dockmedic(['ps', '-a']);
		expect(result.code).toBe(0);
		const lines = result.stdout.split('\n');
		expect(lines[0]).toMatch(/^NAME\s+IMAGE\s+STATE\s+STATUS\s+RESTARTS\s+PORTS$/);
		expect(lines.find((l) => l.startsWith(names.healthy))).toContain('running (healthy)');
		expect(lines.find((l) => l.startsWith(names.oom))).toMatch(/exited\s+Exited \(137\)/);
	});
});

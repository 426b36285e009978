import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName, waitFor } from '../helpers/docker.js';

const NAME = uniqueName('timeline');
const label = `${TEST_LABEL}.group=${NAME}`;

beforeAll(async () => {
	// A crash loop: each run says what it does, fails, and the policy starts it again.
	await runContainer(
		NAME,
		['--label', label, '--restart', 'always'],
		['sh', '-c', 'echo "sync starting"; sleep 1; echo "sync: upstream closed the connection" >&2; exit 3'],
	);
	await waitFor(
		async () => Number((await docker('inspect', '-f', '{{.RestartCount}}', NAME)).trim()) >= 2,
		30_000,
		200,
	);
	// Enough history: the loop stops here, so that it does not keep the engine's other watchers (the
	// console tests' quiet-screen check among them) busy for the rest of the run.
	await docker('update', '--restart', 'no', NAME);
});

afterAll(() => removeLabelled(label));

describe('dockmedic timeline on the real engine', () => {
	it('agrees with docker events on the deaths of a crash loop, and shows what each run wrote', async () => {
		const result = await dockmedic(['timeline', NAME, '--since', '10m', '--format', 'json']);
		expect(result.code, result.stderr).toBe(1);
		const t = JSON.parse(result.stdout) as {
			deaths: number;
			until: string;
			entries: { action: string; summary: string; lastLines: string[] }[];
		};
		// The oracle: the engine's history through the docker CLI, up to the same moment.
		const until = Math.floor(Date.parse(t.until) / 1000);
		const dies = (
			await docker(
				'events',
				'--since',
				String(until - 600),
				'--until',
				String(until),
				'--filter',
				`container=${NAME}`,
				'--filter',
				'event=die',
				'--format',
				'{{.Actor.Attributes.exitCode}}',
			)
		)
			.trim()
			.split('\n')
			.filter(Boolean);
		expect(t.deaths).toBe(dies.length);
		const deaths = t.entries.filter((e) => e.action === 'die');
		expect(deaths.map((d) => d.summary)).toEqual(
			dies.map((code) => `died: exit code ${code} (application-defined error)`),
		);
		expect(deaths[0]?.lastLines).toEqual(['sync starting', 'sync: upstream closed the connection']);
		expect(t.entries[0]?.action).toBe('create');
	});

	it('agrees with docker events on an OOM kill, a health flip and network connects', async () => {
		const oom = `${NAME}-oom`;
		const flip = `${NAME}-flip`;
		const network = `${NAME}-net`;
		const started = Math.floor(Date.now() / 1000) - 1;
		// tail on /dev/zero keeps every byte looking for a line end: killed at its 16 MiB limit.
		await runContainer(
			oom,
			['--label', label, '--memory', '16m', '--memory-swap', '16m'],
			['tail', '/dev/zero'],
		);
		// Healthy once /tmp/ok exists, unhealthy once it is gone again.
		await runContainer(
			flip,
			[
				'--label',
				label,
				'--health-cmd',
				'test -f /tmp/ok',
				'--health-interval',
				'1s',
				'--health-retries',
				'1',
			],
			['sh', '-c', 'sleep 2; touch /tmp/ok; sleep 4; rm /tmp/ok; sleep 3600'],
		);
		await docker('network', 'create', '--label', label, network);
		await docker('network', 'connect', network, flip);
		await docker('network', 'disconnect', network, flip);
		await waitFor(
			async () => (await docker('inspect', '-f', '{{.State.OOMKilled}}', oom)).trim() === 'true',
			30_000,
			200,
		);
		// Healthy first (the file appears), then unhealthy (it goes): the flip, in that order.
		for (const status of ['healthy', 'unhealthy'])
			await waitFor(
				async () => (await docker('inspect', '-f', '{{.State.Health.Status}}', flip)).trim() === status,
				30_000,
				200,
			);
		const timeline = async (name: string) =>
			JSON.parse((await dockmedic(['timeline', name, '--since', '5m', '--format', 'json'])).stdout) as {
				until: string;
				entries: { action: string; summary: string; bad: boolean }[];
			};
		const events = async (name: string, until: number, ...filters: string[]) =>
			(
				await docker(
					'events',
					'--since',
					String(started),
					'--until',
					String(until),
					'--filter',
					`container=${name}`,
					...filters.flatMap((f) => ['--filter', f]),
					'--format',
					'{{.Action}}',
				)
			)
				.trim()
				.split('\n')
				.filter(Boolean);

		const killed = await timeline(oom);
		const killedUntil = Math.floor(Date.parse(killed.until) / 1000);
		const oomActions = killed.entries.filter((e) => e.action === 'oom' || e.action === 'die');
		expect(oomActions.map((e) => e.action).sort()).toEqual(
			(await events(oom, killedUntil, 'event=oom', 'event=die')).sort(),
		);
		expect(killed.entries.find((e) => e.action === 'oom')).toMatchObject({
			bad: true,
			summary: 'OOM kill: the kernel killed a process at the memory limit',
		});
		expect(killed.entries.find((e) => e.action === 'die')?.summary).toContain('exit code 137');

		const flipped = await timeline(flip);
		const flipUntil = Math.floor(Date.parse(flipped.until) / 1000);
		const health = flipped.entries.filter((e) => e.action.startsWith('health_status'));
		expect(health.map((e) => e.action)).toEqual(await events(flip, flipUntil, 'event=health_status'));
		expect(health.map((e) => e.summary)).toContain('health: healthy');
		expect(health.map((e) => e.summary)).toContain('health: unhealthy');
		// Its network connects and disconnects are network events: they are there too, in order.
		// (Its start connected it to the default bridge too: one more network event, not this network's.)
		const moves = flipped.entries.filter(
			(e) => e.action.startsWith('network ') && e.summary.endsWith(network),
		);
		// (The engine itself records a disconnect twice; the timeline shows what it recorded.)
		expect(moves[0]?.summary).toBe(`connected to network ${network}`);
		expect(moves.at(-1)?.summary).toBe(`disconnected from network ${network}`);
		const netEvents = (
			await docker(
				'events',
				'--since',
				String(started),
				'--until',
				String(flipUntil),
				'--filter',
				`network=${network}`,
				'--format',
				'{{.Action}}',
			)
		)
			.trim()
			.split('\n')
			.filter((a) => a === 'connect' || a === 'disconnect');
		expect(moves.map((e) => e.action)).toEqual(netEvents.map((a) => `network ${a}`));
	}, 90_000);

	it('refuses a --since it cannot read, and names a missing container', async () => {
		const bad = await dockmedic(['timeline', NAME, '--since', 'yesterday']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--since expects a duration like 30m, 1h or 2d, got "yesterday"');
		const missing = await dockmedic(['timeline', `${NAME}-nope`]);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/No such container/);
	});
});

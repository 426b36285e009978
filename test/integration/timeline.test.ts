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

	it('refuses a --since it cannot read, and names a missing container', async () => {
		const bad = await dockmedic(['timeline', NAME, '--since', 'yesterday']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--since expects a duration like 30m, 1h or 2d, got "yesterday"');
		const missing = await dockmedic(['timeline', `${NAME}-nope`]);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/No such container/);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, Engine } from '../../src/engine/index.js';
import { ContainerStore } from '../../src/store/container-store.js';
import {
	docker,
	inspectState,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	testEndpoint,
	uniqueName,
} from '../helpers/docker.js';

const GROUP = uniqueName('live');
const label = `${TEST_LABEL}.group=${GROUP}`;
const endpoint = testEndpoint();

let store: ContainerStore;

/** Resolves with the time (ms after `since`) at which the store's snapshot satisfied the predicate. */
function changeSeen(predicate: () => boolean, since: number, timeoutMs = 5000): Promise<number> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`store did not show the change within ${timeoutMs} ms`));
		}, timeoutMs);
		const check = () => {
			if (!predicate()) return;
			clearTimeout(timer);
			unsubscribe();
			resolve(Date.now() - since);
		};
		const unsubscribe = store.subscribe(check);
		check();
	});
}

const row = (name: string) => store.getSnapshot().rows.find((r) => r.name === name);

beforeAll(async () => {
	await runContainer(`${GROUP}-a`, ['--label', label]);
	await runContainer(`${GROUP}-b`, ['--label', label, '--health-cmd', 'true']);
	store = new ContainerStore({ connect: () => Engine.connect(endpoint), describe: describeError });
	store.start();
	await store.waitUntilLoaded();
});

afterAll(async () => {
	await store.stop();
	await removeLabelled(label);
});

describe('the live container list, fed by the events stream', () => {
	it('loads the same containers as docker ps -a, with inspect details', async () => {
		// Other test files create containers meanwhile: compare this file's group and the unlabelled ones.
		const mine = (r: { labels: Readonly<Record<string, string>> }) =>
			!(TEST_LABEL in r.labels) || r.labels[`${TEST_LABEL}.group`] === GROUP;
		const listed = JSON.parse(
			`[${(await docker('ps', '-a', '--no-trunc', '--format', '{{json .}}')).trim().split('\n').filter(Boolean).join(',')}]`,
		) as { ID: string; Labels: string }[];
		const theirs = listed
			.filter((c) =>
				mine({
					labels: Object.fromEntries(
						c.Labels.split(',')
							.filter(Boolean)
							.map((kv) => kv.split('=') as [string, string]),
					),
				}),
			)
			.map((c) => c.ID)
			.sort();
		expect(theirs.length).toBeGreaterThanOrEqual(2);
		expect(store.getSnapshot().connection.status).toBe('live');
		expect(store.getSnapshot().engine?.version).toBe(
			(await docker('version', '--format', '{{.Server.Version}}')).trim(),
		);
		expect(
			store
				.getSnapshot()
				.rows.filter(mine)
				.map((r) => r.id)
				.sort(),
		).toEqual(theirs);
		expect(store.getSnapshot().rows.every((r) => r.detailed)).toBe(true);
	});

	it('shows a container started, stopped and removed with the docker CLI within one second each', async () => {
		const name = `${GROUP}-web`;
		await runContainer(name, ['--label', label], ['sleep', '3600']);
		// From when `docker run -d` returned (it has started the container): the list's delay, not the CLI's.
		let mark = Date.now();
		const started = await changeSeen(() => row(name)?.state === 'running', mark);
		expect(started).toBeLessThan(1000);
		expect(row(name)?.restartCount).toBe(0);

		await docker('stop', '-t', '0', name);
		mark = Date.now();
		const stopped = await changeSeen(() => row(name)?.state === 'exited', mark);
		expect(stopped).toBeLessThan(1000);
		expect(row(name)?.exitCode).toBe((await inspectState(name)).State.ExitCode);

		await docker('rm', name);
		mark = Date.now();
		const removed = await changeSeen(() => row(name) === undefined, mark);
		expect(removed).toBeLessThan(1000);
	});

	it('follows a crash loop: restart count and exit code keep up with docker inspect', async () => {
		const name = `${GROUP}-loop`;
		await runContainer(name, ['--label', label, '--restart', 'always'], ['sh', '-c', 'exit 5']);
		await changeSeen(() => (row(name)?.restartCount ?? 0) >= 2, Date.now(), 15_000);
		await changeSeen(() => row(name)?.state === 'restarting', Date.now(), 15_000);
		expect(row(name)?.exitCode).toBe(5);
		const inspected = await inspectState(name);
		expect(inspected.RestartCount).toBeGreaterThanOrEqual(row(name)?.restartCount ?? 0);
	});
});

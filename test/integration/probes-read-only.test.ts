import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybooks } from '../../src/playbooks/loader.js';
import { dockmedic, ROOT } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';

const GROUP = uniqueName('readonly');
const label = `${TEST_LABEL}.group=${GROUP}`;
const app = `${GROUP}-app`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dm-readonly-'));

/** What a diagnosis must not change: the container's files, its configuration and state, and its mount. */
async function snapshot() {
	const [inspected] = JSON.parse(await docker('inspect', app)) as Array<Record<string, unknown>>;
	const { State, RestartCount, Config, HostConfig, Mounts, NetworkSettings } = inspected as {
		State: unknown;
		RestartCount: unknown;
		Config: unknown;
		HostConfig: unknown;
		Mounts: unknown;
		NetworkSettings: { Networks: unknown };
	};
	return {
		diff: await docker('diff', app),
		inspect: { State, RestartCount, Config, HostConfig, Mounts, Networks: NetworkSettings.Networks },
		mount: readdirSync(dataDir).map((name) => [name, statSync(path.join(dataDir, name)).mtimeMs]),
		mountTime: statSync(dataDir).mtimeMs,
	};
}

beforeAll(async () => {
	// A container that complains it cannot write, with a database to reach and a mount it may not write to:
	// enough that every playbook's probes run, exec and helper containers included.
	await runContainer(
		app,
		[
			'--label',
			label,
			'--user',
			'1000',
			'-e',
			'DB_HOST=orders-db',
			'-e',
			'DB_PORT=5432',
			'-e',
			'API_TOKEN=secret-value',
			'-v',
			`${dataDir}:/data`,
		],
		['sh', '-c', 'echo "open /data/out.csv: permission denied" >&2; sleep 3600'],
	);
});

afterAll(() => removeLabelled(label));

describe('probes only read', () => {
	it('leave the container, its files, its mount and its state unchanged after every playbook runs', async () => {
		const before = await snapshot();
		const ids = loadPlaybooks([path.join(ROOT, 'playbooks')]).playbooks.map((p) => p.id);
		expect(ids).toEqual(expect.arrayContaining(['crash', 'network', 'storage-permission']));
		for (const id of ids) {
			const result = await dockmedic(['diagnose', app, '--playbook', id, '--format', 'json']);
			expect(result.stderr).toBe('');
			expect(JSON.parse(result.stdout).steps.length).toBeGreaterThan(0);
		}
		expect(await snapshot()).toEqual(before);
		// And no helper container outlives the run.
		expect(await docker('ps', '-aq', '--filter', 'label=dockmedic.helper')).toBe('');
	});
});

import { expect } from 'vitest';
import { docker, dockerStatus } from '../helpers/docker.js';
import { describeLabLifecycles, symptoms } from '../helpers/labs.js';

/** Compose labs, created with the real Compose from the file each writes; fixed in the file, then `up -d`. */
const cases: Record<string, () => Promise<void>> = {
	'shop-db-never-healthy': async () => {
		await symptoms.health('shop-db', 'unhealthy');
		// Compose v1 never creates a service whose dependency is unhealthy; v2 leaves it created.
		const web = await docker('ps', '-a', '--filter', 'name=^shop-web$', '--format', '{{.State}}');
		expect(['', 'created']).toContain(web.trim());
	},
	'fulfil-split-networks': () => symptoms.cannotReach('fulfil-api', 'db', 5432),
	'payroll-env-missing': () => symptoms.exited('payroll-api', 1),
	'stock-registry-prefix': async () => {
		// The database came up; the service whose image is not here has no container.
		expect((await docker('ps', '--filter', 'name=^stock-db$', '--format', '{{.State}}')).trim()).toBe(
			'running',
		);
		expect((await docker('ps', '-a', '--filter', 'name=^stock-sync$', '--format', '{{.State}}')).trim()).toBe(
			'',
		);
		const inspected = await dockerStatus('image', 'inspect', 'localhost:5999/dockmedic/busybox:local');
		expect(inspected.code).not.toBe(0);
	},
	'reports-volume-root': () =>
		symptoms.writeDenied('reports-worker', '/var/lib/reports', /Permission denied/),
};

describeLabLifecycles(cases);

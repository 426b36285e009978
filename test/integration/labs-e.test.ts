import { expect } from 'vitest';
import { docker } from '../helpers/docker.js';
import { describeLabLifecycles, symptoms } from '../helpers/labs.js';

/** Causes that had a verdict and no lab: signals, a segfault, a silent loop, a slow check, a log driver, memory. */
const cases: Record<string, () => Promise<void>> = {
	'worker-ignores-sigterm': () => symptoms.exited('queue-worker', 137, { oomKilled: false }),
	'thumbs-segfault': () => symptoms.exited('image-thumbs', 139, { oomKilled: false }),
	'ledger-sync-loop': () => symptoms.restartsWithCode('ledger-sync', 3),
	'search-health-timeout': () => symptoms.health('search-api', 'unhealthy', -1),
	'audit-syslog-down': async () => {
		const state = (
			await docker('inspect', '-f', '{{.State.Status}} {{.State.Error}}', 'audit-shipper')
		).trim();
		expect(state).toMatch(/^created .*failed to initialize logging driver/);
	},
	'importer-near-limit': async () => {
		const used = await docker('stats', '--no-stream', '--format', '{{.MemPerc}}', 'csv-importer');
		expect(Number.parseFloat(used)).toBeGreaterThanOrEqual(90);
	},
	'admin-port-taken': async () => {
		const state = (await docker('inspect', '-f', '{{.State.Status}} {{.State.Error}}', 'admin-v2')).trim();
		expect(state).toMatch(/^created .*(port is already allocated|address already in use)/);
	},
	'report-script-not-executable': async () => {
		const state = (
			await docker('inspect', '-f', '{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}', 'report-cron')
		).trim();
		expect(state).toMatch(/^created 126 .*permission denied/);
	},
	'config-mount-hides-etc': async () => {
		await symptoms.exited('group-sync', 1);
		// The image has the file; the container, with the mount, does not.
		expect(
			await docker('run', '--rm', '--label', 'dockmedic.test=1', 'dockmedic/busybox:local', 'ls', '/etc'),
		).toContain('group');
	},
};

describeLabLifecycles(cases);

import { expect } from 'vitest';
import { dockerStatus, inspectState } from '../helpers/docker.js';
import { describeLabLifecycles, symptoms } from '../helpers/labs.js';

/** Network and storage scenarios: start, symptom, verify fails, documented fix, verify passes, reset. */
const cases: Record<string, () => Promise<void>> = {
	'db-on-other-network': () => symptoms.dbUnreachable('checkout-web'),
	'db-stopped': async () => {
		expect((await inspectState('billing-db')).State.Status).toBe('exited');
		await symptoms.dbUnreachable('billing-api');
	},
	'db-host-typo': () => symptoms.dbUnreachable('inventory-api'),
	'db-localhost': () => symptoms.dbUnreachable('crm-app'),
	'db-wrong-port': () => symptoms.dbUnreachable('ledger-api'),
	'status-page-loopback': async () => {
		const r = await fetch('http://127.0.0.1:28080/', { signal: AbortSignal.timeout(3000) }).then(
			() => 'answered',
			(error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
		);
		expect(r).not.toBe('answered');
	},
	'updater-network-none': () => symptoms.cannotReach('geoip-updater', 'geoip-mirror', 80),
	'uploads-owned-by-root': () => symptoms.writeDenied('media-api', '/srv/uploads', /Permission denied/),
	'uploads-read-only': () => symptoms.writeDenied('docs-api', '/srv/uploads', /Read-only file system/),
	'renderer-read-only-rootfs': async () => {
		const r = await dockerStatus('exec', 'pdf-renderer', 'mkdir', '-p', '/var/cache/renderer');
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(/Read-only file system/);
	},
	'indexer-config-missing': () => symptoms.exited('search-indexer', 1),
	'spool-disk-full': async () => {
		const r = await dockerStatus(
			'exec',
			'log-shipper',
			'dd',
			'if=/dev/zero',
			'of=/var/spool/shipper/probe',
			'bs=1k',
			'count=512',
		);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(/No space left on device/);
	},
};

describeLabLifecycles(cases);

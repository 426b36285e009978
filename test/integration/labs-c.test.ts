import { expect } from 'vitest';
import { docker, dockerStatus, inspectState, waitFor } from '../helpers/docker.js';
import { describeLabLifecycles, symptoms } from '../helpers/labs.js';

/** Running services that cannot reach or authenticate to a dependency, told by what they log. */
const logsShow = async (container: string, pattern: RegExp) =>
	waitFor(async () => pattern.test((await dockerStatus('logs', container)).stderr), 15_000, 200);

const cases: Record<string, () => Promise<void>> = {
	'payments-gateway-typo': async () => {
		await symptoms.cannotReach('checkout-api', 'payment-gw', 9000);
		await logsShow('checkout-api', /Error: getaddrinfo ENOTFOUND payment-gw/);
	},
	'sessions-cache-other-network': async () => {
		await symptoms.cannotReach('session-worker', 'sessions-cache', 6379);
		await logsShow(
			'session-worker',
			/Error -2 connecting to sessions-cache:6379\. Name or service not known\./,
		);
	},
	'inventory-wrong-port': async () => {
		const r = await dockerStatus('exec', 'orders-api', 'nc', '-w', '2', 'inventory', '8081');
		expect(r.stderr).toMatch(/Connection refused/);
		await logsShow('orders-api', /dial tcp [\d.]+:8081: connect: connection refused/);
	},
	'billing-password-rotated': async () => {
		const r = await dockerStatus(
			'exec',
			'invoice-worker',
			'sh',
			'-c',
			'wget -q -O /dev/null "http://$BILLING_USER:$BILLING_PASSWORD@invoicing-api:8080/"',
		);
		expect(r.stderr).toMatch(/401 Unauthorized/);
		await logsShow('invoice-worker', /401 Client Error: Unauthorized for url/);
	},
	'session-store-localhost': async () => {
		await symptoms.cannotReach('cart-web', '127.0.0.1', 6379);
		await logsShow('cart-web', /Error: connect ECONNREFUSED 127\.0\.0\.1:6379/);
	},
	'compose-db-unhealthy': async () => {
		await symptoms.health('shop-db-1', 'unhealthy');
		expect((await inspectState('shop-web-1')).State.Status).toBe('created');
		expect(
			await docker('inspect', '-f', '{{index .Config.Labels "com.docker.compose.depends_on"}}', 'shop-web-1'),
		).toMatch(/db:service_healthy/);
	},
};

describeLabLifecycles(cases);

import net from 'node:net';
import { expect } from 'vitest';
import { docker, dockerStatus, waitFor } from '../helpers/docker.js';
import { describeLabLifecycles } from '../helpers/labs.js';

/** What `docker logs` shows, both streams (Node's console.error writes to stderr). */
async function logsShow(container: string, pattern: RegExp): Promise<void> {
	await waitFor(async () => {
		const { stdout, stderr } = await dockerStatus('logs', container);
		return pattern.test(stdout + stderr) || undefined;
	}, 20_000);
}

/** Faults at the network's edges: a port nobody can reach, and Node.js applications failing in Node's own words. */
const cases: Record<string, () => Promise<void>> = {
	'catalog-not-published': async () => {
		// docker ps lists the port, without an arrow: exposed, not published.
		expect((await docker('ps', '--filter', 'name=^catalog-web$', '--format', '{{.Ports}}')).trim()).toBe(
			'8080/tcp',
		);
		expect((await docker('port', 'catalog-web')).trim()).toBe('');
		expect(
			(await dockerStatus('exec', 'catalog-web', 'sh', '-c', 'nc -w 2 127.0.0.1 8080 </dev/null')).code,
		).toBe(0);
		const fromHost = await new Promise<string>((resolve) => {
			const socket = net.connect(18650, '127.0.0.1', () => resolve('connected'));
			socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
		});
		expect(fromHost).toBe('ECONNREFUSED');
	},
	'metrics-host-gateway': async () => {
		// The service on the host answers; the name the app uses does not exist in the container.
		expect((await docker('inspect', '-f', '{{.HostConfig.ExtraHosts}}', 'report-agent')).trim()).toBe('[]');
		const lookup = await dockerStatus(
			'exec',
			'report-agent',
			'nc',
			'-w',
			'2',
			'host.docker.internal',
			'18640',
		);
		expect(lookup.code).not.toBe(0);
		await logsShow('report-agent', /getaddrinfo ENOTFOUND host\.docker\.internal/);
	},
	'treasury-dns-typo': async () => {
		expect((await docker('inspect', '-f', '{{.HostConfig.Dns}}', 'treasury-api')).trim()).toBe(
			'[10.213.77.35]',
		);
		const asked = await dockerStatus('exec', 'treasury-api', 'nslookup', 'treasury-db.corp.internal');
		expect(asked.stdout + asked.stderr).toMatch(/timed out/);
		// The company server itself knows the name.
		const direct = await docker(
			'exec',
			'treasury-api',
			'nslookup',
			'treasury-db.corp.internal',
			'10.213.77.53',
		);
		expect(direct).toContain('10.213.77.20');
	},
	'card-gateway-internal-ca': async () => {
		// TCP is fine; the handshake is not.
		await logsShow('card-gateway', /listening on https/);
		expect(
			(await dockerStatus('exec', 'checkout-worker', 'sh', '-c', 'nc -w 2 card-gateway 8443 </dev/null'))
				.code,
		).toBe(0);
		await logsShow('checkout-worker', /unable to verify the first certificate/);
	},
};

describeLabLifecycles(cases);

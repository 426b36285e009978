import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_LABEL } from './docker.js';
import { freePort } from './ports.js';

const SCRIPT = path.join(
	path.dirname(fileURLToPath(import.meta.url)),
	'..',
	'..',
	'scripts',
	'second-engine.sh',
);

/**
 * The second Docker engine of scripts/second-engine.sh, for the fleet tests, listening on its socket and
 * on loopback TCP guarded by TLS client certificates that this helper generates.
 */
export class SecondEngine {
	readonly root = '/run/dmt-engine2';
	readonly socket = `${this.root}/docker.sock`;
	readonly certs = `${this.root}/certs`;
	tlsPort = 0;

	get socketUrl(): string {
		return `unix://${this.socket}`;
	}

	get tlsUrl(): string {
		return `tcp://127.0.0.1:${this.tlsPort}`;
	}

	async up(): Promise<void> {
		mkdirSync(this.root, { recursive: true });
		if (!existsSync(path.join(this.certs, 'key.pem'))) makeCertificates(this.certs);
		this.tlsPort ||= await freePort();
		await this.start();
		// Test containers left by an earlier run that was killed.
		const left = this.docker('ps', '-aq', '--filter', `label=${TEST_LABEL}`).split('\n').filter(Boolean);
		if (left.length) this.docker('rm', '-f', ...left);
	}

	/** Starts dockerd (again) with the same settings; resolves once it answers. */
	async start(): Promise<void> {
		await run(SCRIPT, [
			'up',
			'--host',
			this.tlsUrl,
			'--tlsverify',
			'--tlscacert',
			`${this.certs}/ca.pem`,
			'--tlscert',
			`${this.certs}/server-cert.pem`,
			'--tlskey',
			`${this.certs}/server-key.pem`,
		]);
	}

	/** Stops dockerd (its containers keep their state on disk) and waits until the process is gone. */
	down(): void {
		execFileSync(SCRIPT, ['down'], { stdio: 'ignore' });
	}

	answers(): boolean {
		try {
			this.docker('version', '--format', '{{.Server.Version}}');
			return true;
		} catch {
			return false;
		}
	}

	docker(...args: string[]): string {
		return execFileSync('docker', ['-H', this.socketUrl, ...args], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 20_000,
		});
	}
}

function run(command: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed: ${stderr}`))));
	});
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate signed by it; and a stranger CA. */
function makeCertificates(dir: string): void {
	mkdirSync(dir, { recursive: true });
	const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
	for (const ca of ['ca', 'other-ca']) {
		ssl('genrsa', '-out', `${ca}-key.pem`, '2048');
		ssl(
			'req',
			'-new',
			'-x509',
			'-days',
			'2',
			'-key',
			`${ca}-key.pem`,
			'-subj',
			`/CN=dockmedic test ${ca}`,
			'-out',
			`${ca}.pem`,
		);
	}
	writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
	for (const [who, cn] of [
		['server', '127.0.0.1'],
		['client', 'dockmedic-client'],
	] as const) {
		const key = who === 'client' ? 'key.pem' : 'server-key.pem';
		const cert = who === 'client' ? 'cert.pem' : 'server-cert.pem';
		ssl('genrsa', '-out', key, '2048');
		ssl('req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-out', `${who}.csr`);
		ssl(
			'x509',
			'-req',
			'-days',
			'2',
			'-in',
			`${who}.csr`,
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca-key.pem',
			'-CAcreateserial',
			'-extfile',
			`${who}.ext`,
			'-out',
			cert,
		);
	}
}

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BASE_IMAGE, TEST_LABEL } from './docker.js';

/**
 * A second Docker engine on this machine, for the fleet tests: its own socket, data root, exec root,
 * pid file and managed containerd, a bridge of its own (never `--bridge none`, which deletes the first
 * engine's docker0), no iptables rules, and loopback TCP guarded by TLS client certificates that the
 * helper generates. The offline base image is copied over from the first engine.
 */
export class SecondEngine {
	readonly root = '/run/dmt-engine2';
	readonly dataRoot = '/var/lib/dmt-engine2';
	readonly socket = `${this.root}/docker.sock`;
	readonly certs = `${this.root}/certs`;
	readonly bridge = 'dmtbr2';
	tlsPort = 0;

	get socketUrl(): string {
		return `unix://${this.socket}`;
	}

	get tlsUrl(): string {
		return `tcp://127.0.0.1:${this.tlsPort}`;
	}

	/** Environment for the docker CLI (or dockmedic) to reach this engine over its socket. */
	get env(): Record<string, string> {
		return { DOCKER_HOST: this.socketUrl };
	}

	async up(): Promise<void> {
		mkdirSync(this.root, { recursive: true });
		this.down();
		if (!existsSync(`/sys/class/net/${this.bridge}`)) {
			execFileSync('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
			execFileSync('ip', ['addr', 'add', '10.213.0.1/24', 'dev', this.bridge]);
		}
		execFileSync('ip', ['link', 'set', this.bridge, 'up']);
		if (!existsSync(path.join(this.certs, 'key.pem'))) makeCertificates(this.certs);
		this.tlsPort ||= await freePort();
		await this.start();
		// Test containers left by an earlier run that was killed.
		const left = this.docker('ps', '-aq', '--filter', `label=${TEST_LABEL}`).split('\n').filter(Boolean);
		if (left.length) this.docker('rm', '-f', ...left);
		const imported = this.docker('image', 'ls', '-q', BASE_IMAGE).trim();
		if (!imported) {
			const image = execFileSync('docker', ['-H', 'unix:///var/run/docker.sock', 'save', BASE_IMAGE], {
				maxBuffer: 64 << 20,
			});
			execFileSync('docker', ['-H', this.socketUrl, 'load'], {
				input: image,
				stdio: ['pipe', 'ignore', 'pipe'],
			});
		}
	}

	/** Starts dockerd (again) with the same settings; resolves once it answers. */
	async start(): Promise<void> {
		const child = spawn(
			'dockerd',
			[
				'--host',
				this.socketUrl,
				'--host',
				this.tlsUrl,
				'--tlsverify',
				'--tlscacert',
				`${this.certs}/ca.pem`,
				'--tlscert',
				`${this.certs}/server-cert.pem`,
				'--tlskey',
				`${this.certs}/server-key.pem`,
				'--data-root',
				this.dataRoot,
				'--exec-root',
				`${this.root}/exec`,
				'--pidfile',
				`${this.root}/docker.pid`,
				'--bridge',
				this.bridge,
				'--iptables=false',
				'--ip-masq=false',
			],
			{ detached: true, stdio: ['ignore', 'ignore', 'ignore'] },
		);
		child.unref();
		for (let i = 0; i < 120; i++) {
			if (this.answers()) return;
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error('the second dockerd did not answer within 30 s');
	}

	/** Stops dockerd (its containers keep their state on disk) and waits until the process is gone. */
	down(): void {
		const pidFile = `${this.root}/docker.pid`;
		if (!existsSync(pidFile)) return;
		const pid = Number(readFileSync(pidFile, 'utf8'));
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			return;
		}
		// Gone, or a zombie: started by this process, it is reaped only when the event loop runs.
		const running = () => {
			try {
				return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
			} catch {
				return false;
			}
		};
		for (let i = 0; i < 300 && running(); i++) execFileSync('sleep', ['0.1']);
		if (running()) process.kill(pid, 'SIGKILL');
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

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((r) => server.close(r));
	return port;
}

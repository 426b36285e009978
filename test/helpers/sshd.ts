import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

/**
 * An OpenSSH server on a loopback port, started by the test: its own host key, key login only, for
 * root (who runs `docker system dial-stdio` against this machine's engine). `home` is a HOME for the
 * client side holding the login key and a known_hosts that records this server's key.
 */
export class LoopbackSshd {
	readonly dir = mkdtempSync(path.join(os.tmpdir(), 'dmt-sshd-'));
	readonly home = path.join(this.dir, 'home');
	port = 0;
	private pid = 0;

	async start(): Promise<void> {
		const keygen = (file: string) =>
			execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
		keygen(path.join(this.dir, 'host_key'));
		keygen(path.join(this.dir, 'stranger_key'));
		mkdirSync(path.join(this.home, '.ssh'), { recursive: true, mode: 0o700 });
		keygen(path.join(this.home, '.ssh', 'id_ed25519'));
		writeFileSync(
			path.join(this.dir, 'authorized_keys'),
			readFileSync(path.join(this.home, '.ssh', 'id_ed25519.pub')),
		);
		this.port = await freePort();
		writeFileSync(this.knownHostsFile, this.knownHostsLine('host_key'));
		writeFileSync(
			path.join(this.dir, 'sshd_config'),
			[
				`Port ${this.port}`,
				'ListenAddress 127.0.0.1',
				`HostKey ${path.join(this.dir, 'host_key')}`,
				`AuthorizedKeysFile ${path.join(this.dir, 'authorized_keys')}`,
				`PidFile ${path.join(this.dir, 'sshd.pid')}`,
				'PasswordAuthentication no',
				'KbdInteractiveAuthentication no',
				'PermitRootLogin prohibit-password',
				'UsePAM no',
				'StrictModes no',
				'',
			].join('\n'),
		);
		mkdirSync('/run/sshd', { recursive: true });
		const child = spawn(
			'/usr/sbin/sshd',
			['-D', '-E', this.logFile, '-f', path.join(this.dir, 'sshd_config')],
			{
				stdio: 'ignore',
				detached: true,
			},
		);
		child.unref();
		this.pid = child.pid ?? 0;
		for (let i = 0; i < 50; i++) {
			if (await accepts(this.port)) return;
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error('sshd did not listen within 5 s');
	}

	get logFile(): string {
		return path.join(this.dir, 'sshd.log');
	}

	/** How many logins sshd has accepted so far (one per SSH connection). */
	logins(): number {
		try {
			return readFileSync(this.logFile, 'utf8')
				.split('\n')
				.filter((l) => l.includes('Accepted publickey')).length;
		} catch {
			return 0;
		}
	}

	stop(): void {
		if (this.pid) process.kill(this.pid, 'SIGTERM');
	}

	get url(): string {
		return `ssh://root@127.0.0.1:${this.port}`;
	}

	get knownHostsFile(): string {
		return path.join(this.home, '.ssh', 'known_hosts');
	}

	/** A known_hosts line for this server's port, with the public key of `keyName` (host_key or stranger_key). */
	knownHostsLine(keyName: 'host_key' | 'stranger_key'): string {
		const [type, blob] = readFileSync(path.join(this.dir, `${keyName}.pub`), 'utf8').split(' ');
		return `[127.0.0.1]:${this.port} ${type} ${blob}\n`;
	}
}

function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

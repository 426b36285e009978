import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Duplex, PassThrough } from 'node:stream';
import type { Endpoint } from './endpoint.js';
import { streamAgent } from './stream-agent.js';

type SshEndpoint = Extract<Endpoint, { kind: 'ssh' }>;

/** How many HTTP connections (multiplexed sessions) at once: below sshd's default MaxSessions of 10. */
const MAX_SESSIONS = 8;
/** How long the login may take (a ProxyJump logs in twice). */
const LOGIN_TIMEOUT_MS = 15_000;

let openSshFound: boolean | undefined;

/** Whether this machine has the OpenSSH client (ssh2 carries ssh:// where it has none). */
export function hasOpenSsh(): boolean {
	openSshFound ??= spawnSync('ssh', ['-V'], { stdio: 'ignore' }).status === 0;
	return openSshFound;
}

/** A private folder (0700) for this process's control sockets: in /tmp a socket of a guessable name could be someone else's. */
let socketDir: string | undefined;
let masters = 0;

function controlSocketPath(): string {
	if (!socketDir) {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'dm-ssh-'));
		socketDir = dir;
		process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	}
	// Short: a unix socket path has a 108-byte limit.
	return path.join(socketDir, String(++masters));
}

/**
 * An HTTP agent that reaches a Docker engine over SSH exactly as the docker CLI does: the system `ssh`
 * runs `docker system dial-stdio` on the host, so ~/.ssh/config (aliases, User, Port, ProxyJump,
 * IdentityFile), the agent, known_hosts and certificates behave as for the user's own ssh. One login
 * carries the session: a control master opened once, each HTTP connection a session multiplexed on
 * it (it goes 10 s after the last one). BatchMode: a console cannot answer a password prompt, so keys
 * come from the agent or unencrypted files, and an unknown host key is refused.
 */
export function opensshAgent(endpoint: SshEndpoint): http.Agent {
	const controlPath = controlSocketPath();
	const common = [
		'-o',
		`ControlPath=${controlPath}`,
		'-o',
		'BatchMode=yes',
		// A silent network split ends the session (and the events stream with it) instead of hanging it.
		'-o',
		'ServerAliveInterval=15',
		'-o',
		'ServerAliveCountMax=3',
		...homeOptions(),
	];
	const target = [
		...(endpoint.explicitPort ? ['-p', String(endpoint.port)] : []),
		...(endpoint.username ? ['-l', endpoint.username] : []),
		'--',
		endpoint.host,
	];
	let master: Promise<void> | undefined;
	const openMaster = () => {
		// A master that went (a network drop, sshd restarted) leaves no socket: open another.
		if (master && !existsSync(controlPath)) master = undefined;
		master ??= new Promise<void>((resolve, reject) => {
			// -f: into the background once logged in; the parent's exit says whether it did.
			const child = spawn(
				'ssh',
				[...common, '-o', 'ControlMaster=yes', '-o', 'ControlPersist=10', '-N', '-f', ...target],
				{ stdio: ['ignore', 'ignore', 'pipe'] },
			);
			let stderr = '';
			child.stderr.on('data', (d: Buffer) => {
				stderr += d.toString();
			});
			const timer = setTimeout(() => child.kill(), LOGIN_TIMEOUT_MS);
			const fail = (error: Error) => {
				clearTimeout(timer);
				master = undefined;
				reject(error);
			};
			child.once('error', fail);
			child.once('exit', (code) => {
				if (code !== 0) return;
				clearTimeout(timer);
				// The backgrounded master keeps the pipe open: stop reading it.
				child.stderr.destroy();
				resolve();
			});
			// A failure: its output is whole once the pipes close.
			child.once('close', (code) => {
				if (code !== 0) fail(sshError(stderr, code));
			});
		});
		return master;
	};
	return streamAgent(MAX_SESSIONS, async () => {
		await openMaster();
		return dialStdio([...common, '-o', 'ControlMaster=no', ...target]);
	});
}

/**
 * One `docker system dial-stdio` on the host, its standard input and output as the connection. Its end
 * is held until ssh has exited, so that a failure (no docker there) ends the connection with ssh's own words.
 */
function dialStdio(args: string[]): Duplex {
	const child = spawn('ssh', [...args, 'docker', 'system', 'dial-stdio'], {
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const readable = new PassThrough();
	child.stdout.pipe(readable, { end: false });
	const socket = Duplex.from({ readable, writable: child.stdin });
	let stderr = '';
	child.stderr.on('data', (d: Buffer) => {
		stderr += d.toString();
	});
	child.once('error', (error) => socket.destroy(error));
	child.once('close', (code) => {
		if (code !== 0 && code !== null && !socket.destroyed) socket.destroy(sshError(stderr, code));
		else readable.end();
	});
	socket.once('close', () => {
		if (child.exitCode === null) child.kill();
	});
	return socket;
}

/**
 * dockmedic reads ~/.ssh from $HOME, as its other files; OpenSSH from the account's home. When they
 * differ (a HOME set for a session, a test), OpenSSH is told where the config, keys and known_hosts are.
 */
function homeOptions(): string[] {
	const home = os.homedir();
	let account: string;
	try {
		account = os.userInfo().homedir;
	} catch {
		return [];
	}
	if (home === account) return [];
	const ssh = path.join(home, '.ssh');
	const config = path.join(ssh, 'config');
	const keys = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => path.join(ssh, k)).filter(existsSync);
	return [
		'-F',
		existsSync(config) ? config : '/dev/null',
		'-o',
		`UserKnownHostsFile=${path.join(ssh, 'known_hosts')}`,
		...keys.flatMap((k) => ['-i', k]),
	];
}

/** An ssh failure as an error the engine's error mapping reads: network codes where ssh names them. */
function sshError(stderr: string, code: number | null): Error {
	const text = stderr
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l && !/^@+$|^Warning: Permanently added/.test(l))
		.join(' ');
	const error = new Error(text || `ssh exited with ${code}`) as Error & { code?: string };
	if (/Connection refused/i.test(text)) error.code = 'ECONNREFUSED';
	else if (/Could not resolve hostname/i.test(text)) error.code = 'ENOTFOUND';
	else if (/timed out/i.test(text)) error.code = 'ETIMEDOUT';
	else if (/No route to host/i.test(text)) error.code = 'EHOSTUNREACH';
	else error.code = 'DOCKMEDIC_SSH';
	return error;
}

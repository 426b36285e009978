import { execFileSync, spawn } from 'node:child_process';
import {
	appendFileSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PsEntry } from '../../src/cli/commands/ps.js';
import { dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName, waitFor } from '../helpers/docker.js';
import { LoopbackSshd } from '../helpers/sshd.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('ssh');
const label = `${TEST_LABEL}.group=${GROUP}`;
const sshd = new LoopbackSshd();
/** The client side: its own HOME (login key, known_hosts), no SSH agent. */
const client = () => ({ HOME: sshd.home, SSH_AUTH_SOCK: '', DOCKER_HOST: '', DOCKER_CONTEXT: '' });

beforeAll(async () => {
	await sshd.start();
	await runContainer(`${GROUP}-api`, ['--label', label], ['sh', '-c', 'echo api ready; sleep 3600']);
}, 30_000);
afterAll(async () => {
	sshd.stop();
	await removeLabelled(label);
});

it('lists the engine behind an ssh:// endpoint, logging in with the default key file, once', async () => {
	const before = sshd.logins();
	const result = await dockmedic(['--host', sshd.url, 'ps', '--format', 'json'], client());
	// Version, list and an inspect per container: all on one SSH connection.
	expect(sshd.logins() - before).toBe(1);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	// Other test files run containers meanwhile: compare this file's own, by its label.
	const entries = (JSON.parse(result.stdout) as PsEntry[]).filter((e) => e.name.startsWith(GROUP));
	const oracle = await docker('ps', '--filter', `label=${label}`, '--format', '{{.ID}} {{.Names}}');
	expect(entries.map((e) => `${e.id.slice(0, 12)} ${e.name}`)).toEqual(oracle.trim().split('\n'));
});

it('refuses a host whose key is not in known_hosts, and one whose key differs, saying which', async () => {
	writeFileSync(sshd.knownHostsFile, '');
	const unknown = await dockmedic(['--host', sshd.url, 'ps'], client());
	expect(unknown.code).toBe(2);
	expect(unknown.stderr).toContain(
		`The SSH host key of [127.0.0.1]:${sshd.port} is not in ~/.ssh/known_hosts`,
	);
	expect(unknown.stderr).not.toMatch(/\n\s+at /);

	writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine('stranger_key'));
	const mismatch = await dockmedic(['--host', sshd.url, 'ps'], client());
	expect(mismatch.code).toBe(2);
	expect(mismatch.stderr).toContain('does not match the one in ~/.ssh/known_hosts');
	expect(mismatch.stderr).toContain(`ssh-keygen -R [127.0.0.1]:${sshd.port}`);
	writeFileSync(sshd.knownHostsFile, sshd.knownHostsLine('host_key'));
});

it('says the login was refused when no key the server accepts is at hand', async () => {
	const result = await dockmedic(['--host', sshd.url.replace('root@', 'nobody@'), 'ps'], client());
	expect(result.code).toBe(2);
	expect(result.stderr).toContain(`SSH login to [127.0.0.1]:${sshd.port} as nobody was refused`);
});

it('runs the console over ssh://: the list, the logs of a container, and a clean quit', async () => {
	const before = sshd.logins();
	const session = new TmuxSession(uniqueName('sshui'), { args: ['--host', sshd.url], env: client() });
	try {
		await session.waitForScreen((s) => s.includes(`${GROUP}-api`) && s.includes('[live]'), 30_000);
		await session.openDetails(`${GROUP}-api`);
		session.type('2');
		await session.waitForScreen((s) => s.includes('api ready'), 20_000);
		session.keys('Escape');
		session.type('q');
		expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
		// The list, its events stream, inspects, row stats and the logs pane: one SSH connection in all.
		expect(sshd.logins() - before).toBe(1);
	} finally {
		session.kill();
	}
}, 60_000);

it('gives a shell in a container over ssh://, through the hijacked exec stream, sized to the terminal', async () => {
	const session = new TmuxSession(uniqueName('sshsh'), {
		columns: 90,
		rows: 20,
		args: ['--host', sshd.url, 'shell', `${GROUP}-api`],
		env: client(),
	});
	try {
		await session.waitForScreen((s) => s.includes('/ #'), 30_000);
		session.keys('hostname; stty size', 'Enter');
		const first = await session.waitForScreen((s) => /^20 90\r?$/m.test(s));
		const id = (await docker('inspect', '-f', '{{.Id}}', `${GROUP}-api`)).trim().slice(0, 12);
		expect(first).toContain(id);
		session.resize(100, 30);
		await session.sizeReaches(30, 100);
		session.keys('exit 6', 'Enter');
		await session.waitForScreen((s) => s.includes('EXIT=6'));
	} finally {
		session.kill();
	}
}, 60_000);

/** One `ps` over `host` with the client environment `env`: this file's containers, and the logins it took. */
async function psOver(host: string, env: Record<string, string>, servers = [sshd]) {
	const before = servers.map((s) => s.logins());
	const result = await dockmedic(['--host', host, 'ps', '--format', 'json'], env);
	const logins = servers.map((s, i) => s.logins() - (before[i] ?? 0));
	const names = result.code === 0 ? (JSON.parse(result.stdout) as PsEntry[]).map((e) => e.name) : [];
	return { result, logins, names };
}

it('keeps the built-in SSH client for machines without OpenSSH (DOCKMEDIC_SSH=ssh2): one login', async () => {
	const { result, logins, names } = await psOver(sshd.url, { ...client(), DOCKMEDIC_SSH: 'ssh2' });
	expect(result.stderr).toBe('');
	expect(names).toContain(`${GROUP}-api`);
	expect(logins).toEqual([1]);
});

describe('OpenSSH, as the user configured it', () => {
	const jump = new LoopbackSshd();
	const config = path.join(sshd.home, '.ssh', 'config');
	beforeAll(async () => {
		await jump.start();
		// The jump host lets the same key in, and the client knows its host key too.
		appendFileSync(
			path.join(jump.dir, 'authorized_keys'),
			readFileSync(path.join(sshd.home, '.ssh', 'id_ed25519.pub')),
		);
		appendFileSync(sshd.knownHostsFile, jump.knownHostsLine('host_key'));
		// Host aliases, users, ports and a ProxyJump from ~/.ssh/config, as the user's own ssh reads them.
		writeFileSync(
			config,
			[
				'Host engine-alias',
				'  HostName 127.0.0.1',
				`  Port ${sshd.port}`,
				'  User root',
				'Host jumpbox',
				'  HostName 127.0.0.1',
				`  Port ${jump.port}`,
				'  User root',
				'Host behind-jump',
				'  HostName 127.0.0.1',
				`  Port ${sshd.port}`,
				'  User root',
				'  ProxyJump jumpbox',
				'Host *',
				`  UserKnownHostsFile ${sshd.knownHostsFile}`,
				`  IdentityFile ${path.join(sshd.home, '.ssh', 'id_ed25519')}`,
				'',
			].join('\n'),
		);
	}, 30_000);
	afterAll(() => {
		jump.stop();
		rmSync(config, { force: true });
	});

	it('reaches a host alias of ~/.ssh/config (its HostName, Port and User), with one login', async () => {
		const { result, logins, names } = await psOver('ssh://engine-alias', client());
		expect(result.stderr).toBe('');
		expect(names).toContain(`${GROUP}-api`);
		expect(logins).toEqual([1]);
	});

	it('goes through a ProxyJump host, one login on each', async () => {
		const { result, logins, names } = await psOver('ssh://behind-jump', client(), [sshd, jump]);
		expect(result.stderr).toBe('');
		expect(names).toContain(`${GROUP}-api`);
		expect(logins).toEqual([1, 1]);
	});

	it('logs in with a passphrase-protected key held by the SSH agent', async () => {
		// A key only the agent holds (its file is encrypted, and not where ssh looks by default).
		const home = mkdtempSync(path.join(tmpdir(), 'dmt-ssh-agent-'));
		mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
		copyFileSync(sshd.knownHostsFile, path.join(home, '.ssh', 'known_hosts'));
		const key = path.join(home, 'locked_key');
		execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', key]);
		appendFileSync(path.join(sshd.dir, 'authorized_keys'), readFileSync(`${key}.pub`));
		const socket = path.join(home, 'agent.sock');
		const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
		try {
			await waitFor(() => existsSync(socket), 5000, 50);
			const askpass = path.join(home, 'askpass.sh');
			writeFileSync(askpass, "#!/bin/sh\necho 'open sesame'\n", { mode: 0o755 });
			execFileSync('ssh-add', [key], {
				env: {
					...process.env,
					SSH_AUTH_SOCK: socket,
					SSH_ASKPASS: askpass,
					SSH_ASKPASS_REQUIRE: 'force',
					DISPLAY: ':0',
				},
				stdio: 'ignore',
			});
			const url = sshd.url;
			const { result, logins, names } = await psOver(url, { ...client(), HOME: home, SSH_AUTH_SOCK: socket });
			expect(result.stderr).toBe('');
			expect(names).toContain(`${GROUP}-api`);
			expect(logins).toEqual([1]);
			// Without the agent the same login is refused: the key was the agent's.
			const refused = await psOver(url, { ...client(), HOME: home, SSH_AUTH_SOCK: '' });
			expect(refused.result.code).toBe(2);
			expect(refused.result.stderr).toContain('was refused');
		} finally {
			agent.kill();
		}
	});
});

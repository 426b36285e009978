import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PsEntry } from '../../src/cli/commands/ps.js';
import { dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
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

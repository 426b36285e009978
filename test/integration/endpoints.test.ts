import { writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PsEntry } from '../../src/cli/commands/ps.js';
import { dockmedic } from '../helpers/cli.js';
import { removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';

const GROUP = uniqueName('endpoint');
const label = `${TEST_LABEL}.group=${GROUP}`;
let proxy: net.Server;
let port = 0;

// A second listener of the same dockerd on loopback TCP: a byte-for-byte proxy to its socket.
beforeAll(async () => {
	proxy = net.createServer((client) => {
		const upstream = net.connect('/var/run/docker.sock');
		client.pipe(upstream).pipe(client);
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	port = (proxy.address() as net.AddressInfo).port;
	await runContainer(`${GROUP}-api`, ['--label', label]);
});

afterAll(async () => {
	proxy.close();
	await removeLabelled(label);
});

const names = (stdout: string) =>
	(JSON.parse(stdout) as PsEntry[]).map((e) => e.name).filter((n) => n.startsWith(GROUP));

describe('engine endpoints', () => {
	it('lists the same containers over tcp:// (flag and DOCKER_HOST) as over the unix socket', async () => {
		const viaUnix = await dockmedic(['ps', '--format', 'json'], {
			DOCKER_HOST: 'unix:///var/run/docker.sock',
		});
		const viaFlag = await dockmedic(['--host', `tcp://127.0.0.1:${port}`, 'ps', '--format', 'json']);
		const viaEnv = await dockmedic(['ps', '--format', 'json'], { DOCKER_HOST: `tcp://127.0.0.1:${port}` });
		expect([viaUnix.code, viaFlag.code, viaEnv.code]).toEqual([0, 0, 0]);
		expect(names(viaUnix.stdout)).toEqual([`${GROUP}-api`]);
		expect(names(viaFlag.stdout)).toEqual(names(viaUnix.stdout));
		expect(names(viaEnv.stdout)).toEqual(names(viaUnix.stdout));
	});

	it('follows a docker context from DOCKER_CONFIG, as docker context use would', async () => {
		const home = path.join(os.tmpdir(), `${GROUP}-dockercfg`);
		const { mkdirSync } = await import('node:fs');
		const { createHash } = await import('node:crypto');
		const id = createHash('sha256').update('loopback').digest('hex');
		mkdirSync(path.join(home, 'contexts/meta', id), { recursive: true });
		writeFileSync(path.join(home, 'config.json'), JSON.stringify({ currentContext: 'loopback' }));
		writeFileSync(
			path.join(home, 'contexts/meta', id, 'meta.json'),
			JSON.stringify({
				Name: 'loopback',
				Metadata: {},
				Endpoints: { docker: { Host: `tcp://127.0.0.1:${port}`, SkipTLSVerify: false } },
			}),
		);
		const result = await dockmedic(['ps', '--format', 'json'], { DOCKER_CONFIG: home, DOCKER_HOST: '' });
		expect(result.code).toBe(0);
		expect(names(result.stdout)).toEqual([`${GROUP}-api`]);
	});
});

describe('an unreachable engine', () => {
	it('names the missing socket, says what to do, and exits 2 without a stack trace', async () => {
		const result = await dockmedic(['ps'], { DOCKER_HOST: 'unix:///run/no-such-docker.sock' });
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(
			'Cannot reach the Docker engine at unix:///run/no-such-docker.sock (DOCKER_HOST): no socket',
		);
		expect(result.stderr).toContain('Start the engine');
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expect(result.stdout).toBe('');
	});

	it('reports a refused TCP port and a file that is not a socket', async () => {
		const refused = await dockmedic(['--host', 'tcp://127.0.0.1:1', 'ps']);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('tcp://127.0.0.1:1 (--host): connection refused');
		const file = path.join(os.tmpdir(), `${GROUP}-not-a-socket`);
		writeFileSync(file, 'x');
		const notSocket = await dockmedic(['--host', `unix://${file}`, 'ps']);
		expect(notSocket.code).toBe(2);
		expect(notSocket.stderr).toMatch(/Cannot reach the Docker engine at unix:\/\/.*not-a-socket/);
	});

	it('rejects a malformed host and an unknown context with exit 2', async () => {
		const bad = await dockmedic(['ps'], { DOCKER_HOST: 'ftp://example' });
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('unsupported scheme "ftp"');
		const ctx = await dockmedic(['--context', 'nowhere', 'ps'], { DOCKER_HOST: '' });
		expect(ctx.code).toBe(2);
		expect(ctx.stderr).toContain('docker context "nowhere" (from --context) does not exist');
	});

	it('exits 2 on a usage error', async () => {
		const result = await dockmedic(['ps', '--format', 'yaml']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("argument 'yaml' is invalid");
	});
});

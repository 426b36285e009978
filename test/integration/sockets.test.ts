import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailsForConsole } from '../../src/cli/commands/console-services.js';
import { SharedEngine } from '../../src/cli/shared-engine.js';
import { parseSockets } from '../../src/model/sockets.js';
import {
	docker,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	testEndpoint,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { freePort } from '../helpers/ports.js';

const NAME = uniqueName('socks');
const label = `${TEST_LABEL}.group=${NAME}`;
let hostPort = 0;

beforeAll(async () => {
	hostPort = await freePort();
	// A web server bound to loopback inside, behind a published port: the classic "published but unreachable".
	await runContainer(
		NAME,
		['--label', label, '-p', `127.0.0.1:${hostPort}:8080`],
		['sh', '-c', 'mkdir -p /w && echo ok > /w/index.html && exec httpd -f -p 127.0.0.1:8080 -h /w'],
	);
});

afterAll(() => removeLabelled(label));

describe('the sockets pane on the real engine', () => {
	it('reads the sockets /proc/net/tcp holds, marks the loopback listener behind its published port', async () => {
		const service = detailsForConsole(new SharedEngine(testEndpoint()));
		const read = await waitFor(async () => {
			const r = await service.sockets(NAME);
			return r.sockets.some((s) => s.state === 'LISTEN') ? r : undefined;
		}, 10_000);
		// The oracle: the kernel's table read by hand with the docker CLI.
		const byHand = parseSockets(await docker('exec', NAME, 'cat', '/proc/net/tcp', '/proc/net/tcp6'), 'tcp');
		const key = (s: { localAddress: string; localPort: number; state: string }) =>
			`${s.localAddress}:${s.localPort} ${s.state}`;
		expect(read.sockets.filter((s) => s.protocol === 'tcp' && s.state === 'LISTEN').map(key)).toEqual(
			byHand.filter((s) => s.state === 'LISTEN').map(key),
		);
		const listener = read.sockets.find((s) => s.localPort === 8080);
		expect(listener?.localAddress).toBe('127.0.0.1');
		expect(listener?.mark).toBe(
			`bound to loopback: only the container itself reaches it (published as 127.0.0.1:${hostPort}, which cannot)`,
		);
		expect(read.deadPublished).toEqual([]);
	});

	it('says why a stopped container has no sockets', async () => {
		await docker('stop', '-t', '0', NAME);
		const service = detailsForConsole(new SharedEngine(testEndpoint()));
		await expect(service.sockets(NAME)).rejects.toThrow(/is exited: it has no sockets/);
	});
});

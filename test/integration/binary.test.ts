import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import {
	docker,
	dockerStatus,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
} from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);
const GROUP = uniqueName('binary');
const label = `${TEST_LABEL}.group=${GROUP}`;
const IMAGE = `dockmedic-test:${GROUP}`;
const EXE = path.join(ROOT, 'build', 'dockmedic');
const SOCKET = '/var/run/docker.sock:/var/run/docker.sock';
let session: TmuxSession | undefined;

/**
 * The single executable and the image made of it, as a server without Node gets them: built from this
 * checkout's dist/ (not rebuilt: other test files run it), then run where no Node exists.
 */
beforeAll(async () => {
	await run(process.execPath, ['scripts/build-image.mjs', IMAGE, '--no-build'], {
		cwd: ROOT,
		timeout: 170_000,
	});
	await runContainer(`${GROUP}-web`, ['--label', label]);
}, 180_000);

afterAll(async () => {
	session?.kill();
	await removeLabelled(label);
	await dockerStatus('rmi', '-f', IMAGE);
});

describe('one executable for servers without Node', () => {
	it('runs on the host as the bundle does', async () => {
		expect(statSync(EXE).mode & 0o111).toBeTruthy();
		const version = (await run(EXE, ['--version'])).stdout.trim();
		expect(version).toBe(
			(await run(process.execPath, [path.join(ROOT, 'bin', 'dockmedic.js'), '--version'])).stdout.trim(),
		);
	});

	it('lists containers from inside an image that has no Node and no shell, as docker ps does', async () => {
		// Nothing but the executable and its libraries: no node, no sh.
		const noNode = await dockerStatus('run', '--rm', '--entrypoint', 'node', IMAGE, '--version');
		expect(noNode.code).not.toBe(0);
		expect(noNode.stderr).toContain('executable file not found');
		const noShell = await dockerStatus('run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', 'true');
		expect(noShell.code).not.toBe(0);
		const ps = JSON.parse(
			await docker('run', '--rm', '-v', SOCKET, IMAGE, 'ps', '--all', '--format', 'json'),
		) as {
			name: string;
			state: string;
		}[];
		const mine = ps.find((c) => c.name === `${GROUP}-web`);
		expect(mine?.state).toBe((await docker('inspect', '-f', '{{.State.Status}}', `${GROUP}-web`)).trim());
	});

	it('opens the console in a terminal from that image, and quits cleanly', async () => {
		session = new TmuxSession(uniqueName('binary'), {
			bin: `docker run --rm -it -v ${SOCKET} ${IMAGE}`,
			columns: 120,
		});
		await session.waitForScreen((s) => s.includes(`${GROUP}-web`), 30_000);
		session.type('q');
		expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
	});
});

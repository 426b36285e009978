import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);
const GROUP = uniqueName('pkg');
const label = `${TEST_LABEL}.group=${GROUP}`;
const DIR = mkdtempSync(path.join(os.tmpdir(), 'dockmedic-pkg-'));
const PREFIX = path.join(DIR, 'prefix');
const INSTALLED = path.join(PREFIX, 'bin', 'dockmedic');
const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
	.version;

/**
 * The npm package as a person installs it: packed from this checkout (its bundle as built), then
 * installed globally into an empty prefix, and run from there: no devDependency, no patch step.
 */
beforeAll(async () => {
	// --ignore-scripts: packing must not rebuild dist/ under the other test files that run it.
	await run('npm', ['pack', '--ignore-scripts', '--pack-destination', DIR], { cwd: ROOT });
	await run(
		'npm',
		[
			'install',
			'-g',
			'--prefix',
			PREFIX,
			'--prefer-offline',
			'--no-audit',
			'--no-fund',
			path.join(DIR, `dockmedic-${version}.tgz`),
		],
		{ cwd: DIR },
	);
	await runContainer(`${GROUP}-web`, ['--label', label]);
}, 180_000);

afterAll(async () => {
	await removeLabelled(label);
	rmSync(DIR, { recursive: true, force: true });
});

describe('the npm package, installed globally from its tarball', () => {
	it('installs, says its version, and lists containers as docker ps does', async () => {
		expect((await run(INSTALLED, ['--version'])).stdout.trim()).toBe(version);
		// Other test files create and remove containers meanwhile: ours is compared with the docker CLI's view.
		const ps = JSON.parse((await run(INSTALLED, ['ps', '--all', '--format', 'json'])).stdout) as {
			name: string;
			state: string;
			image: string;
		}[];
		const mine = ps.find((c) => c.name === `${GROUP}-web`);
		const oracle = (
			await docker('inspect', '-f', '{{.State.Status}} {{.Config.Image}}', `${GROUP}-web`)
		).trim();
		expect(`${mine?.state} ${mine?.image}`).toBe(oracle);
	});

	it('carries its playbooks and signature catalogue, and diagnoses', async () => {
		expect((await run(INSTALLED, ['playbooks', 'list'])).stdout).toContain('storage-permission');
		expect(
			(await run(INSTALLED, ['signatures', 'match', 'Error: getaddrinfo ENOTFOUND db'])).stdout,
		).toContain('node-getaddrinfo-enotfound');
		const diagnosis = JSON.parse(
			(await run(INSTALLED, ['diagnose', `${GROUP}-web`, '--format', 'json'])).stdout,
		) as {
			status: string;
			dockmedicVersion: string;
		};
		expect(diagnosis.status).toBe('healthy');
		expect(diagnosis.dockmedicVersion).toBe(version);
	});

	it('opens the console in a terminal and quits cleanly', async () => {
		const session = new TmuxSession(`${GROUP}-ui`, { bin: INSTALLED });
		try {
			await session.waitForScreen((s) => s.includes(`${GROUP}-web`) && s.includes('[live]'));
			session.keys('q');
			expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
		} finally {
			session.kill();
		}
	});
});

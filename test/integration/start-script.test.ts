import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

const run = promisify(execFile);

it('npm start never tries to bring up an engine that is not this machine’s own socket', async () => {
	const port = await freePort();
	const result = await run('bash', [path.join(ROOT, 'scripts', 'start.sh')], {
		env: { ...process.env, DOCKER_HOST: `tcp://127.0.0.1:${port}`, CI: '1' },
	}).then(
		() => ({ code: 0, stderr: '' }),
		(error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
	);
	expect(result.code).toBe(2);
	expect(result.stderr).toContain(`Cannot reach the Docker engine at tcp://127.0.0.1:${port} (DOCKER_HOST)`);
	expect(result.stderr).toContain(`npm start brings up only this machine's own engine`);
	// Even with CI set (which lets it set up the local engine unasked), engine-up.sh never ran.
	expect(result.stderr).not.toContain('engine-up:');
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const NAME = uniqueName('shell');
const label = `${TEST_LABEL}.group=${NAME}`;
let session: TmuxSession | undefined;

beforeAll(async () => {
	await runContainer(NAME, ['--label', label]);
	await runContainer(`${NAME}-stopped`, ['--label', label], ['true']);
});

afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

describe('dockmedic shell in a real terminal (tmux)', () => {
	it('gives the terminal a shell in the container, follows its size, and exits with its code', async () => {
		session = new TmuxSession(`${NAME}-a`, { columns: 90, rows: 20, args: ['shell', NAME] });
		await session.waitForScreen((s) => /# $/m.test(s.trimEnd()) || s.includes('/ #'));
		session.keys('id -u; stty size; hostname', 'Enter');
		const first = await session.waitForScreen((s) => /^20 90$/m.test(s));
		// Its hostname is the container's id: the command ran inside it, not here.
		const id = (await docker('inspect', '-f', '{{.Id}}', NAME)).trim().slice(0, 12);
		expect(first).toMatch(/^0$/m);
		expect(first).toContain(id);
		session.resize(100, 30);
		session.keys('stty size', 'Enter');
		await session.waitForScreen((s) => /^30 100$/m.test(s));
		session.keys('exit 7', 'Enter');
		await session.waitForScreen((s) => s.includes('EXIT=7'));
	});

	it('runs as the user asked for, and runs a command instead of a shell', async () => {
		session = new TmuxSession(`${NAME}-b`, { args: ['shell', '--user', '1000', NAME, '--', 'id', '-u'] });
		const screen = await session.waitForScreen((s) => s.includes('EXIT='));
		expect(screen).toMatch(/^1000\r?$/m);
		expect(screen).toContain('EXIT=0');
	});

	it('refuses with --read-only, without a terminal, and for a stopped container, saying why', async () => {
		const readOnly = await dockmedic(['--read-only', 'shell', NAME]);
		expect(readOnly.code).toBe(2);
		expect(readOnly.stderr).toContain('--read-only allows no shell');
		const piped = await dockmedic(['shell', NAME]);
		expect(piped.code).toBe(2);
		expect(piped.stderr).toContain('dockmedic shell needs a terminal');
		session = new TmuxSession(`${NAME}-c`, { args: ['shell', `${NAME}-stopped`] });
		const stopped = await session.waitForScreen((s) => s.includes('EXIT='));
		expect(stopped).toContain('is exited: a shell needs a running container');
		expect(stopped).toContain('EXIT=2');
	});
});

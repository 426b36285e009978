import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { EngineForwarder } from '../helpers/engine-forwarder.js';
import { freePort } from '../helpers/ports.js';
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
		session.keys('id -u; hostname; stty size', 'Enter');
		const first = await session.waitForScreen((s) => /^20 90$/m.test(s));
		// Its hostname is the container's id: the command ran inside it, not here (printed first, so on screen once the size is).
		const id = (await docker('inspect', '-f', '{{.Id}}', NAME)).trim().slice(0, 12);
		expect(first).toMatch(/^0$/m);
		expect(first).toContain(id);
		session.resize(100, 30);
		session.keys('stty size', 'Enter');
		await session.waitForScreen((s) => /^30 100$/m.test(s));
		session.keys('exit 7', 'Enter');
		await session.waitForScreen((s) => s.includes('EXIT=7'));
	});

	it('works the same over tcp://: the hijacked exec stream through a TCP endpoint', async () => {
		const forwarder = new EngineForwarder(await freePort());
		await forwarder.open();
		try {
			session = new TmuxSession(`${NAME}-tcp`, {
				columns: 90,
				rows: 20,
				args: ['-H', forwarder.url, 'shell', NAME],
			});
			await session.waitForScreen((s) => s.includes('/ #'));
			session.keys('hostname; stty size', 'Enter');
			const first = await session.waitForScreen((s) => /^20 90\r?$/m.test(s));
			const id = (await docker('inspect', '-f', '{{.Id}}', NAME)).trim().slice(0, 12);
			expect(first).toContain(id);
			session.resize(100, 30);
			await session.sizeReaches(30, 100);
			session.keys('exit 5', 'Enter');
			await session.waitForScreen((s) => s.includes('EXIT=5'));
		} finally {
			await forwarder.cut();
		}
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

describe('the shell key in the console (E)', () => {
	it('gives a shell in the selected container, and exit brings the console back where it was', async () => {
		session = new TmuxSession(`${NAME}-c`, { columns: 100, rows: 24 });
		await session.waitForScreen((s) => s.includes(NAME));
		session.type(`/${NAME}`);
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes(`filter "${NAME}"`) && s.includes('d diagnose'));
		// The stopped one first: E on it says why there is no shell.
		session.type('E');
		const refused = await session.waitForScreen((s) => s.includes(`No shell in ${NAME}-stopped:`));
		// Said in place: the console did not step aside for it.
		expect(refused).toContain(`${NAME}-stopped is exited: a shell needs it running.`);
		// Running containers only: the running one is selected.
		session.type('a');
		await session.waitForScreen((s) => s.includes('(running)'));
		session.type('E');
		await session.waitForScreen((s) => s.includes('`exit` returns to the console') && s.includes('/ #'));
		session.keys('hostname; echo inside-$((6*7))', 'Enter');
		const inside = await session.waitForScreen((s) => /^inside-42$/m.test(s));
		const id = (await docker('inspect', '-f', '{{.Id}}', NAME)).trim().slice(0, 12);
		expect(inside).toContain(id);
		session.keys('exit 3', 'Enter');
		const back = await session.waitForScreen((s) => s.includes(`Back from the shell in ${NAME} (exit 3).`));
		// The same view, drawn whole: the filter kept, nothing of the shell left on screen.
		expect(back).toContain(`filter "${NAME}"`);
		expect(back).not.toContain('inside-42');
		// It takes keys again.
		session.type('q');
		expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
	});

	it('offers no shell with --read-only', async () => {
		session = new TmuxSession(`${NAME}-d`, { columns: 100, rows: 24, args: ['--read-only'] });
		await session.waitForScreen((s) => s.includes(NAME));
		session.type('E');
		await new Promise((r) => setTimeout(r, 1000));
		expect(session.screen()).not.toContain('returns to the console');
	});
});

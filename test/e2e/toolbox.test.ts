import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { recordingProxy } from '../helpers/recording-proxy.js';
import { TmuxSession } from '../helpers/tmux.js';

const NAME = uniqueName('tbox');
const label = `${TEST_LABEL}.group=${NAME}`;
const volume = `${NAME}-data`;
/** An image without a shell, as distroless ones are: one static program, /busybox, and nothing else. */
const NO_SHELL_IMAGE = 'dockmedic/no-shell:test';
const dir = mkdtempSync(path.join(os.tmpdir(), 'dm-tbox-'));
let session: TmuxSession | undefined;

/** The image, built offline: a tar holding only the host's static busybox, imported with its entrypoint. */
async function buildNoShellImage(): Promise<void> {
	const archive = pack();
	archive.entry({ name: 'busybox', mode: 0o755 }, readFileSync('/bin/busybox'));
	archive.finalize();
	const chunks: Buffer[] = [];
	for await (const chunk of archive) chunks.push(chunk as Buffer);
	execFileSync('docker', ['import', '--change', 'ENTRYPOINT ["/busybox"]', '-', NO_SHELL_IMAGE], {
		input: Buffer.concat(chunks),
	});
}

const toolboxes = async () =>
	(await docker('ps', '-aq', '--filter', `label=dockmedic.toolbox=${NAME}`)).trim();

beforeAll(async () => {
	await buildNoShellImage();
	await docker(
		'run',
		'-d',
		'--label',
		`${TEST_LABEL}=1`,
		'--label',
		label,
		'--name',
		NAME,
		NO_SHELL_IMAGE,
		'httpd',
		'-f',
		'-p',
		'8080',
		'-h',
		'/',
	);
	await docker('volume', 'create', '--label', label, volume);
	await docker(
		'run',
		'--rm',
		'-v',
		`${volume}:/data`,
		'dockmedic/busybox:local',
		'sh',
		'-c',
		'echo kept-in-the-volume > /data/hello.txt',
	);
	await runContainer(`${NAME}-stopped`, ['--label', label, '-v', `${volume}:/data`], ['true']);
}, 60_000);

afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

describe('the toolbox (dockmedic shell --toolbox)', () => {
	it('says the image has no shell and names the toolbox', async () => {
		session = new TmuxSession(`${NAME}-a`, { columns: 200, args: ['shell', NAME] });
		const screen = await session.waitForScreen((s) => s.includes('EXIT='));
		expect(screen).toContain('has no shell (tried bash, sh, ash)');
		expect(screen).toContain('dockmedic shell --toolbox');
		expect(screen).toContain('EXIT=2');
	});

	it('gives tools beside a shell-less container: its files at /target, its network, its processes; recorded, secrets masked', async () => {
		const record = path.join(dir, 'session.txt');
		session = new TmuxSession(`${NAME}-b`, {
			columns: 120,
			rows: 40,
			args: ['shell', '--toolbox', '--record', record, NAME],
		});
		await session.waitForScreen(
			(s) => s.includes(`dockmedic toolbox for ${NAME}`) && /[#$]\s*$/.test(s.trimEnd()),
		);
		session.keys(
			'ls /target/ && nc -w 2 127.0.0.1 8080 </dev/null && echo port-$((40+2))-open; ps -o pid,args | grep [h]ttpd',
			'Enter',
		);
		const screen = await session.waitForScreen((s) => /^port-42-open/m.test(s) && /\/busybox httpd/.test(s));
		expect(screen).toMatch(/^busybox\s/m);
		session.keys('export API_TOKEN=s3cr3t-value; echo token-set', 'Enter');
		await session.waitForScreen((s) => /^token-set/m.test(s));
		session.keys('exit', 'Enter');
		await session.waitForScreen((s) => s.includes('EXIT=0'));
		// Removed when the session ends.
		expect(await toolboxes()).toBe('');
		const transcript = readFileSync(record, 'utf8');
		expect(transcript).toContain(`# dockmedic shell --toolbox ${NAME}`);
		expect(transcript).toContain('port-42-open');
		expect(transcript).toContain('API_TOKEN=********');
		expect(transcript).not.toContain('s3cr3t-value');
		expect(transcript).not.toContain('\u001b');
	}, 60_000);

	it("for a stopped container: its volume's files read-only under /target", async () => {
		session = new TmuxSession(`${NAME}-c`, {
			columns: 120,
			rows: 30,
			args: ['shell', '--toolbox', `${NAME}-stopped`],
		});
		await session.waitForScreen((s) => s.includes('which is exited') && /[#$]\s*$/.test(s.trimEnd()));
		session.keys('cat /target/data/hello.txt; touch /target/data/new 2>&1 | grep -o Read-only', 'Enter');
		const screen = await session.waitForScreen(
			(s) => /^kept-in-the-volume/m.test(s) && /^Read-only/m.test(s),
		);
		expect(screen).toContain('its mounts read-only under /target: /target/data');
		session.keys('exit', 'Enter');
		await session.waitForScreen((s) => s.includes('EXIT=0'));
		expect(await toolboxes()).toBe('');
	}, 60_000);

	it('is refused with --read-only, creating nothing', async () => {
		// Every call it makes is recorded: it makes none, it is refused before it connects.
		const proxy = await recordingProxy();
		try {
			for (const args of [
				['shell', '--toolbox', NAME],
				['shell', '--toolbox', `${NAME}-stopped`],
				['shell', NAME],
			]) {
				const refused = await dockmedic(['-H', proxy.url, '--read-only', ...args]);
				expect(refused.code).toBe(2);
				expect(refused.stderr).toContain('--read-only allows no shell');
			}
			expect(proxy.requests).toEqual([]);
		} finally {
			proxy.close();
		}
		expect(await toolboxes()).toBe('');
	});
});

describe('the toolbox key in the console (B)', () => {
	it('opens a toolbox for the selected container, and exit brings the console back', async () => {
		session = new TmuxSession(`${NAME}-d`, { columns: 120, rows: 30 });
		await session.waitForScreen((s) => s.includes('d diagnose'));
		session.type(`/${NAME}`);
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes(`filter "${NAME}"`));
		session.type('a');
		await session.waitForScreen((s) => s.includes('(running)'));
		session.type('B');
		await session.waitForScreen(
			(s) => s.includes(`dockmedic toolbox for ${NAME}`) && /[#$]\s*$/.test(s.trimEnd()),
		);
		session.keys('ls /target/', 'Enter');
		await session.waitForScreen((s) => /^busybox\s/m.test(s));
		session.keys('exit 4', 'Enter');
		const back = await session.waitForScreen((s) => s.includes(`Back from the toolbox of ${NAME} (exit 4).`));
		expect(back).toContain(`filter "${NAME}"`);
		expect(await toolboxes()).toBe('');
	}, 60_000);
});

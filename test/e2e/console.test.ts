import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dockerStatus, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('e2e');
const label = `${TEST_LABEL}.group=${GROUP}`;
let session: TmuxSession | undefined;

beforeAll(async () => {
	await runContainer(`${GROUP}-checkout`, ['--label', label]);
	await runContainer(`${GROUP}-payments`, ['--label', label]);
	await dockerStatus(
		'run',
		'--label',
		`${TEST_LABEL}=1`,
		'--label',
		label,
		'--name',
		`${GROUP}-migrate`,
		'dockmedic/busybox:local',
		'sh',
		'-c',
		'exit 4',
	);
});

afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

describe('the console in a real terminal (tmux)', () => {
	it('lists containers, filters, shows help, follows a new container, and quits restoring the terminal', async () => {
		session = new TmuxSession(`${GROUP}-a`);
		const first = await session.waitForScreen((s) => s.includes(`${GROUP}-checkout`) && s.includes('[live]'));
		expect(first).toContain('dockmedic unix:///var/run/docker.sock');
		expect(first).toContain(`${GROUP}-migrate`);
		expect(first).toMatch(/✖ exited 4/);
		expect(first).toContain('q quit');

		session.type(`/${GROUP}-pay`);
		const filtered = await session.waitForScreen((s) => !s.includes(`${GROUP}-checkout`));
		expect(filtered).toContain(`${GROUP}-payments`);
		session.keys('Escape');
		await session.waitForScreen((s) => s.includes(`${GROUP}-checkout`));

		session.type('?');
		await session.waitForScreen((s) => s.includes('Keys (? or Esc closes)'));
		session.type('?');
		await session.waitForScreen((s) => !s.includes('Keys (? or Esc closes)'));

		await runContainer(`${GROUP}-late`, ['--label', label]);
		await session.waitForScreen((s) => s.includes(`${GROUP}-late`), 2000);

		session.type('q');
		const after = await session.waitForScreen((s) => s.includes('EXIT='));
		expect(after).toContain('EXIT=0');
		// The alternate screen was left: none of the console is on the restored screen.
		expect(after).not.toContain('dockmedic unix://');
	});

	it('redraws to fit when the terminal is resized', async () => {
		session = new TmuxSession(`${GROUP}-b`, { columns: 120, rows: 30 });
		const wide = await session.waitForScreen((s) => s.includes(`${GROUP}-checkout`));
		expect(wide).toMatch(/STATUS\s+UP\s+RST/);
		session.resize(80, 24);
		const narrow = await session.waitForScreen((s) => !/STATUS\s+UP\s+RST/.test(s) && s.includes('NAME'));
		for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		session.keys('C-c');
		await session.waitForScreen((s) => s.includes('EXIT='));
	});

	it('logs key and frame times to DOCKMEDIC_FRAME_LOG, for measuring keypress-to-frame', async () => {
		const log = path.join(mkdtempSync(path.join(tmpdir(), 'dm-frames-')), 'frames');
		session = new TmuxSession(`${GROUP}-f`, { env: { DOCKMEDIC_FRAME_LOG: log } });
		await session.waitForScreen((s) => s.includes(`${GROUP}-checkout`) && s.includes('[live]'));
		session.type('?');
		await session.waitForScreen((s) => s.includes('Keys (? or Esc closes)'));
		session.type('q');
		await session.waitForScreen((s) => s.includes('EXIT='));
		const lines = readFileSync(log, 'utf8').trim().split('\n');
		// Start-up milestones come first, then keys and frames.
		expect(lines[0]).toMatch(/^mark \d+\.\d main$/);
		const entries = lines.filter((line) => !line.startsWith('mark '));
		const keyAt = entries.findIndex((line) => /^key \d+\.\d$/.test(line));
		expect(keyAt).toBeGreaterThan(0);
		expect(entries[0]).toMatch(/^frame \d+\.\d \d+$/);
		// The help overlay's frame follows the key, later in time.
		const next = entries.slice(keyAt + 1).find((line) => line.startsWith('frame'));
		expect(Number(next?.split(' ')[1])).toBeGreaterThanOrEqual(Number(entries[keyAt]?.split(' ')[1]));
	});

	it('draws live frames in a shell that exports CI=1 (a CI runner, some servers)', async () => {
		session = new TmuxSession(`${GROUP}-d`, { env: { CI: '1', CONTINUOUS_INTEGRATION: 'true' } });
		await session.waitForScreen((s) => s.includes(`${GROUP}-checkout`) && s.includes('[live]'));
		session.type(`/${GROUP}-pay`);
		await session.waitForScreen((s) => !s.includes(`${GROUP}-checkout`) && s.includes(`${GROUP}-payments`));
		session.keys('Enter');
		session.type('q');
		const after = await session.waitForScreen((s) => s.includes('EXIT='));
		expect(after).toContain('EXIT=0');
	});

	it('shows the unreachable engine in the console instead of crashing, and quits cleanly', async () => {
		session = new TmuxSession(`${GROUP}-c`, { env: { DOCKER_HOST: 'unix:///run/dockmedic-missing.sock' } });
		const screen = await session.waitForScreen((s) => s.includes('Cannot reach the Docker engine'));
		expect(screen).toContain('unix:///run/dockmedic-missing.sock');
		expect(screen).toContain('retrying');
		session.type('q');
		const after = await session.waitForScreen((s) => s.includes('EXIT='));
		expect(after).toContain('EXIT=0');
	});
});

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	inspectState,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const NAME = uniqueName('rkey');
const label = `${TEST_LABEL}.group=${NAME}`;
const state = mkdtempSync(path.join(os.tmpdir(), 'dm-rkey-'));
let session: TmuxSession | undefined;

beforeAll(async () => {
	await runContainer(
		NAME,
		['--label', label],
		[
			'sh',
			'-c',
			'echo "starting with api_key=k-9f8e7d6c"; echo "Error: missing required environment variable DATABASE_URL" >&2; exit 3',
		],
	);
	await waitFor(async () => (await inspectState(NAME)).State.Status === 'exited', 10_000);
});

afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

describe('the report key in the console (R)', () => {
	it('writes the incident report of the selected container and says where', async () => {
		session = new TmuxSession(`${NAME}-a`, { columns: 120, rows: 30, env: { XDG_STATE_HOME: state } });
		await session.waitForScreen((s) => s.includes('d diagnose'));
		session.type(`/${NAME}`);
		session.keys('Enter');
		await session.waitForScreen((s) => s.includes(`filter "${NAME}"`) && s.includes(NAME));
		session.type('R');
		const screen = await session.waitForScreen(
			(s) => s.includes(`Incident report of ${NAME} written to`),
			60_000,
		);
		const file = /written to (\S+\.md)/.exec(screen.replace(/\n/g, ''))?.[1] ?? '';
		expect(file.startsWith(path.join(state, 'dockmedic', 'reports', `${NAME}-`))).toBe(true);
		expect(existsSync(file)).toBe(true);
		const md = readFileSync(file, 'utf8');
		expect(md).toContain(`# Incident: ${NAME} on unix://`);
		expect(md).toContain('| Exit code | 3 ');
		expect(md).toContain('`missing-config`');
		expect(md).toContain('Error: missing required environment variable DATABASE_URL');
		expect(md).toContain('api_key=********');
		expect(md).not.toContain('k-9f8e7d6c');
	}, 90_000);
});

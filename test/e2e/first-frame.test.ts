import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { docker, runContainer, uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
let container: string | undefined;
afterEach(async () => {
	session?.kill();
	if (container) await docker('rm', '-f', container);
});

it('draws the list before the console has loaded, and keys typed on it reach the console', async () => {
	container = uniqueName('first');
	// Exited with an error: trouble sorts first, so it is on the first screen among other tests' containers.
	await runContainer(container, [], ['sh', '-c', 'exit 3']);
	const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'dmt-frames-')), 'frames.log');
	session = new TmuxSession(uniqueName('first-frame'), {
		columns: 120,
		rows: 100,
		env: { DOCKMEDIC_FRAME_LOG: log },
	});
	// As soon as the first frame names the container, a filter is typed: keys typed before Ink has
	// loaded wait for it, unechoed.
	await session.waitForScreen((s) => s.includes(container as string));
	session.type(`/${container}`);
	session.keys('Enter');
	const screen = await session.waitForScreen(
		(s) => s.includes(`filter "${container}"`) && s.includes('q quit'),
	);
	const selected = screen.split('\n').find((line) => line.startsWith('›'));
	expect(selected).toContain(container);
	expect(screen).toMatch(/showing 1 \(all\)/);
	// The plain frame came first: from the list call, before the console's modules had loaded.
	const marks = readFileSync(log, 'utf8')
		.split('\n')
		.filter((line) => line.startsWith('mark '))
		.map((line) => line.split(' ').slice(2).join(' '));
	expect(marks.indexOf('plain first frame')).toBeGreaterThan(-1);
	expect(marks.indexOf('plain first frame')).toBeLessThan(marks.indexOf('console modules loaded'));
});

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsBetween, recordAction, recorded } from '../../src/cli/action-journal.js';

const saved = process.env.XDG_STATE_HOME;
beforeAll(() => {
	process.env.XDG_STATE_HOME = mkdtempSync(path.join(os.tmpdir(), 'dm-journal-'));
});
afterAll(() => {
	if (saved === undefined) delete process.env.XDG_STATE_HOME;
	else process.env.XDG_STATE_HOME = saved;
});

describe('the journal of what dockmedic changed', () => {
	it('keeps each change with its result, and gives back those of one engine, window and container', async () => {
		const prod = 'ssh://prod';
		await recorded(
			{ host: prod, container: 'web', action: 'restart', command: 'docker restart web' },
			async () => 1,
		);
		await expect(
			recorded({ host: prod, container: 'web', action: 'stop', command: 'docker stop web' }, async () => {
				throw new Error('engine said no\nmore lines');
			}),
		).rejects.toThrow('engine said no');
		// The same name on another engine is another container.
		await recordAction({
			host: 'ssh://staging',
			container: 'web',
			action: 'kill',
			command: 'docker kill web',
			time: Date.now(),
			result: 'ok',
		});
		await recordAction({
			host: prod,
			container: 'db',
			action: 'kill',
			command: 'docker kill db',
			time: Date.now(),
			result: 'ok',
		});
		const actions = await actionsBetween(prod, ['web'], Date.now() - 60_000, Date.now());
		expect(actions.map((a) => [a.action, a.result, a.detail])).toEqual([
			['restart', 'ok', undefined],
			['stop', 'failed', 'engine said no'],
		]);
		expect(await actionsBetween(prod, ['web'], 0, Date.now() - 60_000)).toEqual([]);
	});
});

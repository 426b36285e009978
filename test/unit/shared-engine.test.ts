import { describe, expect, it } from 'vitest';
import { SharedEngine } from '../../src/cli/shared-engine.js';
import type { Engine } from '../../src/engine/index.js';
import { parseHost } from '../../src/engine/index.js';

const endpoint = parseHost('unix:///var/run/docker.sock', 'test', {
	flags: {},
	env: {},
	homeDir: '/',
	readFile: () => undefined,
});

/** Connections that the test settles by hand, in the order they were asked for. */
function connections() {
	const opened: { resolve: (e: Engine) => void; reject: (error: Error) => void }[] = [];
	const connect = () =>
		new Promise<Engine>((resolve, reject) => {
			opened.push({ resolve, reject });
		});
	const engine = (n: number) => ({ n }) as unknown as Engine;
	return { opened, connect, engine };
}

describe('one engine connection per endpoint, shared', () => {
	it('opens on first use and gives every caller that one', async () => {
		const { opened, connect, engine } = connections();
		const shared = new SharedEngine(endpoint, connect);
		const first = shared.get();
		const second = shared.get();
		expect(opened).toHaveLength(1);
		opened[0]?.resolve(engine(1));
		expect(await first).toBe(await second);
		expect(await shared.get()).toEqual({ n: 1 });
		expect(opened).toHaveLength(1);
	});

	it('is replaced by a renewal (the list after losing the engine), which callers meanwhile wait for', async () => {
		const { opened, connect, engine } = connections();
		const shared = new SharedEngine(endpoint, connect);
		void shared.get();
		opened[0]?.resolve(engine(1));
		const renewed = shared.renew();
		const meanwhile = shared.get();
		expect(opened).toHaveLength(2);
		opened[1]?.resolve(engine(2));
		expect(await renewed).toEqual({ n: 2 });
		expect(await meanwhile).toEqual({ n: 2 });
	});

	it('forgets a connection that failed, so the next caller tries again', async () => {
		const { opened, connect, engine } = connections();
		const shared = new SharedEngine(endpoint, connect);
		const failing = shared.get();
		opened[0]?.reject(new Error('engine down'));
		await expect(failing).rejects.toThrow('engine down');
		const retried = shared.get();
		expect(opened).toHaveLength(2);
		opened[1]?.resolve(engine(2));
		expect(await retried).toEqual({ n: 2 });
	});

	it('keeps a newer connection when an older one fails late', async () => {
		const { opened, connect, engine } = connections();
		const shared = new SharedEngine(endpoint, connect);
		const older = shared.renew();
		const newer = shared.renew();
		opened[1]?.resolve(engine(2));
		await newer;
		opened[0]?.reject(new Error('too late'));
		await expect(older).rejects.toThrow('too late');
		expect(await shared.get()).toEqual({ n: 2 });
		expect(opened).toHaveLength(2);
	});
});

import { describe, expect, it } from 'vitest';
import type { ContainerDetails, ContainerEvent, ContainerSummary } from '../../src/model/container.js';
import { ContainerStore } from '../../src/store/container-store.js';

const summary: ContainerSummary = {
	id: 'abc123',
	name: 'doomed',
	image: 'img',
	state: 'running',
	status: 'Up 1 second',
	health: null,
	createdAt: new Date().toISOString(),
	ports: [],
	labels: {},
};

/** Details as inspect returns them, in the given state. */
function details(state: ContainerDetails['state']): ContainerDetails {
	return {
		...summary,
		state,
		exitCode: 0,
		oomKilled: false,
		restartCount: 0,
		error: '',
		pid: 0,
		startedAt: null,
		finishedAt: null,
		healthLog: [],
		config: {} as ContainerDetails['config'],
		hostConfig: {} as ContainerDetails['hostConfig'],
		mounts: [],
		networks: [],
	} as ContainerDetails;
}

describe('the container store', () => {
	it('does not bring back a removed container when an inspect started before its removal answers after it', async () => {
		let emit: (event: ContainerEvent) => void = () => {};
		let answerLate: (d: ContainerDetails) => void = () => {};
		let inspects = 0;
		const store = new ContainerStore({
			notifyDelayMs: 1,
			describe: String,
			connect: async () => ({
				info: { endpoint: 'fake', version: '1', apiVersion: '1.41', os: 'linux', arch: 'amd64' },
				containers: {
					list: async () => [summary],
					inspect: () => {
						inspects++;
						// The first inspect (the initial load) answers at once; the one for the kill event answers late.
						return inspects === 1
							? Promise.resolve(details('running'))
							: new Promise((r) => (answerLate = r));
					},
				},
				events: {
					stream: (signal, onEvent) => {
						emit = onEvent;
						return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
					},
				},
			}),
		});
		store.start();
		await store.waitUntilLoaded();
		const event = (action: string): ContainerEvent => ({
			id: summary.id,
			action,
			name: 'doomed',
			time: 0,
			attributes: {},
		});
		emit(event('kill'));
		emit(event('destroy'));
		await new Promise((r) => setTimeout(r, 10));
		expect(store.getSnapshot().rows).toEqual([]);
		answerLate(details('removing'));
		await new Promise((r) => setTimeout(r, 10));
		expect(store.getSnapshot().rows).toEqual([]);
		await store.stop();
	});
});

import { describe, expect, it } from 'vitest';
import type { ContainerDetails, ContainerEvent, ContainerSummary } from '../../src/model/container.js';
import { type ContainerListSnapshot, ContainerStore } from '../../src/store/container-store.js';

const info = { endpoint: 'fake', version: '1', apiVersion: '1.41', os: 'linux', arch: 'amd64' };

function summaryOf(name: string, state: ContainerSummary['state'] = 'running'): ContainerSummary {
	return {
		id: `id-${name}`,
		name,
		image: 'img',
		state,
		status: 'Up 1 second',
		health: null,
		createdAt: new Date().toISOString(),
		ports: [],
		labels: {},
	};
}

const summary = summaryOf('doomed');

/** Details as inspect returns them, in the given state. */
function details(state: ContainerDetails['state'], of: ContainerSummary = summary): ContainerDetails {
	return {
		...of,
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

/** Resolves once the store publishes a snapshot that satisfies `predicate` (at once if the current one does). */
function published(
	store: ContainerStore,
	predicate: (snapshot: ContainerListSnapshot) => boolean,
	timeoutMs = 5000,
): Promise<ContainerListSnapshot> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(
				new Error(`no such snapshot within ${timeoutMs} ms; last: ${JSON.stringify(store.getSnapshot())}`),
			);
		}, timeoutMs);
		const check = () => {
			const snapshot = store.getSnapshot();
			if (!predicate(snapshot)) return;
			clearTimeout(timer);
			unsubscribe();
			resolve(snapshot);
		};
		const unsubscribe = store.subscribe(check);
		check();
	});
}

describe('the container store', () => {
	it('does not bring back a removed container when an inspect started before its removal answers after it', async () => {
		const other = summaryOf('other');
		let emit: (event: ContainerEvent) => void = () => {};
		let answerLate: (d: ContainerDetails) => void = () => {};
		let inspects = 0;
		const store = new ContainerStore({
			notifyDelayMs: 1,
			describe: String,
			connect: async () => ({
				info,
				listContainers: async () => [summary],
				inspectContainer: (id) => {
					if (id === other.id) return Promise.resolve(details('running', other));
					inspects++;
					// The first inspect (the initial load) answers at once; the one for the kill event answers late.
					return inspects === 1 ? Promise.resolve(details('running')) : new Promise((r) => (answerLate = r));
				},
				streamContainerEvents: (signal, onEvent) => {
					emit = onEvent;
					return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
				},
			}),
		});
		store.start();
		await store.waitUntilLoaded();
		const event = (action: string, of: ContainerSummary = summary): ContainerEvent => ({
			id: of.id,
			action,
			name: of.name,
			time: 0,
			attributes: {},
		});
		emit(event('kill'));
		emit(event('destroy'));
		await published(store, (s) => s.rows.length === 0);
		expect(store.getSnapshot().rows).toEqual([]);
		answerLate(details('removing'));
		// Proof that the late answer was taken: a container started after it shows (its inspect answers at
		// once, after the late one), and the removed one is still gone.
		emit(event('start', other));
		await published(store, (s) => s.rows.some((r) => r.id === other.id));
		expect(store.getSnapshot().rows.filter((r) => r.id !== other.id)).toEqual([]);
		await store.stop();
	});
});

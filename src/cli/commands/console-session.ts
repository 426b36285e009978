import { describeError, type Endpoint, Engine } from '../../engine/index.js';
import { ContainerStore } from '../../store/container-store.js';
import { endpointFrom, type GlobalOptions } from '../connect.js';

/** The engine side of a console session, started before the UI modules load so the two overlap. */
export type ConsoleSession = { readonly endpoint: Endpoint; readonly store: ContainerStore };

export function openSession(options: GlobalOptions): ConsoleSession {
	const endpoint = endpointFrom(options);
	const store = new ContainerStore({ connect: () => Engine.connect(endpoint), describe: describeError });
	store.start();
	return { endpoint, store };
}

import { type Endpoint, Engine } from '../engine/index.js';

/**
 * One engine connection per endpoint for a console session, shared by its live list and its services
 * (details, diagnosis, fixes, actions, Swarm). The list renews it after losing the engine, which
 * negotiates the API version again; the services take whichever connection is current.
 */
export class SharedEngine {
	readonly endpoint: Endpoint;
	private readonly connect: () => Promise<Engine>;
	private current: Promise<Engine> | undefined;

	constructor(endpoint: Endpoint, connect: () => Promise<Engine> = () => Engine.connect(endpoint)) {
		this.endpoint = endpoint;
		this.connect = connect;
	}

	/** The current connection, opened on first use. A failed one is forgotten: the next call tries again. */
	get(): Promise<Engine> {
		return this.current ?? this.renew();
	}

	/** A new connection in place of the current one; calls made meanwhile wait for it. */
	renew(): Promise<Engine> {
		const opening = this.connect();
		this.current = opening;
		opening.catch(() => {
			if (this.current === opening) this.current = undefined;
		});
		return opening;
	}
}

import http from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * An HTTP agent whose connections are streams that `connect` makes (SSH channels, ssh processes):
 * kept for the next request, at most `maxSockets` at once.
 */
export function streamAgent(maxSockets: number, connect: () => Promise<Duplex>): http.Agent {
	const agent = new http.Agent({ keepAlive: true, maxSockets });
	// Not TCP sockets: there is no keep-alive or ref to set on them when they idle or return.
	agent.keepSocketAlive = () => true;
	agent.reuseSocket = () => undefined;
	(agent as unknown as { createConnection: unknown }).createConnection = (
		_options: object,
		callback: (error: Error | null, socket?: Duplex) => void,
	) => {
		connect().then(
			(socket) => callback(null, socket),
			(error: Error) => callback(error),
		);
		return undefined;
	};
	return agent;
}

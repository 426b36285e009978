import { isLoopback, parseSockets } from './sockets.js';

export type ListeningSocket = {
	readonly address: string;
	readonly port: number;
	readonly state: string;
	readonly loopback: boolean;
};

/** The local ends of /proc/net/tcp and /proc/net/tcp6 (concatenated), with their state. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
	return parseSockets(text, 'tcp').map((s) => ({
		address: s.localAddress,
		port: s.localPort,
		state: s.state,
		loopback: isLoopback(s.localAddress),
	}));
}

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

/**
 * Docker's embedded DNS server listens inside every container on a user-defined network, at 127.0.0.11 on
 * a random TCP port: the engine's, not the application's.
 */
const EMBEDDED_DNS = '127.0.0.11';

/** The sockets the container's own processes listen on (from /proc/net/tcp and tcp6, concatenated). */
export function listeningSockets(text: string): ListeningSocket[] {
	return parseProcNetTcp(text).filter((s) => s.state === 'LISTEN' && s.address !== EMBEDDED_DNS);
}

/** Networks on which no container finds another by name: the default bridge. */
const NAMELESS_NETWORKS = new Set(['default', 'bridge']);

/** A container's ports, networks and state: what decides whether a declared port can be reached. */
type PortSubject = {
	readonly state: string;
	readonly config: { readonly exposedPorts: readonly string[] };
	readonly hostConfig: {
		readonly networkMode: string;
		readonly portBindings: Readonly<Record<string, readonly unknown[]>>;
	};
	readonly networks: readonly { readonly name: string }[];
};

/** The TCP ports a running container declares (EXPOSE, --expose), when it publishes none and only the default bridge connects it. */
export function declaredUnreachablePorts(d: PortSubject): number[] {
	const published = Object.values(d.hostConfig.portBindings).some((b) => b.length > 0);
	const onBridgeOnly =
		NAMELESS_NETWORKS.has(d.hostConfig.networkMode) && d.networks.every((n) => NAMELESS_NETWORKS.has(n.name));
	if (published || !onBridgeOnly || d.state !== 'running') return [];
	return d.config.exposedPorts.filter((p) => p.endsWith('/tcp')).map((p) => Number.parseInt(p, 10));
}

/**
 * The first of those ports a socket listens on, on the network interface: a service that neither
 * the host (no -p) nor another container (no name on the default bridge) can reach. Pure.
 */
export function unreachableServedPort(d: PortSubject, sockets: readonly ListeningSocket[]): number | null {
	return (
		declaredUnreachablePorts(d).find((port) =>
			sockets.some((s) => s.state === 'LISTEN' && s.port === port && !s.loopback),
		) ?? null
	);
}

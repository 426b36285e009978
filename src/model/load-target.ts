/**
 * Where a load run may go. A load probe is traffic a person aims at a service of their own: it goes
 * only to this machine's loopback or to a container of the local engine on its own network, never to
 * another address, so a typo cannot turn it on someone else's server.
 */
import type { ContainerDetails } from './container.js';

export type LoadTarget = {
	readonly url: string;
	/** The container port the run reaches. */
	readonly containerPort: number;
	readonly via: 'published port' | 'container address' | 'host network';
	/** One line for the screen: what is reached and how. */
	readonly describe: string;
};

export type LoadRefusal = { readonly refused: string };

/** What the target resolution needs of the engine's endpoint. */
export type EndpointPlace =
	| { readonly kind: 'unix' }
	| { readonly kind: 'tcp' | 'ssh'; readonly host: string; readonly url: string };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;
const ANY_ADDRESS = new Set(['', '0.0.0.0', '::']);

/**
 * Whether the engine runs on this machine, so its published ports and bridge addresses are reachable
 * here: a unix socket, or tcp to loopback or to an address of this machine. ssh:// is taken as another
 * machine even to localhost: the tunnel is there to reach a server.
 */
export function engineIsLocal(endpoint: EndpointPlace, localAddresses: readonly string[]): boolean {
	if (endpoint.kind === 'unix') return true;
	return endpoint.kind === 'tcp' && (LOOPBACK.test(endpoint.host) || localAddresses.includes(endpoint.host));
}

/** The refusal for an engine on another machine, checked before connecting to it; null when it is local. */
export function remoteEngine(endpoint: EndpointPlace, localAddresses: readonly string[]): LoadRefusal | null {
	if (engineIsLocal(endpoint, localAddresses)) return null;
	const url = endpoint.kind === 'unix' ? '' : endpoint.url;
	return {
		refused: `The engine at ${url} is on another machine: a load run goes only to this machine's loopback and its own containers. Run dockmedic load on that server.`,
	};
}

/**
 * The URL a load run against a container uses: its published port on loopback, else its address on its
 * own network (a local engine's bridges are reachable from the host), else refused with the reason.
 * `port` names a container port; without it, the first published TCP port, else the first exposed one.
 */
export function loadTarget(
	details: ContainerDetails,
	endpoint: EndpointPlace,
	options: { readonly port?: number; readonly path: string },
	localAddresses: readonly string[],
	/** The networks of this machine's interfaces, as CIDRs (172.17.0.1/16). */
	localSubnets: readonly string[],
): LoadTarget | LoadRefusal {
	const remote = remoteEngine(endpoint, localAddresses);
	if (remote) return remote;
	if (details.state !== 'running')
		return { refused: `${details.name} is ${details.state}: a load run needs it running.` };
	if (!options.path.startsWith('/')) return { refused: `--path must start with /, got "${options.path}".` };
	const port = options.port ?? defaultPort(details);
	if (port === null)
		return {
			refused: `${details.name} publishes and exposes no TCP port: name the port it listens on with --port.`,
		};
	const pathPart = options.path;
	if (details.hostConfig.networkMode === 'host')
		return {
			url: `http://127.0.0.1:${port}${pathPart}`,
			containerPort: port,
			via: 'host network',
			describe: `${details.name} port ${port} on the host's network, at 127.0.0.1:${port}`,
		};
	// The ports as bound now: a port published without a host port (-p 8080) has its number only here.
	const bound = details.ports.filter((p) => p.type === 'tcp' && p.privatePort === port && p.publicPort);
	const binding = bound.find((p) => !p.ip?.includes(':')) ?? bound[0];
	if (binding?.publicPort) {
		const hostIp = binding.ip ?? '';
		const address = hostAddress(hostIp, localAddresses);
		if (address === null)
			return {
				refused: `${details.name} publishes ${port} on ${hostIp}, which is not an address of this machine.`,
			};
		const host = address.includes(':') ? `[${address}]` : address;
		return {
			url: `http://${host}:${binding.publicPort}${pathPart}`,
			containerPort: port,
			via: 'published port',
			describe: `${details.name} port ${port}, published at ${host}:${binding.publicPort}`,
		};
	}
	const network = details.networks.find((n) => n.ipAddress);
	if (!network)
		return {
			refused: `${details.name} does not publish ${port} and has no address on a network (network mode ${details.hostConfig.networkMode || 'none'}): nothing on this machine can reach it.`,
		};
	// Only a network this machine is on: behind a forwarded socket or a VM the address is someone else's.
	if (!localSubnets.some((cidr) => inSubnet(network.ipAddress, cidr)))
		return {
			refused: `${details.name}'s address ${network.ipAddress} is on no network of this machine (the engine runs in a VM or behind a forwarded socket): publish the port and run again.`,
		};
	return {
		url: `http://${network.ipAddress}:${port}${pathPart}`,
		containerPort: port,
		via: 'container address',
		describe: `${details.name} port ${port} (not published), at its address ${network.ipAddress} on ${network.name}`,
	};
}

function defaultPort(details: ContainerDetails): number | null {
	const published = details.ports.find((p) => p.type === 'tcp' && p.publicPort);
	if (published) return published.privatePort;
	for (const key of details.config.exposedPorts) {
		const [number, protocol] = key.split('/');
		if (protocol === 'tcp' && Number(number) > 0) return Number(number);
	}
	return null;
}

/** Where to connect for a port published on `hostIp`: loopback for "every address", the address itself when it is this machine's. */
function hostAddress(hostIp: string, localAddresses: readonly string[]): string | null {
	if (ANY_ADDRESS.has(hostIp)) return '127.0.0.1';
	if (LOOPBACK.test(hostIp)) return hostIp;
	return localAddresses.includes(hostIp) ? hostIp : null;
}

/** Whether an IPv4 address lies in an IPv4 CIDR; false for anything else. */
export function inSubnet(address: string, cidr: string): boolean {
	const [base, bits] = cidr.split('/');
	const a = ipv4(address);
	const b = ipv4(base ?? '');
	const n = Number(bits);
	if (a === null || b === null || !Number.isInteger(n) || n < 0 || n > 32) return false;
	const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
	return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function ipv4(text: string): number | null {
	const parts = text.split('.').map(Number);
	if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
	return (
		((parts[0] as number) * 2 ** 24 +
			(parts[1] as number) * 2 ** 16 +
			(parts[2] as number) * 256 +
			(parts[3] as number)) >>>
		0
	);
}

import type { PortMapping } from './container.js';

/** One socket of a container's network namespace, from /proc/net/{tcp,tcp6,udp,udp6}. */
export type Socket = {
	readonly protocol: 'tcp' | 'udp';
	readonly localAddress: string;
	readonly localPort: number;
	readonly remoteAddress: string;
	readonly remotePort: number;
	/** LISTEN, ESTABLISHED, SYN_SENT...; UDP sockets bound to a port read UNCONN. */
	readonly state: string;
	/** One line of why it matters, or null. */
	readonly mark: string | null;
};

const TCP_STATES: Record<string, string> = {
	'01': 'ESTABLISHED',
	'02': 'SYN_SENT',
	'03': 'SYN_RECV',
	'04': 'FIN_WAIT1',
	'05': 'FIN_WAIT2',
	'06': 'TIME_WAIT',
	'07': 'CLOSE',
	'08': 'CLOSE_WAIT',
	'09': 'LAST_ACK',
	'0A': 'LISTEN',
	'0B': 'CLOSING',
};

/**
 * Sockets from the kernel's tables, as `cat /proc/net/tcp /proc/net/tcp6` (or udp) prints them.
 * Addresses are little-endian hex per 32-bit word (0100007F is 127.0.0.1); ports big-endian hex.
 */
export function parseSockets(text: string, protocol: 'tcp' | 'udp'): Omit<Socket, 'mark'>[] {
	const sockets: Omit<Socket, 'mark'>[] = [];
	for (const line of text.split('\n')) {
		const [, local, remote, st] = line.trim().split(/\s+/);
		const endpoint = /^([0-9A-F]+):([0-9A-F]{4})$/i;
		const l = local ? endpoint.exec(local) : null;
		const r = remote ? endpoint.exec(remote) : null;
		if (!l || !r || !st) continue;
		const state =
			protocol === 'udp' ? (st === '07' ? 'UNCONN' : 'ESTABLISHED') : (TCP_STATES[st.toUpperCase()] ?? st);
		sockets.push({
			protocol,
			localAddress: address(l[1] ?? ''),
			localPort: Number.parseInt(l[2] ?? '0', 16),
			remoteAddress: address(r[1] ?? ''),
			remotePort: Number.parseInt(r[2] ?? '0', 16),
			state,
		});
	}
	return sockets;
}

/**
 * Marks what a person troubleshooting "cannot reach" wants to see: a listener bound to loopback
 * (published or not, nothing outside the container reaches it), a published port nothing listens on,
 * a connection stuck in SYN_SENT (the other side does not answer). Published ports that reach a
 * listener are named beside it.
 */
export function markSockets(
	sockets: readonly Omit<Socket, 'mark'>[],
	published: readonly PortMapping[],
): { sockets: Socket[]; unpublishedListeners: number[]; deadPublished: string[] } {
	const listeners = sockets.filter(
		(s) => s.state === 'LISTEN' || (s.protocol === 'udp' && s.state === 'UNCONN'),
	);
	const publishedFor = (s: Omit<Socket, 'mark'>) =>
		published.filter((p) => p.privatePort === s.localPort && p.type === s.protocol && p.publicPort);
	const marked = sockets.map((s): Socket => {
		const isListener = listeners.includes(s);
		const pub = isListener ? publishedFor(s) : [];
		const hostPorts = pub.map((p) => `${p.ip ? `${p.ip}:` : ''}${p.publicPort}`).join(', ');
		const mark =
			isListener && isLoopback(s.localAddress)
				? `bound to loopback: only the container itself reaches it${hostPorts ? ` (published as ${hostPorts}, which cannot)` : ''}`
				: s.state === 'SYN_SENT'
					? `no answer yet from ${s.remoteAddress}:${s.remotePort}: the other side is down, filtered or not listening`
					: hostPorts
						? `published as ${hostPorts}`
						: null;
		return { ...s, mark };
	});
	const deadPublished = published
		.filter(
			(p) => p.publicPort && !listeners.some((s) => s.localPort === p.privatePort && s.protocol === p.type),
		)
		.map((p) => `${p.publicPort} -> ${p.privatePort}/${p.type}`);
	return {
		sockets: marked,
		unpublishedListeners: [
			...new Set(
				listeners
					.filter((s) => !publishedFor(s).length && !isLoopback(s.localAddress))
					.map((s) => s.localPort),
			),
		],
		deadPublished: [...new Set(deadPublished)],
	};
}

export function isLoopback(address: string): boolean {
	return address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1';
}

function address(hex: string): string {
	if (hex.length === 8) return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
	const bytes: number[] = [];
	for (let w = 0; w < 4; w++) {
		const word = hex.slice(w * 8, w * 8 + 8);
		for (const i of [6, 4, 2, 0]) bytes.push(Number.parseInt(word.slice(i, i + 2), 16));
	}
	if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
		return `::ffff:${bytes.slice(12).join('.')}`;
	if (bytes.slice(0, 15).every((b) => b === 0)) return bytes[15] === 1 ? '::1' : '::';
	const groups: string[] = [];
	for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
	return groups.join(':');
}

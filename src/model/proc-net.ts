export type ListeningSocket = {
	readonly address: string;
	readonly port: number;
	readonly state: string;
	readonly loopback: boolean;
};

const STATES: Record<string, string> = {
	'01': 'ESTABLISHED',
	'0A': 'LISTEN',
	'06': 'TIME_WAIT',
	'08': 'CLOSE_WAIT',
};

/**
 * Parses /proc/net/tcp and /proc/net/tcp6 (concatenated). Addresses are little-endian hex per
 * 32-bit word: 0100007F is 127.0.0.1; the port is big-endian hex.
 */
export function parseProcNetTcp(text: string): ListeningSocket[] {
	const sockets: ListeningSocket[] = [];
	for (const line of text.split('\n')) {
		const fields = line.trim().split(/\s+/);
		const local = fields[1];
		const st = fields[3];
		if (!local || !st || !/^[0-9A-F]+:[0-9A-F]{4}$/i.test(local)) continue;
		const [hex = '', portHex = ''] = local.split(':');
		const address = hex.length === 8 ? ipv4(hex) : ipv6(hex);
		sockets.push({
			address,
			port: Number.parseInt(portHex, 16),
			state: STATES[st.toUpperCase()] ?? st,
			loopback:
				address === '127.0.0.1' ||
				address.startsWith('127.') ||
				address === '::1' ||
				address === '::ffff:127.0.0.1',
		});
	}
	return sockets;
}

function ipv4(hex: string): string {
	return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
}

function ipv6(hex: string): string {
	// Four little-endian 32-bit words.
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

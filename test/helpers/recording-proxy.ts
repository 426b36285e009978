import net from 'node:net';

/**
 * A loopback TCP listener in front of the engine's socket that passes every byte through and records
 * the request line of each API call the client makes ("POST /v1.41/containers/x/start").
 * `stall` picks calls that never reach the engine and never get an answer: a hung engine call.
 */
export async function recordingProxy(
	stall: (request: string) => boolean = () => false,
): Promise<{ url: string; requests: string[]; close: () => void }> {
	const requests: string[] = [];
	const server = net.createServer((client) => {
		const upstream = net.connect('/var/run/docker.sock');
		let stalled = false;
		client.on('data', (chunk: Buffer) => {
			for (const match of chunk
				.toString('latin1')
				.matchAll(/^(GET|HEAD|POST|PUT|DELETE) (\S+) HTTP\/1\.[01]\r$/gm)) {
				const request = `${match[1]} ${match[2]}`;
				requests.push(request);
				if (stall(request)) stalled = true;
			}
			// A stalled connection swallows this request and everything after it on the same socket.
			if (!stalled) upstream.write(chunk);
		});
		upstream.pipe(client);
		client.on('end', () => upstream.end());
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return { url: `tcp://127.0.0.1:${port}`, requests, close: () => server.close() };
}

/** Calls that read, or run a probe's read-only command (exec); anything else changes the engine's state. */
export function isReadOnlyCall(request: string): boolean {
	const [method = '', path = ''] = request.split(' ');
	if (method === 'GET' || method === 'HEAD') return true;
	return (
		method === 'POST' &&
		/^(\/v[\d.]+)?\/(containers\/[^/]+\/exec|exec\/[^/]+\/(start|resize))(\?|$)/.test(path)
	);
}

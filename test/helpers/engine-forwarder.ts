import net from 'node:net';

/**
 * The engine's socket on a loopback TCP port that a test can cut (every connection dropped, nothing
 * listening) and open again: an engine that is away and comes back, without touching the shared dockerd.
 */
export class EngineForwarder {
	private server: net.Server | undefined;
	private readonly sockets = new Set<net.Socket>();

	constructor(readonly port: number) {}

	get url(): string {
		return `tcp://127.0.0.1:${this.port}`;
	}

	async open(): Promise<void> {
		const track = (socket: net.Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
			socket.on('error', () => socket.destroy());
		};
		this.server = net.createServer((client) => {
			const engine = net.connect('/var/run/docker.sock');
			track(client);
			track(engine);
			client.pipe(engine);
			engine.pipe(client);
			client.on('close', () => engine.destroy());
			engine.on('close', () => client.destroy());
		});
		const server = this.server;
		await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
	}

	async cut(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		if (server) await new Promise((resolve) => server.close(resolve));
	}
}

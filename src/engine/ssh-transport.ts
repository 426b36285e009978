import type http from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { streamAgent } from './stream-agent.js';

/** The part of ssh2's Client this transport uses (ssh2 ships no types). */
type SshClient = {
	connect(options: object): void;
	exec(command: string, callback: (error: Error | undefined, channel: Duplex) => void): void;
	once(event: 'ready' | 'close', listener: () => void): SshClient;
	once(event: 'error', listener: (error: Error) => void): SshClient;
	end(): void;
};

/** How many HTTP connections (SSH channels) at once: below sshd's default MaxSessions of 10. */
const MAX_CHANNELS = 8;

/**
 * An HTTP agent that reaches a Docker engine over SSH as the docker CLI does, through
 * `docker system dial-stdio` on the remote host, but on one SSH connection per endpoint: each HTTP
 * connection is a channel of it, and idle ones are kept for the next request. (Opening an SSH connection
 * per request, as dockerode does, costs a key exchange and an auth-log line each time, and sshd drops
 * connections beyond MaxStartups.) The connection is opened on first use and again after it closes.
 */
export function sshAgent(connectOptions: object): http.Agent {
	// Required only here, so that ssh2 is loaded only for ssh:// endpoints.
	const { Client } = createRequire(import.meta.url)('ssh2') as { Client: new () => SshClient };
	let session: Promise<SshClient> | undefined;
	const open = (): Promise<SshClient> => {
		session ??= new Promise<SshClient>((resolve, reject) => {
			const client = new Client();
			client.once('ready', () => resolve(client));
			client.once('error', (error) => {
				session = undefined;
				reject(error);
			});
			client.once('close', () => {
				session = undefined;
			});
			client.connect(connectOptions);
		});
		return session;
	};
	return streamAgent(MAX_CHANNELS, async () => {
		const client = await open();
		return new Promise<Duplex>((resolve, reject) =>
			client.exec('docker system dial-stdio', (error, channel) => (error ? reject(error) : resolve(channel))),
		);
	});
}

/** How dockerode reaches an endpoint: a unix socket, TCP with or without TLS, or SSH. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint.js';
import { checkHostKey, hostKeyVerdicts } from './known-hosts.js';
import { hasOpenSsh, opensshAgent } from './openssh-transport.js';
import { sshAgent } from './ssh-transport.js';

export function dockerodeOptions(endpoint: Endpoint): Docker.DockerOptions {
	switch (endpoint.kind) {
		case 'unix':
			return { socketPath: endpoint.socketPath };
		case 'tcp': {
			if (!endpoint.tls) return { protocol: 'http', host: endpoint.host, port: endpoint.port };
			const read = (file: string) => readFileSync(file);
			return {
				protocol: 'https',
				host: endpoint.host,
				port: endpoint.port,
				ca: read(endpoint.tls.caPath),
				cert: read(endpoint.tls.certPath),
				key: read(endpoint.tls.keyPath),
				...(endpoint.tls.verify ? {} : { checkServerIdentity: () => undefined }),
			} as Docker.DockerOptions;
		}
		case 'ssh':
			// Plain HTTP, carried by the system ssh (as the docker CLI does), or by ssh2 where there is none.
			return {
				protocol: 'http',
				host: endpoint.host,
				port: endpoint.port,
				agent: sshAgentFor(endpoint),
			} as Docker.DockerOptions;
	}
}

/** One SSH agent (one SSH connection) per ssh:// endpoint for the whole process: every Engine shares it. */
const sshAgents = new Map<string, ReturnType<typeof sshAgent>>();

function sshAgentFor(endpoint: Extract<Endpoint, { kind: 'ssh' }>): ReturnType<typeof sshAgent> {
	let agent = sshAgents.get(endpoint.url);
	// DOCKMEDIC_SSH=ssh2 keeps the built-in client even where OpenSSH is installed.
	if (!agent && hasOpenSsh() && process.env.DOCKMEDIC_SSH !== 'ssh2') {
		agent = opensshAgent(endpoint);
		sshAgents.set(endpoint.url, agent);
	}
	if (!agent) {
		agent = sshAgent({
			host: endpoint.host,
			port: endpoint.port,
			username: endpoint.username ?? os.userInfo().username,
			...sshOptions(endpoint),
		});
		sshAgents.set(endpoint.url, agent);
	}
	return agent;
}

/**
 * How ssh:// logs in and whom it trusts, as OpenSSH would: keys from the SSH agent (SSH_AUTH_SOCK),
 * else the first default key file (~/.ssh/id_ed25519, id_ecdsa, id_rsa); the server's host key must be
 * the one ~/.ssh/known_hosts records for it, or the connection is refused.
 */
function sshOptions(endpoint: Extract<Endpoint, { kind: 'ssh' }>): object {
	const ssh = path.join(os.homedir(), '.ssh');
	const readOptional = (file: string) => {
		try {
			return readFileSync(path.join(ssh, file));
		} catch {
			return undefined;
		}
	};
	const agent = process.env.SSH_AUTH_SOCK || undefined;
	const privateKey = agent ? undefined : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map(readOptional).find(Boolean);
	return {
		...(agent ? { agent } : {}),
		...(privateKey ? { privateKey } : {}),
		readyTimeout: 8000,
		hostVerifier: (key: Buffer) => {
			const known = readOptional('known_hosts')?.toString('utf8') ?? '';
			const verdict = checkHostKey(known, endpoint.host, endpoint.port, key);
			hostKeyVerdicts.set(endpoint.url, verdict);
			return verdict === 'match';
		},
	};
}

/** What an engine endpoint is, and reading one from a Docker host URL (unix://, tcp://, ssh://). */
import path from 'node:path';
import { EndpointConfigError } from './errors.js';

/** TLS material for a tcp:// endpoint, as file paths. */
export type TlsFiles = {
	readonly caPath: string;
	readonly certPath: string;
	readonly keyPath: string;
	/** Verify the server certificate against the CA (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
	readonly verify: boolean;
};

/** Where the Docker engine is, and how that was decided. */
export type Endpoint =
	| { readonly kind: 'unix'; readonly socketPath: string; readonly url: string; readonly source: string }
	| {
			readonly kind: 'tcp';
			readonly host: string;
			readonly port: number;
			readonly tls: TlsFiles | undefined;
			readonly url: string;
			readonly source: string;
	  }
	| {
			readonly kind: 'ssh';
			readonly host: string;
			readonly port: number;
			readonly username: string | undefined;
			/** Whether the URL names the port (else ~/.ssh/config or 22 decide, as for ssh). */
			readonly explicitPort: boolean;
			readonly url: string;
			readonly source: string;
	  };

/** What the resolution reads from its surroundings; injected so the logic stays pure and testable. */
export type EndpointSources = {
	readonly flags: { readonly host?: string | undefined; readonly context?: string | undefined };
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly homeDir: string;
	/** Returns a file's text, or undefined when it does not exist. */
	readonly readFile: (file: string) => string | undefined;
	/** Returns the names in a folder, or an empty list when it does not exist. */
	readonly listDir?: (dir: string) => string[];
};

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** The docker CLI's configuration folder (DOCKER_CONFIG, else ~/.docker). */
export function configDir(sources: EndpointSources): string {
	return sources.env.DOCKER_CONFIG || path.join(sources.homeDir, '.docker');
}

/** Parses a Docker host URL (unix://, tcp://, ssh://; a bare path counts as unix). */
export function parseHost(
	value: string,
	origin: string,
	sources: EndpointSources,
	contextTls?: TlsFiles,
): Endpoint {
	const trimmed = value.trim();
	if (trimmed.startsWith('/')) {
		return { kind: 'unix', socketPath: trimmed, url: `unix://${trimmed}`, source: origin };
	}
	const match = /^([a-z]+):\/\/(.*)$/i.exec(trimmed);
	if (!match) {
		throw new EndpointConfigError(`${origin} "${value}" is not a Docker host URL`, {
			tryMessage: 'Use unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://USER@HOST.',
		});
	}
	const scheme = (match[1] ?? '').toLowerCase();
	const rest = match[2] ?? '';
	switch (scheme) {
		case 'unix': {
			const socketPath = rest || DEFAULT_SOCKET;
			return { kind: 'unix', socketPath, url: `unix://${socketPath}`, source: origin };
		}
		case 'tcp':
		case 'http':
		case 'https': {
			const tls = contextTls ?? envTls(sources, scheme === 'https');
			const { host, port } = hostAndPort(rest, tls ? 2376 : 2375, value, origin);
			return { kind: 'tcp', host, port, tls, url: `tcp://${formatHost(host)}:${port}`, source: origin };
		}
		case 'ssh': {
			const at = rest.lastIndexOf('@');
			const username = at >= 0 ? decodeURIComponent(rest.slice(0, at)) : undefined;
			const { host, port } = hostAndPort(rest.slice(at + 1), 22, value, origin);
			const user = username ? `${username}@` : '';
			return {
				kind: 'ssh',
				host,
				port,
				username,
				explicitPort: /:\d+\/?$/.test(rest.slice(at + 1)),
				url: `ssh://${user}${formatHost(host)}:${port}`,
				source: origin,
			};
		}
		default:
			throw new EndpointConfigError(`${origin} "${value}" uses an unsupported scheme "${scheme}"`, {
				tryMessage: 'Use unix://, tcp:// or ssh://.',
			});
	}
}

function envTls(sources: EndpointSources, forced: boolean): TlsFiles | undefined {
	const verify = Boolean(sources.env.DOCKER_TLS_VERIFY);
	if (!verify && !forced && !sources.env.DOCKER_TLS) return undefined;
	const dir = sources.env.DOCKER_CERT_PATH || configDir(sources);
	return {
		caPath: path.join(dir, 'ca.pem'),
		certPath: path.join(dir, 'cert.pem'),
		keyPath: path.join(dir, 'key.pem'),
		verify,
	};
}

function hostAndPort(
	text: string,
	defaultPort: number,
	value: string,
	origin: string,
): { host: string; port: number } {
	const withoutPath = text.replace(/\/.*$/, '');
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(withoutPath);
	const plain = /^([^:]+)(?::(\d+))?$/.exec(withoutPath);
	const found = bracketed ?? plain;
	if (!found?.[1]) {
		throw new EndpointConfigError(`${origin} "${value}" has no host name`, {
			tryMessage: 'Write it as tcp://HOST:PORT or ssh://USER@HOST:PORT.',
		});
	}
	const port = found[2] === undefined ? defaultPort : Number(found[2]);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new EndpointConfigError(`${origin} "${value}" has an invalid port`);
	}
	return { host: found[1], port };
}

function formatHost(host: string): string {
	return host.includes(':') ? `[${host}]` : host;
}

import { createHash } from 'node:crypto';
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

/** One engine of a fleet, under the name the console shows in its host column. */
export type NamedEndpoint = { readonly name: string; readonly endpoint: Endpoint };

/** A docker context as `docker context ls` shows it. */
export type ContextEntry = {
	readonly name: string;
	readonly description: string;
	/** The docker endpoint as written in the context (unix://, tcp://, ssh://). */
	readonly host: string;
	/** Selected by DOCKER_CONTEXT or the config's currentContext. */
	readonly current: boolean;
	readonly tls: boolean;
};

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * Decides which engine to talk to, in the docker CLI's order:
 * --host, --context, DOCKER_HOST, DOCKER_CONTEXT, the config's currentContext, the default socket.
 */
export function resolveEndpoint(sources: EndpointSources): Endpoint {
	const { flags, env } = sources;
	if (flags.host && flags.context) {
		throw new EndpointConfigError('Conflicting options: either --host or --context, not both', {
			tryMessage: 'Drop one of them (the docker CLI refuses the pair too).',
		});
	}
	if (flags.host) return parseHost(flags.host, '--host', sources);
	if (flags.context) return fromContext(flags.context, '--context', sources);
	if (env.DOCKER_HOST) return parseHost(env.DOCKER_HOST, 'DOCKER_HOST', sources);
	if (env.DOCKER_CONTEXT) return fromContext(env.DOCKER_CONTEXT, 'DOCKER_CONTEXT', sources);
	const current = currentContext(sources);
	if (current && current !== 'default') return fromContext(current, 'docker config currentContext', sources);
	return {
		kind: 'unix',
		socketPath: DEFAULT_SOCKET,
		url: `unix://${DEFAULT_SOCKET}`,
		source: 'default socket',
	};
}

/**
 * The engines a command works on: several with --all-contexts or --context a,b,c, otherwise the one
 * resolveEndpoint chooses. Each is named after its context (or its host URL for --host).
 */
export function resolveEndpoints(
	sources: EndpointSources,
	fleet: { readonly allContexts?: boolean | undefined } = {},
): NamedEndpoint[] {
	const { flags } = sources;
	if (fleet.allContexts && (flags.host || flags.context)) {
		throw new EndpointConfigError(
			'Conflicting options: --all-contexts opens every context, with no --host or --context',
			{
				tryMessage: 'Use --all-contexts alone, or name the contexts with --context a,b.',
			},
		);
	}
	const names = fleet.allContexts
		? listContexts(sources).map((c) => c.name)
		: flags.context?.includes(',')
			? flags.context
					.split(',')
					.map((n) => n.trim())
					.filter(Boolean)
			: undefined;
	if (names) {
		const unique = [...new Set(names)];
		return unique.map((name) => ({ name, endpoint: fromContext(name, '--context', sources) }));
	}
	const endpoint = resolveEndpoint(sources);
	const context = /^context (\S+)/.exec(endpoint.source)?.[1];
	return [{ name: context ?? (flags.host ? endpoint.url : 'default'), endpoint }];
}

/** Every docker context, "default" first (DOCKER_HOST or the default socket), as the docker CLI stores them. */
export function listContexts(sources: EndpointSources): ContextEntry[] {
	const selected = sources.env.DOCKER_CONTEXT || currentContext(sources) || 'default';
	const contexts = path.join(configDir(sources), 'contexts');
	const stored: ContextEntry[] = [];
	for (const id of sources.listDir?.(path.join(contexts, 'meta')) ?? []) {
		const text = sources.readFile(path.join(contexts, 'meta', id, 'meta.json'));
		if (text === undefined) continue;
		let meta: ContextMeta & { Name?: string; Metadata?: { Description?: string } };
		try {
			meta = JSON.parse(text);
		} catch {
			continue;
		}
		if (!meta.Name) continue;
		stored.push({
			name: meta.Name,
			description: meta.Metadata?.Description ?? '',
			host: meta.Endpoints?.docker?.Host ?? '',
			current: meta.Name === selected,
			tls: sources.readFile(path.join(contexts, 'tls', id, 'docker', 'ca.pem')) !== undefined,
		});
	}
	stored.sort((a, b) => a.name.localeCompare(b.name));
	const fallback: ContextEntry = {
		name: 'default',
		description: 'Current DOCKER_HOST based configuration',
		host: sources.env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`,
		current: selected === 'default',
		tls: Boolean(sources.env.DOCKER_TLS_VERIFY),
	};
	return [fallback, ...stored];
}

function configDir(sources: EndpointSources): string {
	return sources.env.DOCKER_CONFIG || path.join(sources.homeDir, '.docker');
}

function currentContext(sources: EndpointSources): string | undefined {
	const file = path.join(configDir(sources), 'config.json');
	const text = sources.readFile(file);
	if (text === undefined) return undefined;
	try {
		const parsed = JSON.parse(text) as { currentContext?: unknown };
		return typeof parsed.currentContext === 'string' ? parsed.currentContext : undefined;
	} catch {
		throw new EndpointConfigError(`${file} is not valid JSON`, {
			tryMessage: 'Fix the file or set DOCKER_HOST to choose the engine explicitly.',
		});
	}
}

type ContextMeta = { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };

function fromContext(name: string, origin: string, sources: EndpointSources): Endpoint {
	if (name === 'default') {
		if (sources.env.DOCKER_HOST)
			return parseHost(sources.env.DOCKER_HOST, `context default (${origin})`, sources);
		return {
			kind: 'unix',
			socketPath: DEFAULT_SOCKET,
			url: `unix://${DEFAULT_SOCKET}`,
			source: `context default (${origin})`,
		};
	}
	// The docker CLI stores each context under the sha256 of its name.
	const id = createHash('sha256').update(name).digest('hex');
	const contexts = path.join(configDir(sources), 'contexts');
	const metaFile = path.join(contexts, 'meta', id, 'meta.json');
	const text = sources.readFile(metaFile);
	if (text === undefined) {
		throw new EndpointConfigError(`docker context "${name}" (from ${origin}) does not exist`, {
			tryMessage: 'List contexts with `docker context ls`, or unset it to use the default engine.',
		});
	}
	let meta: ContextMeta;
	try {
		meta = JSON.parse(text) as ContextMeta;
	} catch {
		throw new EndpointConfigError(`${metaFile} (docker context "${name}") is not valid JSON`);
	}
	const docker = meta.Endpoints?.docker;
	if (!docker?.Host) {
		throw new EndpointConfigError(`docker context "${name}" has no docker endpoint host`);
	}
	const tlsDir = path.join(contexts, 'tls', id, 'docker');
	const hasTls = sources.readFile(path.join(tlsDir, 'ca.pem')) !== undefined;
	const tls: TlsFiles | undefined = hasTls
		? {
				caPath: path.join(tlsDir, 'ca.pem'),
				certPath: path.join(tlsDir, 'cert.pem'),
				keyPath: path.join(tlsDir, 'key.pem'),
				verify: docker.SkipTLSVerify !== true,
			}
		: undefined;
	return parseHost(docker.Host, `context ${name} (${origin})`, sources, tls);
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

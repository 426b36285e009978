/** Which engine(s) to talk to, decided from the flags, the environment and the docker contexts, as the docker CLI does. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
	configDir,
	DEFAULT_SOCKET,
	type Endpoint,
	type EndpointSources,
	parseHost,
	type TlsFiles,
} from './endpoint.js';
import { EndpointConfigError } from './errors.js';

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

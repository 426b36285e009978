import { createHash } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	EndpointConfigError,
	type EndpointSources,
	listContexts,
	resolveEndpoint,
	resolveEndpoints,
} from '../../src/engine/index.js';

const HOME = '/home/ops';

function sources(over: {
	flags?: EndpointSources['flags'];
	env?: Record<string, string>;
	files?: Record<string, string>;
}): EndpointSources {
	const files = over.files ?? {};
	return { flags: over.flags ?? {}, env: over.env ?? {}, homeDir: HOME, readFile: (file) => files[file] };
}

function contextFiles(
	name: string,
	host: string,
	options: { tls?: boolean; skipVerify?: boolean; dir?: string } = {},
) {
	const id = createHash('sha256').update(name).digest('hex');
	const dir = options.dir ?? path.join(HOME, '.docker');
	const files: Record<string, string> = {
		[path.join(dir, 'contexts/meta', id, 'meta.json')]: JSON.stringify({
			Name: name,
			Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipVerify ?? false } },
		}),
	};
	if (options.tls) files[path.join(dir, 'contexts/tls', id, 'docker/ca.pem')] = 'CA';
	return { files, tlsDir: path.join(dir, 'contexts/tls', id, 'docker') };
}

describe('endpoint resolution', () => {
	it('uses the default socket when nothing is configured', () => {
		expect(resolveEndpoint(sources({}))).toMatchObject({
			kind: 'unix',
			socketPath: '/var/run/docker.sock',
			source: 'default socket',
		});
	});

	it('reads DOCKER_HOST unix and tcp URLs, with default ports', () => {
		expect(
			resolveEndpoint(sources({ env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' } })),
		).toMatchObject({
			kind: 'unix',
			socketPath: '/run/user/1000/docker.sock',
			source: 'DOCKER_HOST',
		});
		expect(resolveEndpoint(sources({ env: { DOCKER_HOST: 'tcp://10.0.0.5' } }))).toMatchObject({
			kind: 'tcp',
			host: '10.0.0.5',
			port: 2375,
			tls: undefined,
		});
	});

	it('adds TLS files from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set, and defaults the port to 2376', () => {
		const endpoint = resolveEndpoint(
			sources({
				env: { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
			}),
		);
		expect(endpoint).toMatchObject({
			kind: 'tcp',
			port: 2376,
			tls: { caPath: '/certs/ca.pem', certPath: '/certs/cert.pem', keyPath: '/certs/key.pem', verify: true },
		});
		expect(
			resolveEndpoint(sources({ env: { DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1' } })),
		).toMatchObject({
			port: 2376,
			tls: { caPath: path.join(HOME, '.docker/ca.pem') },
		});
	});

	it('parses ssh:// with user and port, and IPv6 tcp hosts', () => {
		expect(resolveEndpoint(sources({ env: { DOCKER_HOST: 'ssh://deploy@build-01:2222' } }))).toMatchObject({
			kind: 'ssh',
			username: 'deploy',
			host: 'build-01',
			port: 2222,
			explicitPort: true,
			url: 'ssh://deploy@build-01:2222',
		});
		// A host alias: the port is ~/.ssh/config's to decide.
		expect(resolveEndpoint(sources({ env: { DOCKER_HOST: 'ssh://prod-engine' } }))).toMatchObject({
			host: 'prod-engine',
			port: 22,
			explicitPort: false,
		});
		expect(resolveEndpoint(sources({ env: { DOCKER_HOST: 'tcp://[::1]:2375' } }))).toMatchObject({
			host: '::1',
			url: 'tcp://[::1]:2375',
		});
	});

	it('prefers --host over everything, and --context over DOCKER_HOST', () => {
		const ctx = contextFiles('staging', 'tcp://staging:2375');
		const env = { DOCKER_HOST: 'tcp://from-env:2375', DOCKER_CONTEXT: 'staging' };
		expect(
			resolveEndpoint(sources({ flags: { host: 'unix:///flag.sock' }, env, files: ctx.files })),
		).toMatchObject({
			socketPath: '/flag.sock',
			source: '--host',
		});
		expect(resolveEndpoint(sources({ flags: { context: 'staging' }, env, files: ctx.files }))).toMatchObject({
			host: 'staging',
			source: 'context staging (--context)',
		});
		// DOCKER_HOST beats DOCKER_CONTEXT, as in the docker CLI.
		expect(resolveEndpoint(sources({ env, files: ctx.files }))).toMatchObject({ host: 'from-env' });
	});

	it('follows DOCKER_CONTEXT, then the config currentContext, with the context TLS files', () => {
		const ctx = contextFiles('prod', 'tcp://prod.internal:2376', { tls: true });
		expect(resolveEndpoint(sources({ env: { DOCKER_CONTEXT: 'prod' }, files: ctx.files }))).toMatchObject({
			host: 'prod.internal',
			tls: { caPath: path.join(ctx.tlsDir, 'ca.pem'), verify: true },
		});
		const files = {
			...ctx.files,
			[path.join(HOME, '.docker/config.json')]: JSON.stringify({ currentContext: 'prod' }),
		};
		expect(resolveEndpoint(sources({ files }))).toMatchObject({
			host: 'prod.internal',
			source: 'context prod (docker config currentContext)',
		});
	});

	it('honours DOCKER_CONFIG as the config directory', () => {
		const ctx = contextFiles('lab', 'unix:///lab.sock', { dir: '/etc/dockercfg' });
		const files = { ...ctx.files, '/etc/dockercfg/config.json': '{"currentContext":"lab"}' };
		expect(resolveEndpoint(sources({ env: { DOCKER_CONFIG: '/etc/dockercfg' }, files }))).toMatchObject({
			socketPath: '/lab.sock',
		});
	});

	it('treats the "default" context as the default socket', () => {
		const files = { [path.join(HOME, '.docker/config.json')]: '{"currentContext":"default"}' };
		expect(resolveEndpoint(sources({ files }))).toMatchObject({
			kind: 'unix',
			socketPath: '/var/run/docker.sock',
		});
	});

	it('explains unknown contexts, bad schemes, bad ports and broken config files', () => {
		expect(() => resolveEndpoint(sources({ env: { DOCKER_CONTEXT: 'nope' } }))).toThrow(
			/context "nope".*does not exist/,
		);
		expect(() => resolveEndpoint(sources({ env: { DOCKER_HOST: 'ftp://x' } }))).toThrow(
			/unsupported scheme "ftp"/,
		);
		expect(() => resolveEndpoint(sources({ env: { DOCKER_HOST: 'tcp://host:99999' } }))).toThrow(
			/invalid port/,
		);
		expect(() => resolveEndpoint(sources({ env: { DOCKER_HOST: 'tcp://' } }))).toThrow(/no host name/);
		expect(() =>
			resolveEndpoint(sources({ files: { [path.join(HOME, '.docker/config.json')]: '{oops' } })),
		).toThrow(/not valid JSON/);
	});

	it('either resolves or throws an EndpointConfigError for any DOCKER_HOST string', () => {
		fc.assert(
			fc.property(fc.string(), (value) => {
				try {
					const endpoint = resolveEndpoint(sources({ env: { DOCKER_HOST: value } }));
					expect(['unix', 'tcp', 'ssh']).toContain(endpoint.kind);
				} catch (error) {
					if (value === '') return; // empty DOCKER_HOST means unset; covered above
					expect(error).toBeInstanceOf(EndpointConfigError);
				}
			}),
		);
	});
});

describe('several engines', () => {
	const two = () => {
		const a = contextFiles('edge', 'ssh://ops@edge-1');
		const b = contextFiles('core', 'tcp://core:2376', { tls: true });
		const files = {
			...a.files,
			...b.files,
			[path.join(HOME, '.docker/config.json')]: '{"currentContext":"core"}',
		};
		const ids = Object.keys(files)
			.map((f) => /contexts\/meta\/([0-9a-f]+)\//.exec(f)?.[1])
			.filter((id): id is string => Boolean(id));
		return {
			...sources({ files }),
			listDir: (dir: string) => (dir === path.join(HOME, '.docker/contexts/meta') ? ids : []),
		};
	};

	it('opens each context named in --context a,b once, named after it', () => {
		const named = resolveEndpoints({ ...two(), flags: { context: 'edge, core,edge' } });
		expect(named.map((n) => [n.name, n.endpoint.url])).toEqual([
			['edge', 'ssh://ops@edge-1:22'],
			['core', 'tcp://core:2376'],
		]);
	});

	it('lists every context, default first, the current one marked, and opens them all with --all-contexts', () => {
		const contexts = listContexts(two());
		expect(contexts.map((c) => [c.name, c.host, c.current, c.tls])).toEqual([
			['default', 'unix:///var/run/docker.sock', false, false],
			['core', 'tcp://core:2376', true, true],
			['edge', 'ssh://ops@edge-1', false, false],
		]);
		expect(resolveEndpoints(two(), { allContexts: true }).map((n) => n.name)).toEqual([
			'default',
			'core',
			'edge',
		]);
		// One engine: named after its context, or "default".
		expect(resolveEndpoints(two()).map((n) => n.name)).toEqual(['core']);
		expect(resolveEndpoints(sources({})).map((n) => n.name)).toEqual(['default']);
	});

	it('refuses --host with --context, and --all-contexts with either', () => {
		expect(() => resolveEndpoint(sources({ flags: { host: 'tcp://a:1', context: 'edge' } }))).toThrow(
			/either --host or --context/,
		);
		expect(() => resolveEndpoints({ ...two(), flags: { context: 'edge' } }, { allContexts: true })).toThrow(
			EndpointConfigError,
		);
	});
});

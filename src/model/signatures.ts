/**
 * Error signatures: the lines real runtimes and servers print for a fault, and what they name
 * (host, port, path, variable...). The catalogue is data (playbooks/signatures/*.yaml); this module
 * is the pure matching over log lines. No I/O.
 */

/** The fault a signature shows. Routing decides which playbook runs from it. */
export const SIGNATURE_CLASSES = [
	/** A name does not resolve (NXDOMAIN, ENOTFOUND, UnknownHostException, "no such host"). */
	'dns',
	/** The DNS server itself does not answer (EAI_AGAIN, "Temporary failure in name resolution"). */
	'dns-timeout',
	/** The host answered, nothing listens on the port (ECONNREFUSED). */
	'refused',
	/** No answer within the client's timeout (ETIMEDOUT, "i/o timeout"). */
	'timeout',
	/** No route or no network (ENETUNREACH, EHOSTUNREACH). */
	'unreachable',
	/** A connection to a service failed, the message does not say how ("could not connect to db:5432"). */
	'connect-failed',
	/** TLS verification failed (x509, CERTIFICATE_VERIFY_FAILED, PKIX). */
	'tls',
	/** The dependency rejected the credentials (password authentication failed, NOAUTH, 401). */
	'auth',
	/** EACCES / EPERM on a path. */
	'permission',
	/** EROFS: a write on a read-only filesystem. */
	'read-only',
	/** ENOSPC: no space (or inodes) left. */
	'no-space',
	/** A write failed, the message does not say why ("cannot write /x"). */
	'write-failed',
	/** EMFILE / ENFILE: too many open files. */
	'fd-limit',
	/** fork / thread creation refused (EAGAIN). */
	'process-limit',
	/** exec of the entrypoint or an interpreter failed with "no such file" (CRLF shebang, missing interpreter). */
	'exec-not-found',
	/** exec format error: another architecture, or not a binary. */
	'exec-format',
	/** A required variable or setting is not set. */
	'missing-config',
	/** A file the app needs does not exist. */
	'missing-file',
	/** The app cannot bind its own listening port (EADDRINUSE). */
	'address-in-use',
	/** The app may not bind its port (EACCES on listen: a port below 1024 for a non-root user). */
	'bind-denied',
	/** The runtime ran out of heap (OutOfMemoryError, JavaScript heap out of memory). */
	'out-of-memory',
	/** A dependency a service waits for is unhealthy or failed (Compose). */
	'dependency-unhealthy',
	/** The image cannot be pulled or found (Swarm, Compose, the engine). */
	'image-unavailable',
] as const;
export type SignatureClass = (typeof SIGNATURE_CLASSES)[number];

/** What a signature's named groups may capture. `address` is host:port, or a URL, split on use. */
export const SIGNATURE_FIELDS = ['host', 'port', 'address', 'url', 'path', 'var', 'user'] as const;
export type SignatureField = (typeof SIGNATURE_FIELDS)[number];

/** One signature as the catalogue holds it, its patterns compiled. */
export type Signature = {
	readonly id: string;
	readonly class: SignatureClass;
	/** Who prints it, e.g. "Node.js", "PostgreSQL client (libpq)". */
	readonly runtime: string;
	/** Where the message text comes from: the runtime's docs or source. */
	readonly source: string;
	/** Case-insensitive; named groups among SIGNATURE_FIELDS. */
	readonly patterns: readonly RegExp[];
	/** Matched only when no specific signature matched the line. */
	readonly generic: boolean;
	readonly file: string;
};

/** A log line a signature matched, with what it named. */
export type SignatureMatch = {
	readonly signature: string;
	readonly class: SignatureClass;
	readonly runtime: string;
	readonly line: string;
	/** Seconds since the epoch, when the log line carried a timestamp. */
	readonly time: number | null;
	readonly host?: string;
	readonly port?: string;
	readonly path?: string;
	readonly var?: string;
	readonly user?: string;
	readonly url?: string;
};

/** Captured fields, `address` and `url` split into host and port; empty captures dropped. */
export function fieldsOf(
	groups: Readonly<Record<string, string | undefined>>,
): Partial<Record<'host' | 'port' | 'path' | 'var' | 'user' | 'url', string>> {
	const out: Partial<Record<'host' | 'port' | 'path' | 'var' | 'user' | 'url', string>> = {};
	for (const key of ['host', 'port', 'path', 'var', 'user', 'url'] as const) {
		const v = groups[key]?.trim();
		if (v) out[key] = v;
	}
	const split = groups.address?.trim() || groups.url?.trim();
	if (split) {
		const hp = splitAddress(split);
		if (hp.host && !out.host) out.host = hp.host;
		if (hp.port && !out.port) out.port = hp.port;
	}
	if (out.host) out.host = out.host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
	if (out.path) out.path = out.path.replace(/[.,;:'"`)\]]+$/, '');
	return out;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
	http: '80',
	https: '443',
	ws: '80',
	wss: '443',
	postgres: '5432',
	postgresql: '5432',
	mysql: '3306',
	mariadb: '3306',
	redis: '6379',
	rediss: '6379',
	mongodb: '27017',
	amqp: '5672',
	amqps: '5671',
	nats: '4222',
	kafka: '9092',
	smtp: '25',
	ldap: '389',
	ldaps: '636',
	memcached: '11211',
	elasticsearch: '9200',
};

/**
 * Host and port out of an address as configuration and logs write it: a URL or DSN
 * (postgres://u:p@db:5432/x, jdbc:postgresql://db/x, mongodb+srv://c.example), host:port,
 * [v6]:port, or a bare host.
 */
export function splitAddress(value: string): { host: string; port: string; scheme: string } {
	let v = value.trim().replace(/^jdbc:/i, '');
	let scheme = '';
	const url = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(v);
	if (url) {
		scheme = (url[1] ?? '').toLowerCase().replace(/\+srv$/, '');
		v = url[2] ?? '';
		// Several hosts (mongodb://a:1,b:2/db): the first one.
		v = v.replace(/^[^/?#]*@/, '').split(/[/?#]/)[0] ?? '';
		v = v.split(',')[0] ?? '';
	}
	const bracket = /^\[([^\]]+)\](?::(\d+))?/.exec(v);
	if (bracket) return { host: bracket[1] ?? '', port: bracket[2] ?? DEFAULT_PORTS[scheme] ?? '', scheme };
	const hp = /^([^:/\s]+)(?::(\d+))?/.exec(v);
	return { host: hp?.[1] ?? '', port: hp?.[2] ?? DEFAULT_PORTS[scheme] ?? '', scheme };
}

/** The first signature that matches a line: specific ones first, generic ones after. */
export function matchLine(
	signatures: readonly Signature[],
	line: string,
	time: number | null = null,
): SignatureMatch | null {
	for (const generic of [false, true]) {
		for (const s of signatures) {
			if (s.generic !== generic) continue;
			for (const pattern of s.patterns) {
				const m = pattern.exec(line);
				if (!m) continue;
				return {
					signature: s.id,
					class: s.class,
					runtime: s.runtime,
					line: line.trim(),
					time,
					...fieldsOf(m.groups ?? {}),
				};
			}
		}
	}
	return null;
}

/** Compiles a catalogue pattern: case-insensitive, Unicode-aware. Throws on a bad pattern. */
export function compilePattern(source: string): RegExp {
	return new RegExp(source, 'iu');
}

/**
 * The generated parts of docs/playbooks.md: the probe, remedy and error-signature references, made
 * from the registries (the same ones the loader validates with) and the descriptions below.
 * test/unit/docs.test.ts fails when the checked-in sections are stale or a description is missing;
 * `npm run playbook-docs` (scripts/playbook-docs.mjs) writes them again.
 */
import { z } from 'zod';
import {
	SIGNATURE_CLASSES,
	SIGNATURE_FIELDS,
	type SignatureClass,
	type SignatureField,
} from '../../src/model/signatures.js';
import { pathsParam, patternParam, wholeParam } from '../../src/playbooks/probes/define.js';
import { PROBES, type ProbeKind } from '../../src/playbooks/probes/index.js';
import { REMEDIES, type RemedyAction } from '../../src/playbooks/remedies/index.js';
import { playbookForClass } from '../../src/playbooks/route.js';

type ProbeNotes = {
	/** What the probe looks at, in a sentence or two. */
	readonly what: string;
	/** Each parameter; for a probe whose parameters are open-ended, the pattern of the others too. */
	readonly params?: Readonly<Record<string, string>>;
	/** Each fact it declares. */
	readonly facts: Readonly<Record<string, string>>;
};

/** What each probe does, and what each of its parameters and facts means. */
export const PROBE_NOTES: Record<ProbeKind, ProbeNotes> = {
	'compose-dependencies': {
		what:
			'For a container of a Compose service: the services it depends on (the `depends_on` label Compose ' +
			'writes, else the other services of its project), and whether one of them is unhealthy, exited ' +
			'with an error, dead or restarting. That is why Compose left this one created, or stopped it.',
		facts: {
			compose: 'The container belongs to a Compose project.',
			blocked: 'A service it depends on is unhealthy, exited non-zero, dead or restarting.',
			project: 'The Compose project.',
			service: 'Its Compose service.',
			dependency: 'The service that holds it back.',
			dependencyContainer: "That service's container.",
			dependencyState: 'Its state, such as `exited` or `running (unhealthy)`.',
			condition: 'The `depends_on` condition it waits for (`service_started`, `service_healthy`...).',
			declared: '`service:condition` for each dependency the label declares.',
		},
	},
	'container-state': {
		what:
			'What `docker inspect` says about the last run: state, exit code and its signal, OOM kill, ' +
			"the engine's start error, restarts.",
		facts: {
			state: 'The container state.',
			exitCode: 'Exit code of the last run.',
			signal: 'The signal an exit code above 128 stands for (`SIGKILL` for 137), else null.',
			oomKilled: "The kernel's OOM killer ended the last run.",
			error: "The engine's own start error (`State.Error`); empty when none.",
			restartCount: 'How often the restart policy restarted it.',
			restartPolicy: 'The restart policy: `no`, `always`, `on-failure`, `unless-stopped`.',
			restarts: 'It has restarted at least once, or is restarting now.',
			upSeconds: 'Seconds since it started, while it runs; else null.',
			ranForSeconds: 'How long the last run lasted, once it has ended; else null.',
			memoryLimit: 'Memory limit in bytes; 0 without a limit.',
			pidsLimit: 'Its pids limit; null when it has none (unset, 0 or -1).',
			pidsRaised: 'A first raise of the pids limit for a fix (twice it, at least 512); empty without one.',
			memoryBound:
				'What it ran out of, for prose: "its limit of 16MiB", or the host\'s memory when it has no limit of its own.',
			memoryRaised:
				'A first raise of the memory limit for a fix (twice it; `512m` without one), as `docker update --memory` takes it.',
		},
	},
	dns: {
		what: 'Resolves a name as the container does: `nslookup` in its network namespace, with its own resolver. A helper container joins the namespace when the image has no `nslookup`.',
		params: { name: 'The name to resolve.' },
		facts: {
			name: 'The name looked up.',
			resolved: 'It resolved to at least one address.',
			addresses: 'The addresses it resolved to.',
			timedOut: 'The DNS server did not answer, or there is none.',
			servers: "The servers its lookups go to, in words: the `--dns` addresses, or the engine's defaults.",
			via: 'How the lookup ran: `exec` in the container, or `helper`.',
		},
	},
	entrypoint: {
		what:
			'Why the kernel cannot execute a file: reads its first bytes from the container filesystem ' +
			'(a stopped container too). A script with CRLF line endings, an interpreter the image lacks, ' +
			'a binary for another CPU, or neither a script nor a binary.',
		params: { path: "An absolute path; the entrypoint's (or the command's) first word when not given." },
		facts: {
			path: 'The file read.',
			checked: 'The path is absolute, so it was read.',
			exists: 'The file exists in the container filesystem.',
			crlf: 'Its `#!` line ends in a carriage return (CRLF line endings).',
			interpreterMissing: 'The interpreter its `#!` line names is not in the image.',
			foreignArch: "An ELF binary for another architecture than the engine's.",
			notExecutableFormat: 'Neither a `#!` script nor an ELF binary.',
			elf: 'It is an ELF binary.',
			arch: 'The architecture of the binary (`amd64`, `arm64`...).',
			engineArch: "The engine's architecture.",
			script: 'It starts with `#!`.',
			interpreter: 'The interpreter its `#!` line names.',
		},
	},
	env: {
		what: "Whether an environment variable is set in the container's configuration (`Config.Env`). Its value shows in the evidence, masked when it looks secret.",
		params: { name: 'The variable name.' },
		facts: {
			name: 'The variable checked.',
			present: 'It is in `Config.Env`.',
			empty: 'It is set to an empty value.',
		},
	},
	health: {
		what: 'The health check and its last results (the engine keeps five).',
		facts: {
			configured: 'The container has a health check.',
			status: 'The health status.',
			failing: 'The check fails: the container is unhealthy, or every kept result failed.',
			toolMissing:
				'Every failure is exit 127 or a "not found" from the shell: the check uses a command the image lacks.',
			timedOut: 'Every failure ran past the check timeout (exit -1).',
			lastExitCode: 'Exit code of the newest result; null when there is none.',
		},
	},
	listening: {
		what:
			'The listening TCP sockets of a container (the one under diagnosis or another), read from ' +
			'`/proc/net/tcp` and `/proc/net/tcp6` in its network namespace.',
		params: {
			port: 'Only this port; every port when not given.',
			container: 'Another container to read, by name; the diagnosed one when not given.',
		},
		facts: {
			checked: 'The container runs, so its sockets were read.',
			container: 'Whose sockets were read: the other container named, or the diagnosed one.',
			ports: "Every port it listens on (Docker's embedded DNS resolver, on 127.0.0.11, left out).",
			listening: 'Something listens on the port (on any port when none was given).',
			loopbackOnly: 'Those sockets are bound to loopback only (127.0.0.1, ::1).',
			addresses: '`address:port` of each of those sockets.',
		},
	},
	'log-driver': {
		what: 'The logging driver, and whether the engine can read the logs back (`docker logs`).',
		facts: {
			driver: 'The logging driver (`json-file` when none is set).',
			readable: 'The engine can read the logs back.',
			error: "The engine's answer when it cannot.",
		},
	},
	'log-files': {
		what:
			'Log files the application wrote inside the container in the last 10 minutes (`*.log` under ' +
			'`/var/log`, `/tmp`, `/app`, `/srv`, `/opt`, `/home`, `/data`, `/logs`), which `docker logs` cannot show.',
		facts: {
			checked: 'The container runs, so its files were searched.',
			found: 'At least one such file exists.',
			files: 'Up to five of them.',
			file: 'The first of them.',
		},
	},
	logs: {
		what:
			'The last lines of the logs: whether they can be read, the newest line that looks like an ' +
			'error (error, fatal, panic, exception, failed, denied, refused, cannot, no such...), the ' +
			'absolute paths named in error lines, and one fact for each `pattern_NAME` parameter.',
		params: {
			tail: 'How many lines to read from the end; 50 when not given.',
			paths_from: 'Only error lines that match this expression give `errorPaths`.',
			pattern_NAME:
				'Any number of these. The newest line that matches gives the fact NAME: the first capture ' +
				'group that took part in the match, or the whole line when the pattern has none; null when no line matches.',
		},
		facts: {
			readable: 'The logs could be read.',
			lineCount: 'How many non-empty lines were read.',
			readError: 'Why the logs could not be read (only then).',
			errorLine: 'The newest line that looks like an error, or null.',
			errorPaths: 'Absolute paths named in error lines (in those that match `paths_from`, when given).',
		},
	},
	'mount-of-path': {
		what:
			'Which mount covers a path in the container; for a bind mount, whether its source folder on ' +
			'the host is empty; and whether the image ships files at the mount point that the mount hides.',
		params: { path: 'A path inside the container.' },
		facts: {
			path: 'The path checked.',
			mounted: 'A mount covers it.',
			type: 'The mount type: `bind`, `volume`, `tmpfs`.',
			source: 'The mount source (a host path, or the volume).',
			destination: 'Where the mount is in the container.',
			rw: 'The mount is writable.',
			sourceEmpty: 'For a bind mount, its source folder on the host is empty; null when not known.',
			imageHasFiles: 'The image has files at the mount point, hidden by the mount.',
			imageFiles: 'Up to five of those files.',
		},
	},
	'network-mode': {
		what: 'The network mode, the networks the container is on, and its extra hosts.',
		facts: {
			mode: '`HostConfig.NetworkMode`: `bridge`, `host`, `none`, `container:ID` or a network name.',
			none: 'It runs with `--network none`.',
			networks: 'The networks it is on.',
			hostGatewayMapped: '`host.docker.internal` is mapped (`--add-host host.docker.internal:host-gateway`).',
		},
	},
	peer: {
		what:
			'The container a name stands for (a container name, an id prefix of six characters or more, ' +
			'a network alias or Compose service name, or an IP address): its state, health and start ' +
			'time, and the networks it shares with the container under diagnosis.',
		params: { name: 'The name, alias or address to look for.' },
		facts: {
			name: 'The name looked for.',
			exists: 'A container has that name, alias or address.',
			similar: 'Container names close to it, when none has it.',
			similarHint: 'The same as a sentence for an explanation: the close names, or that none is close.',
			container: "The container's name.",
			running: 'It runs.',
			health: '`healthy`, `unhealthy`, `starting`, or `none`.',
			startedAt: 'When it last started (UTC, to the second).',
			startedAfter: 'It last started after the container under diagnosis did.',
			raced:
				'It started less than 30 s before the container under diagnosis, or after it: it may not have accepted connections yet when it was needed.',
			upSeconds: 'Seconds since it started; null when it never started.',
			state: 'Its container state.',
			sharesNetwork: 'The two share a network (other than `none` and `host`).',
			sharedNetworks: 'The networks they share.',
			peerNetworks: 'Every network it is on.',
			peerNetwork: 'The first of them.',
		},
	},
	'published-ports': {
		what:
			'Without a port: for each published port, does something listen on it inside the container, ' +
			'and on which address (with none published, on the default bridge: is a declared port served ' +
			'that nothing can reach)? With a port: is that port published, and does something listen on it?',
		params: { port: 'The one port to check; every published port when not given.' },
		facts: {
			published: 'Without a port: some port is published. With one: that port is published.',
			checked: 'Without a port: the container runs, so its sockets were read.',
			loopbackOnly: 'A published port is served by a socket bound to loopback only.',
			loopbackPort: 'The first such port.',
			notListening: 'Nothing listens on a published port.',
			idlePort: 'The first such port.',
			exposedPort:
				'Nothing published, on the default bridge only: the first declared port (EXPOSE, --expose) a socket listens on, which nothing reaches by name.',
			listening: 'With a port: something listens on it inside the container.',
			portNotPublished: 'With a port: something listens on it, but it is not published.',
		},
	},
	'restart-history': {
		what:
			"How often the container stopped in the last hour, and with which exit codes, from the engine's " +
			'event history (inspect keeps only the last code, and a restart resets it).',
		facts: {
			dies: 'How many times it stopped.',
			lastExitCode: 'Exit code of the newest stop; null when none.',
			allZero: 'It stopped at least once, and always with 0.',
			ooms: 'How many OOM events there were.',
		},
	},
	stats: {
		what: "One stats sample against the container's limits: CPU and throttling, memory, pids.",
		facts: {
			checked: 'The container runs, so there was a sample to read.',
			cpuPercent: 'CPU use in percent of one CPU, to one decimal.',
			cpuLimit: 'How many CPUs it may use; 0 without a limit.',
			throttledRatio: 'Share of CPU periods throttled, from 0 to 1.',
			memoryPercent: 'Memory use in percent of its limit (page cache excluded); 0 without a limit.',
			pids: 'Processes and threads.',
			pidsLimit: 'Its pids limit; null without one.',
			pidsFull: 'It is at its pids limit (or one below).',
			cpusRaised:
				'A first raise of the CPU limit for a fix: twice it, at least one CPU more; empty without a limit.',
			memoryRaised:
				'A first raise of the memory limit for a fix: twice it, as `docker update --memory` takes it; empty without a limit.',
			pidsRaised: 'A first raise of the pids limit for a fix: twice it, at least 512; empty without a limit.',
		},
	},
	'swarm-service': {
		what:
			'For a container that is a task of a Swarm service: replicas running against desired, the ' +
			"tasks that failed or were rejected (newest first, with the orchestrator's error), and those waiting.",
		facts: {
			task: 'The container is a task of a Swarm service.',
			service: 'The service name.',
			readable: 'This engine can read the service: it is a manager, and the service still exists.',
			desired: 'Tasks the service asks for.',
			running: 'Tasks that run.',
			converged: 'At least as many tasks run as the service asks for.',
			failed: 'Tasks that ended badly (failed or rejected).',
			rejected: 'Of those, the rejected ones.',
			waiting: 'Tasks waiting to be scheduled or started.',
			lastError: 'What the orchestrator recorded for the newest task that ended badly.',
			lastExitCode: "That task's exit code; null when none.",
			thisTaskFailed: "This container's own task is among those that ended badly.",
		},
	},
	tcp: {
		what: "Opens a TCP connection to host:port from the container's network namespace (`nc -w 3`).",
		params: { host: 'The host name or address.', port: 'The TCP port.' },
		facts: {
			host: 'The host tried.',
			port: 'The port tried.',
			reachable: 'The connection succeeded.',
			refused: 'The connection was refused.',
			unreachableNetwork: 'No route to the host or its network.',
			badAddress: 'The name could not be resolved.',
			timedOut: 'No answer in time.',
		},
	},
	'write-access': {
		what:
			"Can the container's own user write where the application writes? Looks at writable mounts, " +
			'tmpfs mounts and the paths given, without writing anything: mount flags, a read-only root ' +
			"filesystem, `test -w` as the container's user, owner and mode, free space. A stopped container's " +
			'paths are read through the engine archive API and checked as the kernel would. Reports the first problem found.',
		params: {
			path: 'The path the newest error names, checked as it is (a file may be the problem).',
			paths: 'Paths from other error lines; their folders are checked.',
		},
		facts: {
			checked: 'There was something to check, and a way to check it.',
			problem: 'The first problem found.',
			path: 'The path with the problem.',
			processUid: 'The uid the container process runs as.',
			source: 'Source of the mount the path is on.',
			ownerUid: 'Owner of the path.',
			ownerGid: 'Group of the path.',
			mode: 'Mode of the path, in octal.',
			where: '"on the bind mount from /srv/data", or "in the image itself, not on a mount".',
			usePct: 'Percent of the filesystem in use (for `disk-full`).',
			availKb: 'Free space in KiB (for `disk-full`).',
		},
	},
};

type RemedyNotes = {
	readonly what: string;
	readonly args?: Readonly<Record<string, string>>;
};

/** What each remedy is for, and what each of its arguments means (`container` is shared by all). */
export const REMEDY_NOTES: Record<RemedyAction, RemedyNotes> = {
	'network-connect': {
		what: 'Attaches the container to a network its peer is on, so that the peer name resolves.',
		args: { network: 'The network to join.' },
	},
	start: { what: 'Starts a stopped container: the diagnosed one, or a dependency it needs.' },
	restart: { what: 'Restarts the container.' },
	'update-pids': {
		what: 'Raises the pids limit of a running container, in place.',
		args: { limit: 'A whole number such as `"512"`, or a placeholder that gives one.' },
	},
	'update-cpus': {
		what: 'Sets the CPU limit of a running container, in place.',
		args: { cpus: 'A number of CPUs such as `"1.5"`, or a placeholder that gives one.' },
	},
};

/** What a log line of each signature class says. */
export const CLASS_NOTES: Record<SignatureClass, string> = {
	dns: 'A name does not resolve (NXDOMAIN, `ENOTFOUND`, `UnknownHostException`, "no such host").',
	'dns-timeout': 'The DNS server does not answer (`EAI_AGAIN`, "Temporary failure in name resolution").',
	refused: 'The host answered, but nothing listens on the port (`ECONNREFUSED`).',
	timeout: 'No answer within the client timeout (`ETIMEDOUT`, "i/o timeout").',
	unreachable: 'No route or no network (`ENETUNREACH`, `EHOSTUNREACH`).',
	'connect-failed': 'A connection failed and the message does not say how ("could not connect to db:5432").',
	tls: 'TLS verification failed (x509, `CERTIFICATE_VERIFY_FAILED`, PKIX).',
	auth: 'The service rejected the credentials ("password authentication failed", `NOAUTH`, 401).',
	permission: '`EACCES` or `EPERM` on a path.',
	'read-only': '`EROFS`: a write on a read-only filesystem.',
	'no-space': '`ENOSPC`: no space or inodes left.',
	'write-failed': 'A write failed and the message does not say why ("cannot write /x").',
	'fd-limit': '`EMFILE` or `ENFILE`: too many open files.',
	'process-limit': 'A process or thread could not be created (`EAGAIN` from fork).',
	'exec-not-found':
		'exec of the entrypoint or an interpreter failed with "no such file" (CRLF `#!` line, missing interpreter).',
	'exec-format': '"exec format error": another architecture, or not a program.',
	'missing-config': 'A required variable or setting is not set.',
	'missing-file': 'A file the application needs does not exist.',
	'address-in-use': 'The application cannot bind its own port (`EADDRINUSE`).',
	'bind-denied': 'The application may not bind its port (a port below 1024 for a user other than root).',
	'out-of-memory': 'The runtime ran out of heap (`OutOfMemoryError`, "JavaScript heap out of memory").',
	'dependency-unhealthy': 'A service it waits for is unhealthy or failed (Compose).',
	'image-unavailable': 'The image cannot be pulled or found.',
};

/** What each named group of a signature pattern captures. */
export const FIELD_NOTES: Record<SignatureField, string> = {
	host: 'A host name or address.',
	port: 'A port number.',
	address: '`host:port`, `[v6]:port` or a bare host; split into host and port.',
	url: 'A URL or DSN (`postgres://user@db:5432/app`); split into host and port, with the default port of its scheme.',
	path: 'A file or folder; trailing punctuation is dropped.',
	var: 'An environment variable or setting name.',
	user: 'A user name.',
};

// ---------------------------------------------------------------------------------------------------

/** Escapes what a Markdown table cell cannot hold. */
function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

type JsonSchema = {
	type?: string | string[];
	enum?: unknown[];
	const?: unknown;
	items?: JsonSchema;
	anyOf?: JsonSchema[];
	oneOf?: JsonSchema[];
};

/** A JSON Schema type, as the reference writes it. */
function typeText(schema: JsonSchema): string {
	const alternatives =
		schema.anyOf ??
		schema.oneOf ??
		(Array.isArray(schema.type) ? schema.type.map((type) => ({ ...schema, type })) : undefined);
	if (alternatives) {
		const kinds = alternatives.map(typeText);
		const values = kinds.filter((k) => k !== 'null');
		return `${[...new Set(values)].join(' or ')}${kinds.includes('null') ? ', or null' : ''}`;
	}
	if (schema.enum) return `one of ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
	switch (schema.type) {
		case 'string':
			return 'text';
		case 'number':
			return 'number';
		case 'integer':
			return 'whole number';
		case 'boolean':
			return 'true or false';
		case 'null':
			return 'null';
		case 'array':
			return `list of ${schema.items ? typeText(schema.items) : 'values'}`;
		default:
			return 'any value';
	}
}

/** A probe parameter's type: the shared parameter types by name, else from its JSON Schema. */
function paramType(schema: z.ZodType): string {
	const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
	if (inner === wholeParam) return 'whole number, or a placeholder that gives one';
	if (inner === pathsParam) return 'a path, a comma-separated list of paths, or a list';
	if (inner === patternParam) return 'regular expression, matched without regard to case';
	return typeText(z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

function isOptional(schema: z.ZodType): boolean {
	return schema.safeParse(undefined).success;
}

/** Whether an object schema takes keys beyond its shape (a catch-all, not the never of a strict one). */
function openEnded(schema: z.ZodObject): boolean {
	const { catchall } = schema._zod.def;
	return catchall !== undefined && !(catchall instanceof z.ZodNever);
}

/** Notes that name nothing, and things that have no note: each a line, empty when the notes are true. */
export function notesIssues(): string[] {
	const issues: string[] = [];
	const compare = (what: string, actual: readonly string[], noted: readonly string[], extraOk = false) => {
		for (const name of actual)
			if (!noted.includes(name)) issues.push(`${what}: "${name}" has no description`);
		if (!extraOk)
			for (const name of noted) if (!actual.includes(name)) issues.push(`${what}: "${name}" does not exist`);
	};
	for (const probe of PROBES) {
		const notes = PROBE_NOTES[probe.kind] as ProbeNotes | undefined;
		if (!notes) {
			issues.push(`probe ${probe.kind} has no description`);
			continue;
		}
		compare(`probe ${probe.kind}, fact`, Object.keys(probe.facts.shape), Object.keys(notes.facts));
		compare(
			`probe ${probe.kind}, parameter`,
			Object.keys(probe.params.shape),
			Object.keys(notes.params ?? {}),
			openEnded(probe.params),
		);
	}
	compare('probe', Object.keys(PROBE_NOTES), PROBES.map((p) => p.kind) as string[]);
	for (const remedy of REMEDIES)
		compare(
			`remedy ${remedy.action}, argument`,
			Object.keys(remedy.schema.shape),
			Object.keys(REMEDY_NOTES[remedy.action]?.args ?? {}),
		);
	compare('remedy', Object.keys(REMEDY_NOTES), REMEDIES.map((r) => r.action) as string[]);
	return issues;
}

/** Every probe: what it looks at, its parameters and its facts, with their types. */
export function probeReference(): string {
	const out: string[] = [];
	for (const probe of [...PROBES].sort((a, b) => a.kind.localeCompare(b.kind))) {
		const notes: ProbeNotes = PROBE_NOTES[probe.kind] ?? { what: '', facts: {} };
		out.push(`### \`${probe.kind}\``, '', notes.what, '');
		const params = Object.entries(probe.params.shape as Record<string, z.ZodType>);
		const extra = openEnded(probe.params)
			? Object.keys(notes.params ?? {}).filter((p) => !(p in probe.params.shape))
			: [];
		if (params.length === 0 && extra.length === 0) out.push('Parameters: none.', '');
		else {
			out.push('| parameter | type | required | meaning |', '|---|---|---|---|');
			for (const [name, schema] of params)
				out.push(
					`| \`${name}\` | ${cell(paramType(schema))} | ${isOptional(schema) ? 'no' : 'yes'} | ${cell(notes.params?.[name] ?? '')} |`,
				);
			const catchall = probe.params._zod.def.catchall as z.ZodType | undefined;
			for (const name of extra)
				out.push(
					`| \`${name}\` | ${cell(catchall ? paramType(catchall) : 'text')} | no | ${cell(notes.params?.[name] ?? '')} |`,
				);
			out.push('');
		}
		const json = z.toJSONSchema(probe.facts, { io: 'output', unrepresentable: 'any' }) as {
			properties?: Record<string, JsonSchema>;
		};
		out.push('| fact | type | always given | meaning |', '|---|---|---|---|');
		for (const [name, schema] of Object.entries(probe.facts.shape as Record<string, z.ZodType>))
			out.push(
				`| \`${name}\` | ${cell(typeText(json.properties?.[name] ?? {}))} | ${isOptional(schema) ? 'no' : 'yes'} | ${cell(notes.facts[name] ?? '')} |`,
			);
		if (probe.factsFromParams) out.push('', 'Its parameters name more facts (see above).');
		out.push('');
	}
	return out.join('\n');
}

/** Every remedy: what it does, its arguments, the command shown before it runs and what it says after. */
export function remedyReference(): string {
	const out: string[] = [];
	for (const remedy of REMEDIES) {
		const notes = REMEDY_NOTES[remedy.action];
		const names = Object.keys(remedy.schema.shape);
		const sample = Object.fromEntries(names.map((n) => [n, n.toUpperCase()]));
		out.push(`### \`${remedy.action}\``, '', notes?.what ?? '', '');
		out.push('| argument | required | meaning |', '|---|---|---|');
		for (const name of names) out.push(`| \`${name}\` | yes | ${cell(notes?.args?.[name] ?? '')} |`);
		out.push(
			'| `container` | no | The container it acts on; the diagnosed one when not given. |',
			'',
			`Shown before it runs: \`${remedy.command(sample as never, 'CONTAINER')}\`. ` +
				`Said once done: "${remedy.describe(sample as never, 'CONTAINER')}"`,
			'',
		);
	}
	return out.join('\n');
}

/** The signature classes with the playbook each routes to, and the named groups a pattern may use. */
export function signatureReference(): string {
	const out = ['| class | the line says | routed to |', '|---|---|---|'];
	for (const c of SIGNATURE_CLASSES)
		out.push(`| \`${c}\` | ${cell(CLASS_NOTES[c] ?? '')} | \`${playbookForClass(c)}\` |`);
	out.push('', '| group | captures |', '|---|---|');
	for (const f of SIGNATURE_FIELDS) out.push(`| \`${f}\` | ${cell(FIELD_NOTES[f] ?? '')} |`);
	out.push('');
	return out.join('\n');
}

/** The generated sections, by the name their markers give. */
export const GENERATED: Readonly<Record<string, () => string>> = {
	probes: probeReference,
	remedies: remedyReference,
	signatures: signatureReference,
};

const BLOCK = /(<!-- generated: ([a-z]+)[^>]*-->\n)[\s\S]*?(<!-- end generated: \2 -->)/g;

/** The names of the generated sections a document holds. */
export function generatedSections(markdown: string): string[] {
	return [...markdown.matchAll(BLOCK)].map((m) => m[2] ?? '');
}

/** The document with each generated section made again from the registries. */
export function refreshGenerated(markdown: string): string {
	return markdown.replace(BLOCK, (whole, begin: string, name: string, end: string) => {
		const make = GENERATED[name];
		return make ? `${begin}\n${make()}\n${end}` : whole;
	});
}

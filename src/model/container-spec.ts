/** A container to create, as data: labs declare their setups with it, and it renders as `docker run`. */
export type ContainerSpec = {
	readonly name: string;
	readonly image: string;
	readonly command?: readonly string[];
	readonly entrypoint?: readonly string[];
	readonly env?: Readonly<Record<string, string>>;
	readonly user?: string;
	readonly labels: Readonly<Record<string, string>>;
	/** A network name, or "none". Default: the default bridge. */
	readonly network?: string;
	/** A fixed IPv4 address on that network (which must have a subnet of its own), as --ip. */
	readonly ip?: string;
	/** DNS servers, as --dns. */
	readonly dns?: readonly string[];
	readonly ports?: readonly {
		readonly hostIp?: string;
		readonly hostPort: number;
		readonly containerPort: number;
	}[];
	readonly expose?: readonly number[];
	readonly binds?: readonly {
		readonly source: string;
		readonly target: string;
		readonly readOnly?: boolean;
	}[];
	readonly tmpfs?: Readonly<Record<string, string>>;
	readonly readOnlyRootfs?: boolean;
	readonly restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
	readonly memoryBytes?: number;
	readonly nanoCpus?: number;
	readonly pidsLimit?: number;
	/** Open files limit (soft and hard), as --ulimit nofile=N:N. */
	readonly nofile?: number;
	/** Health check run by the shell (CMD-SHELL). */
	readonly health?: {
		readonly command: string;
		readonly intervalS: number;
		readonly timeoutS: number;
		readonly retries: number;
	};
	readonly logDriver?: string;
	/** Options of the logging driver, as --log-opt KEY=VALUE. */
	readonly logOptions?: Readonly<Record<string, string>>;
	/** Run an init process as PID 1 that forwards signals and reaps zombies (--init). */
	readonly init?: boolean;
	readonly extraHosts?: readonly string[];
};

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `docker run -d` command line that creates the same container. */
export function toDockerRun(spec: ContainerSpec): string {
	const args: string[] = ['docker', 'run', '-d', '--name', spec.name];
	for (const [key, value] of Object.entries(spec.labels)) args.push('--label', `${key}=${value}`);
	if (spec.network) args.push('--network', spec.network);
	if (spec.ip) args.push('--ip', spec.ip);
	for (const server of spec.dns ?? []) args.push('--dns', server);
	for (const p of spec.ports ?? [])
		args.push('-p', `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort}:${p.containerPort}`);
	for (const port of spec.expose ?? []) args.push('--expose', String(port));
	for (const [key, value] of Object.entries(spec.env ?? {})) args.push('-e', `${key}=${value}`);
	if (spec.user) args.push('--user', spec.user);
	for (const b of spec.binds ?? []) args.push('-v', `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`);
	for (const [target, options] of Object.entries(spec.tmpfs ?? {}))
		args.push('--tmpfs', options ? `${target}:${options}` : target);
	if (spec.readOnlyRootfs) args.push('--read-only');
	if (spec.restart && spec.restart !== 'no') args.push('--restart', spec.restart);
	if (spec.memoryBytes)
		args.push(
			'--memory',
			`${Math.round(spec.memoryBytes / 1024 / 1024)}m`,
			'--memory-swap',
			`${Math.round(spec.memoryBytes / 1024 / 1024)}m`,
		);
	if (spec.nanoCpus) args.push('--cpus', String(spec.nanoCpus / 1e9));
	if (spec.pidsLimit) args.push('--pids-limit', String(spec.pidsLimit));
	if (spec.nofile) args.push('--ulimit', `nofile=${spec.nofile}:${spec.nofile}`);
	if (spec.health) {
		args.push('--health-cmd', spec.health.command, '--health-interval', `${spec.health.intervalS}s`);
		args.push(
			'--health-timeout',
			`${spec.health.timeoutS}s`,
			'--health-retries',
			String(spec.health.retries),
		);
	}
	if (spec.logDriver) args.push('--log-driver', spec.logDriver);
	for (const [key, value] of Object.entries(spec.logOptions ?? {})) args.push('--log-opt', `${key}=${value}`);
	if (spec.init) args.push('--init');
	for (const host of spec.extraHosts ?? []) args.push('--add-host', host);
	if (spec.entrypoint) args.push('--entrypoint', spec.entrypoint.join(' '));
	args.push(spec.image, ...(spec.command ?? []));
	return args.map(shellQuote).join(' ');
}

import http from 'node:http';
import { describeError } from '../engine/errors.js';
import type { CheckResult, LabContext } from './scenario.js';

/** Behaviour checks shared by the scenarios. Each observes; none changes the container. */

async function running(ctx: LabContext, name: string): Promise<CheckResult | undefined> {
	try {
		const details = await ctx.engine.containers.inspect(name);
		return details.state === 'running'
			? undefined
			: { fixed: false, observed: `${name} is ${details.state}, not running` };
	} catch (error) {
		return { fixed: false, observed: describeError(error).split('\n')[0] ?? String(error) };
	}
}

/** The app reaches the database its own DB_HOST/DB_PORT name (read inside the container, not interpolated here). */
export async function reachesConfiguredDatabase(ctx: LabContext, name: string): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const result = await ctx.engine.exec.run(
		name,
		['sh', '-c', 'nc -w 2 "$DB_HOST" "$DB_PORT" </dev/null 2>&1; echo "exit=$?"'],
		{ timeoutMs: 8000 },
	);
	const fixed = /exit=0\s*$/.test(result.stdout);
	return {
		fixed,
		observed: fixed
			? `${name} connects to its database`
			: `${name} cannot connect: ${result.stdout.replace(/exit=\d+\s*$/, '').trim() || 'connection failed'}`,
	};
}

/**
 * The app reaches the service its own setting names (a URL or host:port in the variable, read
 * inside the container, not interpolated here).
 */
export async function reachesConfigured(
	ctx: LabContext,
	name: string,
	variable: string,
): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const script =
		`h=\${${variable}#*://}; h=\${h#*@}; h=\${h%%/*}; host=\${h%%:*}; port=\${h##*:}; [ "$port" = "$h" ] && port=80; ` +
		'nc -w 2 "$host" "$port" </dev/null 2>&1; echo "exit=$? $host:$port"';
	const result = await ctx.engine.exec.run(name, ['sh', '-c', script], { timeoutMs: 8000 });
	const fixed = /exit=0 /.test(result.stdout);
	const target = /exit=\d+ (\S+)/.exec(result.stdout)?.[1] ?? variable;
	return {
		fixed,
		observed: fixed
			? `${name} reaches ${target} (its ${variable})`
			: `${name} cannot reach ${target} (its ${variable}): ${result.stdout.replace(/exit=\d+ \S+\s*$/, '').trim() || 'connection failed'}`,
	};
}

/** A TCP connection from inside the container to host:port succeeds. */
export async function reaches(
	ctx: LabContext,
	name: string,
	host: string,
	port: number,
): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const result = await ctx.engine.exec.run(name, ['nc', '-w', '2', host, String(port)], { timeoutMs: 8000 });
	const fixed = result.exitCode === 0;
	return {
		fixed,
		observed: fixed
			? `${name} reaches ${host}:${port}`
			: `${name} cannot reach ${host}:${port}: ${(result.stderr || result.stdout).trim() || `exit ${result.exitCode}`}`,
	};
}

/** An HTTP GET from this machine to a published loopback port gets an answer. */
export function answersOnHostPort(port: number): Promise<CheckResult> {
	return new Promise((resolve) => {
		const request = http.get({ host: '127.0.0.1', port, path: '/', timeout: 3000 }, (response) => {
			response.resume();
			resolve({ fixed: true, observed: `http://127.0.0.1:${port}/ answered HTTP ${response.statusCode}` });
		});
		request.on('timeout', () => request.destroy(new Error('no answer within 3 s')));
		request.on('error', (error: NodeJS.ErrnoException) =>
			resolve({ fixed: false, observed: `http://127.0.0.1:${port}/ failed: ${error.code ?? error.message}` }),
		);
	});
}

/** Running for a while without restarting: the crash is gone. */
export async function runsSteadily(ctx: LabContext, name: string, seconds = 3): Promise<CheckResult> {
	try {
		const d = await ctx.engine.containers.inspect(name);
		if (d.state !== 'running') {
			const why = d.oomKilled ? ', OOM-killed' : d.error ? `: ${d.error}` : '';
			return { fixed: false, observed: `${name} is ${d.state} (exit code ${d.exitCode}${why})` };
		}
		const upFor = (Date.now() - Date.parse(d.startedAt ?? '')) / 1000;
		if (!(upFor >= seconds))
			return {
				fixed: false,
				observed: `${name} has been up only ${upFor.toFixed(1)} s (restarts: ${d.restartCount})`,
			};
		return { fixed: true, observed: `${name} has been running for ${Math.floor(upFor)} s` };
	} catch (error) {
		return { fixed: false, observed: describeError(error).split('\n')[0] ?? '' };
	}
}

/** The container's own user can create a file in the directory. */
export async function canWrite(ctx: LabContext, name: string, dir: string): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const script = 'f="$1/.dockmedic-lab-check"; touch "$f" 2>&1 && rm -f "$f"';
	const result = await ctx.engine.exec.run(name, ['sh', '-c', script, 'sh', dir], { timeoutMs: 8000 });
	const fixed = result.exitCode === 0;
	return {
		fixed,
		observed: fixed
			? `${name} can write to ${dir}`
			: `${name} cannot write to ${dir}: ${(result.stdout + result.stderr).trim()}`,
	};
}

/** The container can write `kb` kilobytes to the directory (free space, not just inodes). */
export async function canWriteBytes(
	ctx: LabContext,
	name: string,
	dir: string,
	kb: number,
): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const script =
		'f="$1/.dockmedic-lab-check"; dd if=/dev/zero of="$f" bs=1k count="$2" 2>&1; s=$?; rm -f "$f"; exit $s';
	const result = await ctx.engine.exec.run(name, ['sh', '-c', script, 'sh', dir, String(kb)], {
		timeoutMs: 8000,
	});
	const fixed = result.exitCode === 0;
	return {
		fixed,
		observed: fixed
			? `${name} can write ${kb} KiB to ${dir}`
			: `${name} cannot write ${kb} KiB to ${dir}: ${result.stdout.trim().split('\n')[0]}`,
	};
}

/** The health check passes. */
export async function isHealthy(ctx: LabContext, name: string): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const d = await ctx.engine.containers.inspect(name);
	const last = d.healthLog.at(-1);
	return {
		fixed: d.health === 'healthy',
		observed: `${name} health is ${d.health ?? 'not configured'}${last ? ` (last check exit ${last.exitCode}: ${last.output.trim().slice(0, 120)})` : ''}`,
	};
}

/** `docker logs` shows a line matching the pattern. */
export async function logsShow(ctx: LabContext, name: string, pattern: RegExp): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	try {
		const chunks = await ctx.engine.logs.read(name, { tail: 100 });
		const text = chunks.map((c) => c.data.toString('utf8')).join('');
		const fixed = pattern.test(text);
		return {
			fixed,
			observed: fixed
				? `docker logs ${name} shows the app's output`
				: `docker logs ${name} shows nothing from the app`,
		};
	} catch (error) {
		return { fixed: false, observed: `docker logs ${name} fails: ${describeError(error).split('\n')[0]}` };
	}
}

/** Over one stats interval, less than 10 % of CPU periods were throttled. */
export async function notThrottled(ctx: LabContext, name: string): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const sample = await ctx.engine.stats.once(name);
	const now = sample.cpu_stats.throttling_data;
	const before = sample.precpu_stats.throttling_data;
	const periods = (now?.periods ?? 0) - (before?.periods ?? 0);
	const throttled = (now?.throttled_periods ?? 0) - (before?.throttled_periods ?? 0);
	const ratio = periods > 0 ? throttled / periods : 0;
	return {
		fixed: ratio < 0.1,
		observed: `${name}: ${throttled} of ${periods} CPU periods throttled in the last second`,
	};
}

/** The container can start new processes. */
export async function canFork(ctx: LabContext, name: string): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	try {
		const result = await ctx.engine.exec.run(
			name,
			['sh', '-c', 'sleep 0 & sleep 0 & sleep 0 & wait && echo forked'],
			{ timeoutMs: 8000 },
		);
		const fixed = result.exitCode === 0 && result.stdout.includes('forked');
		return {
			fixed,
			observed: fixed
				? `${name} can start new processes`
				: `${name} cannot start processes: ${(result.stderr + result.stdout).trim() || `exit ${result.exitCode}`}`,
		};
	} catch (error) {
		return {
			fixed: false,
			observed: `${name} cannot start processes: ${describeError(error).split('\n')[0]}`,
		};
	}
}

/**
 * An HTTPS request from inside the container, by its own Node.js runtime with its own environment
 * (NODE_EXTRA_CA_CERTS and the like), to the URL in its variable: the TLS handshake verifies.
 */
export async function verifiesTls(ctx: LabContext, name: string, variable: string): Promise<CheckResult> {
	const down = await running(ctx, name);
	if (down) return down;
	const script =
		`require('node:https').get(process.env.${variable}, { timeout: 5000 }, (r) => { r.resume(); console.log('HTTP ' + r.statusCode); })` +
		`.on('error', (e) => { console.log(e.message); process.exitCode = 1; });`;
	const result = await ctx.engine.exec.run(name, ['node', '-e', script], { timeoutMs: 10_000 });
	const fixed = result.exitCode === 0;
	const said = (result.stdout || result.stderr).trim().split('\n')[0] ?? '';
	return {
		fixed,
		observed: fixed
			? `${name} completes a verified TLS handshake with its ${variable} (${said})`
			: `${name} cannot verify its ${variable}: ${said || `exit ${result.exitCode}`}`,
	};
}

import type {
	ContainerReads,
	EventClient,
	ExecClient,
	ExecResult,
	HelperClient,
	LogClient,
	StatsClient,
	SwarmClient,
} from '../../engine/index.js';
import type { ContainerDetails, EngineInfo } from '../../model/container.js';

export type ProbeParams = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/**
 * What probes may use of an engine: reads, commands in the subject and helper containers; nothing
 * that starts, stops or changes a container. The real one is an Engine; tests give a fake.
 */
export type ProbeEngine = {
	/** The engine's version and architecture, as read when it was connected. */
	readonly info: EngineInfo;
	readonly containers: ContainerReads;
	readonly exec: ExecClient;
	readonly helpers: Pick<HelperClient, 'run'>;
	readonly logs: Pick<LogClient, 'read'>;
	readonly stats: Pick<StatsClient, 'once'>;
	readonly events: Pick<EventClient, 'history'>;
	readonly swarm: SwarmClient;
};

/** What every probe gets: the engine, the container under diagnosis, and its rendered parameters. */
export type ProbeContext = {
	readonly engine: ProbeEngine;
	readonly subject: ContainerDetails;
	readonly params: ProbeParams;
	/** Local image for helper containers (never pulled). */
	readonly helperImage: string;
	readonly timeoutMs: number;
};

/** Facts for the playbook's verdicts (as the probe declares them), and the evidence a person reads. */
export type ProbeResult<F = Readonly<Record<string, unknown>>> = {
	readonly facts: F;
	readonly evidence: readonly string[];
};

export function param(ctx: ProbeContext, name: string): string {
	const value = ctx.params[name];
	return value === undefined || value === null ? '' : String(value);
}

/**
 * Runs a read-only command in the subject's network namespace: by exec when the container has the
 * tool, else in a helper container joined to its namespace (images without a shell or busybox).
 * Every command is wrapped in `timeout` on the container side too: exec cannot be killed remotely.
 */
export async function runInNetns(
	ctx: ProbeContext,
	argv: readonly string[],
): Promise<ExecResult & { via: 'exec' | 'helper' }> {
	const seconds = String(Math.max(1, Math.floor(ctx.timeoutMs / 1000) - 1));
	const direct = await ctx.engine.exec
		.run(ctx.subject.id, ['timeout', '-s', 'KILL', seconds, ...argv], { timeoutMs: ctx.timeoutMs })
		.catch((error: Error) => ({ exitCode: 126, stdout: '', stderr: error.message, timedOut: false }));
	if (!toolMissing(direct)) return { ...direct, via: 'exec' };
	const helped = await ctx.engine.helpers.run(
		{ image: ctx.helperImage, networkMode: `container:${ctx.subject.id}` },
		['busybox', 'timeout', '-s', 'KILL', seconds, 'busybox', ...argv],
		ctx.timeoutMs,
	);
	return { ...helped, via: 'helper' };
}

function toolMissing(result: ExecResult): boolean {
	return (
		(result.exitCode === 126 || result.exitCode === 127) &&
		/executable file not found|not found|no such file/i.test(result.stderr + result.stdout)
	);
}

/** Exec of a read-only command in the subject itself (its filesystem and its user). */
export async function runInSubject(
	ctx: ProbeContext,
	argv: readonly string[],
	user?: string,
): Promise<ExecResult> {
	const seconds = String(Math.max(1, Math.floor(ctx.timeoutMs / 1000) - 1));
	return ctx.engine.exec.run(ctx.subject.id, ['timeout', '-s', 'KILL', seconds, ...argv], {
		timeoutMs: ctx.timeoutMs,
		...(user ? { user } : {}),
	});
}

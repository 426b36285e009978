import { DockmedicError, describeError, Engine, type NamedEndpoint } from '../engine/index.js';
import { endpointsFrom, type GlobalOptions } from './connect.js';

/** An engine of the fleet that answered, under its host name. */
export type FleetMember = { readonly host: string; readonly engine: Engine };

/** The engines a command works on, and the ones that could not be reached. */
export type Fleet = {
	readonly members: FleetMember[];
	readonly unreachable: { readonly host: string; readonly message: string }[];
	/** More than one engine was asked for: output names the host of each container. */
	readonly many: boolean;
};

/**
 * Connects to every engine the options name, all at once. With one engine its error is thrown as
 * before; with several, the ones that answer are used and the others are reported by the caller.
 */
export async function connectFleet(options: GlobalOptions): Promise<Fleet> {
	const named = endpointsFrom(options);
	if (named.length === 1) {
		const [only] = named as [NamedEndpoint];
		return {
			members: [{ host: only.name, engine: await Engine.connect(only.endpoint) }],
			unreachable: [],
			many: false,
		};
	}
	const settled = await Promise.allSettled(named.map((n) => Engine.connect(n.endpoint)));
	const fleet: Fleet = { members: [], unreachable: [], many: true };
	settled.forEach((result, i) => {
		const host = named[i]?.name ?? '?';
		if (result.status === 'fulfilled') fleet.members.push({ host, engine: result.value });
		else
			fleet.unreachable.push({ host, message: describeError(result.reason).split('\n')[0] ?? 'unreachable' });
	});
	return fleet;
}

/**
 * The one engine a single-container command works on: the first of the fleet that answers; with none,
 * the error that says so.
 */
export async function firstEngine(options: GlobalOptions): Promise<Engine> {
	const engine = (await connectFleet(options)).members[0]?.engine;
	if (!engine) throw new DockmedicError('No engine answered.', { exitCode: 2 });
	return engine;
}

/**
 * Tells about each engine that did not answer, on stderr; returns the exit code a command ends with:
 * 2 when no engine answered or some did not (output from the others is still printed).
 */
export function reportUnreachable(fleet: Fleet, err: NodeJS.WritableStream = process.stderr): number {
	for (const { host, message } of fleet.unreachable) err.write(`dockmedic: host ${host}: ${message}\n`);
	return fleet.unreachable.length > 0 ? 2 : 0;
}

/**
 * Runs `work` on every engine of the fleet side by side (a slow host delays only its own part) and joins
 * the results. With one engine its failure is thrown; with several, a failing host is recorded among the
 * unreachable ones (reportUnreachable names it) and the others' results are kept.
 */
export async function onEachHost<T>(fleet: Fleet, work: (member: FleetMember) => Promise<T[]>): Promise<T[]> {
	const settled = await Promise.allSettled(fleet.members.map(work));
	const results: T[] = [];
	settled.forEach((outcome, i) => {
		if (outcome.status === 'fulfilled') results.push(...outcome.value);
		else if (!fleet.many) throw outcome.reason;
		else
			fleet.unreachable.push({
				host: fleet.members[i]?.host ?? '?',
				message: describeError(outcome.reason).split('\n')[0] ?? 'failed',
			});
	});
	return results;
}

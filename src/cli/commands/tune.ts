import { open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { DockmedicError } from '../../engine/errors.js';
import type { Engine } from '../../engine/index.js';
import { configFilePaths } from '../../model/compose.js';
import { parseComposeFile } from '../../model/compose-file.js';
import { applyTuningToCompose } from '../../model/compose-tuning.js';
import type { ContainerDetails } from '../../model/container.js';
import { cpuLimit, deriveSample, type StatsSample } from '../../model/stats.js';
import { parseDuration } from '../../model/timeline.js';
import {
	serviceUpdateCommand,
	type Tuning,
	tuningInputOf,
	tuningOf,
	updateCommand,
} from '../../model/tuning.js';
import { type TuningRoute, tuningRoute } from '../../model/tuning-route.js';
import { bytes, composeTuningLines, cpus, tuningLines } from '../../model/tuning-text.js';
import { recorded } from '../action-journal.js';
import type { GlobalOptions } from '../connect.js';
import { firstEngine } from '../fleet.js';

export type TuneCliOptions = GlobalOptions & {
	readonly for: string;
	readonly apply?: boolean;
	readonly yes?: boolean;
	readonly format: 'text' | 'json';
};

/** Samples of a container's stats, one a second for `seconds`. */
export async function measure(
	engine: Engine,
	details: ContainerDetails,
	seconds: number,
): Promise<StatsSample[]> {
	const samples: StatsSample[] = [];
	const controller = new AbortController();
	const limit = cpuLimit(details.hostConfig);
	const timer = setTimeout(() => controller.abort(), seconds * 1000);
	try {
		await engine.stats.poll(details.id, controller.signal, (raw) => {
			samples.push(deriveSample(raw, limit));
			return 1000;
		});
	} finally {
		clearTimeout(timer);
	}
	return samples;
}

/**
 * The Compose file a service's tuning is written into: the one of its files that defines it, when the
 * engine runs here (its labels name files on the engine's machine). Null, with why, when there is none
 * to edit here: another machine's, unreadable, or the service spread over several (overrides).
 */
async function composeFileOf(
	route: Extract<TuningRoute, { kind: 'compose' }>,
): Promise<{ readonly file: string | null; readonly why: string; readonly files: readonly string[] }> {
	const files = configFilePaths(route.info);
	const named = files.join(', ') || 'not named in its labels';
	if (!route.fileHere)
		return { file: null, files, why: `its Compose file (${named}) is on the engine's machine, not this one` };
	const defining: string[] = [];
	for (const candidate of files) {
		const text = await readFile(candidate, 'utf8').catch(() => null);
		if (text !== null && parseComposeFile(text)?.services.some((s) => s.name === route.info.service))
			defining.push(candidate);
	}
	if (defining.length === 1) return { file: defining[0] as string, files, why: '' };
	return {
		file: null,
		files,
		why:
			defining.length === 0
				? `no readable Compose file here defines the service (${named})`
				: `the service is defined in ${defining.length} files (${defining.join(', ')}), which Compose merges: edit the one that sets its limits by hand`,
	};
}

/**
 * Replaces a file with new text whole, keeping its mode and owner, through its symlink to the real file:
 * a half-written or re-owned Compose file breaks the next `up`.
 */
async function replaceFile(file: string, text: string): Promise<void> {
	const real = await realpath(file);
	const { mode, uid, gid } = await stat(real);
	const temporary = `${real}.dockmedic-${process.pid}`;
	const handle = await open(temporary, 'wx', mode & 0o7777);
	try {
		await handle.writeFile(text);
		await handle.chown(uid, gid).catch(() => undefined);
		await handle.sync();
		await handle.close();
		await rename(temporary, real);
	} catch (error) {
		await handle.close().catch(() => undefined);
		await rm(temporary, { force: true });
		throw error;
	}
}

/**
 * `dockmedic tune <container>`: limits from what it used over a window, the `docker update` (or, for a
 * Compose service, the keys of its file) that sets them; `--apply` makes the change after y/N and measures
 * again. Exit 0; 1 when a change is advised and not applied.
 */
export async function runTune(
	container: string,
	options: TuneCliOptions,
	out: NodeJS.WritableStream = process.stdout,
	err: NodeJS.WritableStream = process.stderr,
	stdin: NodeJS.ReadStream = process.stdin,
): Promise<number> {
	const seconds = parseDuration(options.for);
	if (seconds === null || seconds < 2 || seconds > 3600)
		throw new DockmedicError(`--for expects a duration from 2s to 1h, got "${options.for}".`, {
			exitCode: 2,
		});
	if (options.apply && options.readOnly)
		throw new DockmedicError('--read-only changes nothing: --apply is refused.', { exitCode: 2 });
	const engine = await firstEngine(options);
	const details = await engine.containers.inspect(container);
	if (details.state !== 'running')
		throw new DockmedicError(`${details.name} is ${details.state}: tuning measures a running container.`, {
			tryMessage: `Start it, or read why it stopped: dockmedic diagnose ${details.name}`,
			exitCode: 2,
		});
	const host = await engine.system.resources();
	if (options.format === 'text')
		err.write(`Measuring ${details.name} for ${seconds} s, a reading a second…\n`);
	const samples = await measure(engine, details, seconds);
	const tuning = tuningOf(tuningInputOf(details, samples, host));
	const route = tuningRoute(details.labels, engine.endpoint.kind === 'unix');
	const compose = route.kind === 'compose' ? { ...route, ...(await composeFileOf(route)) } : null;
	const command =
		route.kind === 'compose'
			? null
			: route.kind === 'service'
				? serviceUpdateCommand(route.service, tuning)
				: updateCommand(details.name, tuning);
	const composeLines = compose ? composeTuningLines(compose.info.service, tuning) : [];
	if (options.format === 'text')
		out.write(
			`${tuningLines(
				details.name,
				tuning,
				command,
				composeLines,
				compose,
				route.kind === 'service' ? 'on the service: Swarm replaces its tasks from it' : undefined,
			).join('\n')}\n`,
		);

	let applied: {
		readonly how: 'docker update' | 'compose file';
		readonly file?: string;
		readonly changed?: string[];
	} | null = null;
	let after: Tuning | null = null;
	if (options.apply && tuning.update && route.kind === 'service')
		throw new DockmedicError(
			`${details.name} is a task of the Swarm service ${route.service}: Swarm replaces tasks from the service, so the change goes there. Run: ${command}`,
			{ exitCode: 2 },
		);
	if (options.apply && tuning.update && compose && !compose.file)
		throw new DockmedicError(
			`Not applied: ${compose.why}. Put the keys above under services.${compose.info.service} there, then run ${compose.up}.`,
			{ exitCode: 2 },
		);
	if (options.apply && tuning.update) {
		if (
			!options.yes &&
			!(await confirm(stdin, err, compose ? `Write these keys to ${compose.file}?` : `Run ${command}?`))
		)
			throw new DockmedicError('Nothing changed.', { exitCode: 1 });
		if (compose?.file) {
			const file = compose.file;
			const edited = await recorded(
				{
					host: engine.endpoint.url,
					container: details.name,
					action: 'tune (compose file)',
					command: `edit ${file}: ${composeLines
						.slice(2)
						.map((l) => l.trim())
						.join(', ')}`,
				},
				async () => {
					const result = applyTuningToCompose(await readFile(file, 'utf8'), compose.info.service, tuning);
					await replaceFile(file, result.text);
					return result;
				},
			);
			applied = { how: 'compose file', file, changed: edited.changed };
			if (options.format === 'text')
				out.write(
					`\nChanged ${file}: ${edited.changed.join(', ')}.\nThe container keeps its old limits until Compose recreates it: ${compose.up}\n`,
				);
		} else {
			const update = tuning.update;
			await recorded(
				{
					host: engine.endpoint.url,
					container: details.name,
					action: 'tune (docker update)',
					command: command ?? '',
				},
				() => engine.containers.update(details.id, update),
			);
			applied = { how: 'docker update' };
			if (options.format === 'text') err.write(`\nApplied. Measuring again for ${seconds} s…\n`);
			const now = await engine.containers.inspect(details.id);
			after = tuningOf(tuningInputOf(now, await measure(engine, now, seconds), host));
			if (options.format === 'text') out.write(beforeAfter(tuning, after));
		}
	}
	if (options.format === 'json')
		out.write(
			`${JSON.stringify(
				{
					container: details.name,
					windowSeconds: tuning.windowSeconds,
					samples: tuning.sampleCount,
					cpu: tuning.cpu,
					memory: tuning.memory,
					pids: tuning.pids,
					restartPolicy: tuning.restartPolicy,
					throttle: tuning.throttle,
					warnings: tuning.warnings,
					update: tuning.update,
					command,
					compose: compose
						? {
								project: compose.info.project,
								service: compose.info.service,
								file: compose.file,
								lines: composeLines,
								up: compose.up,
							}
						: null,
					applied,
					after: after ? { cpu: after.cpu, memory: after.memory, throttle: after.throttle } : null,
				},
				null,
				2,
			)}\n`,
		);
	return tuning.update && !applied ? 1 : 0;
}

async function confirm(
	stdin: NodeJS.ReadStream,
	err: NodeJS.WritableStream,
	question: string,
): Promise<boolean> {
	if (!stdin.isTTY)
		throw new DockmedicError(
			'--apply asks first, and there is no terminal to ask on: add --yes to apply without asking.',
			{
				exitCode: 2,
			},
		);
	const rl = createInterface({ input: stdin, output: err });
	try {
		return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
	} finally {
		rl.close();
	}
}

function beforeAfter(before: Tuning, after: Tuning): string {
	const pct = (r: number | undefined) => (r === undefined ? '—' : `${Math.round(r * 100)}%`);
	const cpuPeak = (t: Tuning) => (t.cpu.peak === null ? '—' : cpus(t.cpu.peak));
	const mem = (t: Tuning) => bytes(t.memory.peak);
	return [
		'',
		'            before      after',
		`  CPU peak  ${cpuPeak(before).padEnd(11)} ${cpuPeak(after)}`,
		`  throttled ${pct(before.throttle?.periodsRatio).padEnd(11)} ${pct(after.throttle?.periodsRatio)}`,
		`  mem peak  ${mem(before).padEnd(11)} ${mem(after)}`,
		'',
	].join('\n');
}

import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { DockmedicError } from '../../engine/errors.js';
import type { Engine } from '../../engine/index.js';
import { composeCommand, composeInfo, configFilePaths } from '../../model/compose.js';
import { parseComposeFile } from '../../model/compose-file.js';
import { composeFlavour } from '../../model/compose-fix.js';
import { applyTuningToCompose, composeTuningLines } from '../../model/compose-tuning.js';
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
import { bytes, cpus, tuningLines } from '../../model/tuning-text.js';
import { SERVICE_LABEL } from '../../playbooks/probes/swarm-service.js';
import { recorded } from '../action-journal.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet } from '../fleet.js';

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

/** Where a Compose service's tuning goes: the last of its files that defines it (overrides win). */
async function composeTarget(details: ContainerDetails) {
	const info = composeInfo(details.labels);
	if (!info?.service) return null;
	const files = configFilePaths(info);
	let file: string | null = null;
	for (const candidate of files) {
		if (!existsSync(candidate)) continue;
		const model = parseComposeFile(await readFile(candidate, 'utf8'));
		if (model?.services.some((s) => s.name === info.service)) file = candidate;
	}
	return {
		info,
		file,
		files,
		up: composeCommand(info, composeFlavour(details.labels), 'up', '-d', info.service),
	};
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
	const fleet = await connectFleet(options);
	const engine = fleet.members[0]?.engine;
	if (!engine) throw new DockmedicError('No engine answered.', { exitCode: 2 });
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
	const compose = await composeTarget(details);
	// A Swarm task is replaced from its service's spec: the change belongs on the service.
	const service = details.labels[SERVICE_LABEL];
	const command = compose
		? null
		: service
			? serviceUpdateCommand(service, tuning)
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
				service ? 'on the service: Swarm replaces its tasks from it' : undefined,
			).join('\n')}\n`,
		);

	let applied: {
		readonly how: 'docker update' | 'compose file';
		readonly file?: string;
		readonly changed?: string[];
	} | null = null;
	let after: Tuning | null = null;
	if (options.apply && tuning.update && service)
		throw new DockmedicError(
			`${details.name} is a task of the Swarm service ${service}: Swarm replaces tasks from the service, so the change goes there. Run: ${command}`,
			{ exitCode: 2 },
		);
	if (options.apply && tuning.update) {
		if (
			!options.yes &&
			!(await confirm(stdin, err, compose ? `Write these keys to ${compose.file}?` : `Run ${command}?`))
		)
			throw new DockmedicError('Nothing changed.', { exitCode: 1 });
		if (compose) {
			if (!compose.file)
				throw new DockmedicError(
					`The Compose file of ${details.name} (${compose.files.join(', ') || 'unknown'}) is not on this machine: put the keys above under services.${compose.info.service} there, then run ${compose.up}.`,
					{ exitCode: 2 },
				);
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
					// Whole or not at all: a half-written Compose file breaks the next `up`.
					await writeFile(`${file}.dockmedic-new`, result.text);
					await rename(`${file}.dockmedic-new`, file);
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

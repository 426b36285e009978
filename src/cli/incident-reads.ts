/** Gathers an incident report from one engine: each container's state, diagnosis, timeline, last lines and use. */
import type { Engine } from '../engine/index.js';
import { COMPOSE_PROJECT, COMPOSE_SERVICE } from '../model/compose.js';
import type { ContainerDetails } from '../model/container.js';
import { linesOfChunks } from '../model/evidence.js';
import { cpuLimit, deriveSample } from '../model/stats.js';
import { diagnose } from '../playbooks/diagnose.js';
import type { ContainerIncident, IncidentReport } from '../playbooks/incident-report.js';
import type { Playbook } from '../playbooks/schema.js';
import { actionsBetween } from './action-journal.js';
import { readTimeline } from './timeline-reads.js';

/** Lines of its own output a report carries per container: the end of the last run, enough to read. */
export const REPORT_LOG_LINES = 60;

export type IncidentSetup = {
	readonly engine: Engine;
	readonly playbooks: readonly Playbook[];
	readonly helperImage: string;
	readonly showSecrets: boolean;
};

/** The report of these containers over the last `seconds`: read, diagnosed, with the journal's actions. */
export async function readIncident(
	setup: IncidentSetup,
	containers: readonly string[],
	seconds: number,
): Promise<IncidentReport> {
	const until = Math.floor(Date.now() / 1000);
	const incidents: ContainerIncident[] = [];
	// One after the other: diagnoses start helpers, and a server in trouble should not get them all at once.
	for (const ref of containers) incidents.push(await readContainerIncident(setup, ref, seconds));
	const actions = await actionsBetween(
		setup.engine.endpoint.url,
		incidents.map((i) => i.name),
		(until - seconds) * 1000,
		Date.now(),
	);
	return {
		generatedAt: Date.now(),
		host: setup.engine.endpoint.url,
		since: until - seconds,
		until,
		containers: incidents,
		actions,
	};
}

async function readContainerIncident(
	setup: IncidentSetup,
	ref: string,
	seconds: number,
): Promise<ContainerIncident> {
	const { engine } = setup;
	const details = await engine.containers.inspect(ref);
	const [diagnosis, timeline, lines, usage] = await Promise.all([
		diagnose(details.id, {
			engine,
			playbooks: [...setup.playbooks],
			helperImage: setup.helperImage,
			showSecrets: setup.showSecrets,
		}),
		readTimeline(engine, details.id, seconds),
		engine.logs
			.read(details.id, { tail: REPORT_LOG_LINES, timestamps: true, tty: details.config.tty })
			.then((chunks) =>
				linesOfChunks(chunks).map((l) =>
					l.time !== null ? `${new Date(l.time * 1000).toISOString()} ${l.text}` : l.text,
				),
			)
			.catch(() => [] as string[]),
		usageOf(engine, details),
	]);
	const project = details.labels[COMPOSE_PROJECT];
	const service = details.labels[COMPOSE_SERVICE];
	const limit = cpuLimit(details.hostConfig);
	return {
		name: details.name,
		id: details.id,
		image: details.image,
		...(project && service ? { compose: { project, service } } : {}),
		state: details.state,
		health: details.health,
		exitCode: details.state === 'running' ? null : details.exitCode,
		oomKilled: details.oomKilled,
		restartCount: details.restartCount,
		startedAt: details.startedAt,
		finishedAt: details.finishedAt,
		limits: {
			cpus: limit || null,
			memoryBytes: details.hostConfig.memoryBytes || null,
			pidsLimit: details.hostConfig.pidsLimit,
			restartPolicy: details.hostConfig.restartPolicy.name || 'no',
		},
		usage,
		diagnosis,
		timeline,
		logLines: lines,
	};
}

async function usageOf(engine: Engine, details: ContainerDetails): Promise<ContainerIncident['usage']> {
	if (details.state !== 'running') return null;
	try {
		const sample = deriveSample(await engine.stats.once(details.id), cpuLimit(details.hostConfig));
		return { cpuPercent: sample.cpuPercent, memoryBytes: sample.memoryUsageBytes, pids: sample.pids };
	} catch {
		return null;
	}
}

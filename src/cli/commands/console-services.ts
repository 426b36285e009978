import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../engine/index.js';
import { COMPOSE_NUMBER, COMPOSE_PROJECT, COMPOSE_SERVICE } from '../../model/compose.js';
import type { ContainerSummary } from '../../model/container.js';
import type { MetricHistory } from '../../model/metric-history.js';
import { PS_ARGS, processRows } from '../../model/processes.js';
import { redactDetails, redactLogText } from '../../model/redact.js';
import { markSockets, parseSockets } from '../../model/sockets.js';
import { cpuLimit, deriveSample, nextReadingMs, type StatsSample } from '../../model/stats.js';
import { updateCommandOf } from '../../model/tuning.js';
import { diagnose } from '../../playbooks/diagnose.js';
import type { RunningStep } from '../../playbooks/diagnosis.js';
import {
	commandOnHost,
	type Diagnosis,
	onHost,
	type Remedy,
	type StepRecord,
} from '../../playbooks/diagnosis.js';
import { runInNetns } from '../../playbooks/probes/probe.js';
import { applyRemedy } from '../../playbooks/remedies/index.js';
import type { Playbook } from '../../playbooks/schema.js';
import { defaultSignatures } from '../../playbooks/signature-loader.js';
import type { ContainerAction } from '../../ui/actions.js';
import type { DetailsService } from '../../ui/details-service.js';
import type { SwarmService } from '../../ui/swarm-service.js';
import { fileStamp } from '../../util/stamp.js';
import { stateRoot } from '../../util/xdg.js';
import { recorded } from '../action-journal.js';
import { helperImage, loadAllPlaybooks } from '../playbook-setup.js';
import { readPrometheusHistory } from '../prometheus-reads.js';
import type { SharedEngine } from '../shared-engine.js';
import { servicesWithTasks, taskContainer } from '../swarm-reads.js';
import { readTimeline } from '../timeline-reads.js';

/** What the services need besides the connection, prepared once per engine: the console may watch several. */
type Setup = { playbooks: Playbook[]; helperImage: string };
const prepared = new WeakMap<SharedEngine, Promise<Setup>>();

/**
 * The console's engine-side services (diagnosis, fixes, detail panes, actions), loaded on first
 * use, on the session's connection to each engine. Playbooks and helper image are prepared once per
 * engine. Playbook load errors are dropped here (stderr belongs to the terminal); `dockmedic
 * playbooks list` shows them.
 */
async function ready(shared: SharedEngine): Promise<Setup & { engine: Engine }> {
	const engine = await shared.get();
	let pending = prepared.get(shared);
	if (!pending) {
		pending = (async () => ({
			playbooks: loadAllPlaybooks([], () => undefined),
			helperImage: await helperImage(engine),
		}))();
		prepared.set(shared, pending);
	}
	const setup = await pending.catch((error: unknown) => {
		prepared.delete(shared);
		throw error;
	});
	return { engine, ...setup };
}

/** Applies a fix the person confirmed in the console. */
export async function applyFixForConsole(shared: SharedEngine, remedy: Remedy): Promise<string> {
	const { engine } = await ready(shared);
	return recorded(
		{
			host: engine.endpoint.url,
			container: remedy.args.container ?? '',
			action: `fix: ${remedy.action}`,
			command: remedy.command,
		},
		() => applyRemedy(engine, remedy),
	);
}

/** Diagnoses one container for the console, reporting each finished step. */
export async function diagnoseForConsole(
	shared: SharedEngine,
	containerId: string,
	onStep: (step: StepRecord) => void,
	onRunning: (running: RunningStep) => void,
	showSecrets = false,
	/** The engine's context name when the console watches several: commands by hand then name it. */
	host?: string,
): Promise<Diagnosis> {
	const result = await diagnose(containerId, {
		...(await ready(shared)),
		showSecrets,
		// Under the console, a broken signature file of the person's is skipped without a word on stderr.
		signatures: defaultSignatures(() => {}),
		onEvent: (event) => {
			if (event.type === 'step-finished')
				onStep(host ? { ...event.step, command: commandOnHost(event.step.command, host) } : event.step);
			if (event.type === 'step-started')
				onRunning({ title: event.title, startedAt: Date.now(), timeoutMs: event.timeoutMs });
		},
	});
	return host ? onHost(result, host) : result;
}

/** Stats, logs and inspect for the console's detail panes, on the session's engine connection. */
export function detailsForConsole(shared: SharedEngine, showSecrets = false): DetailsService {
	const engine = async () => (await ready(shared)).engine;
	return {
		inspect: async (id) => redactDetails(await (await engine()).containers.inspect(id), showSecrets),
		processes: async (id) => {
			const e = await engine();
			const d = await e.containers.inspect(id);
			if (d.state !== 'running') throw new Error(`${d.name} is ${d.state}: it has no processes.`);
			return processRows(await e.containers.top(id, PS_ARGS), d.pid);
		},
		timeline: async (id) => readTimeline((await ready(shared)).engine, id, 3600),
		hostResources: async () => (await engine()).system.resources(),
		load: async (id, signal, onStart, onProgress) => {
			const e = await engine();
			const { loadTarget } = await import('../../model/load-target.js');
			const { localAddresses, localSubnets, probeLoad } = await import('../load-probe.js');
			const { LOAD_DEFAULTS } = await import('../../model/load-result.js');
			const details = await e.containers.inspect(id);
			const target = loadTarget(details, e.endpoint, { path: '/' }, localAddresses(), localSubnets());
			if ('refused' in target) throw new Error(target.refused);
			const run = { url: target.url, ...LOAD_DEFAULTS };
			onStart(
				`${target.describe}: ${run.requests} requests over ${run.connections} connections, at most ${run.durationS} s`,
			);
			const outcome = await probeLoad(e, details, target, run, '/', onProgress, signal);
			return { figures: outcome.figures, usage: outcome.usage, comparison: outcome.comparison?.line ?? null };
		},
		tune: async (id, update) => {
			const e = await engine();
			const name = (await e.containers.inspect(id)).name;
			const command = updateCommandOf(name, update);
			await recorded({ host: e.endpoint.url, container: name, action: 'tune (docker update)', command }, () =>
				e.containers.update(id, update),
			);
			return command;
		},
		sockets: async (id) => {
			const { engine: e, helperImage } = await ready(shared);
			const subject = await e.containers.inspect(id);
			if (subject.state !== 'running')
				throw new Error(`${subject.name} is ${subject.state}: it has no sockets.`);
			// Read in its network namespace: by exec, or a helper joined to it when the image has no cat.
			const ctx = { engine: e, subject, params: {}, helperImage, timeoutMs: 8000 };
			const read = async (files: string[]) => (await runInNetns(ctx, ['cat', ...files])).stdout;
			const [tcp, udp] = await Promise.all([
				read(['/proc/net/tcp', '/proc/net/tcp6']),
				read(['/proc/net/udp', '/proc/net/udp6']),
			]);
			const marked = markSockets([...parseSockets(tcp, 'tcp'), ...parseSockets(udp, 'udp')], subject.ports);
			return { sockets: marked.sockets, deadPublished: marked.deadPublished };
		},
		stats: async (id, signal, onSample, pace) => {
			const e = await engine();
			const d = await e.containers.inspect(id);
			if (d.state !== 'running') throw new Error(`${d.name} is ${d.state}: no live stats.`);
			const cpus = cpuLimit(d.hostConfig);
			if (!pace) return e.stats.stream(id, signal, (raw) => onSample(deriveSample(raw, cpus)));
			let previous: StatsSample | undefined;
			await e.stats.poll(id, signal, (raw) => {
				const sample = deriveSample(raw, cpus);
				onSample(sample);
				const wait = nextReadingMs(previous, sample, pace);
				previous = sample;
				return wait;
			});
		},
		projectMembers: async (id) => {
			const e = await engine();
			const project = (await e.containers.inspect(id)).labels[COMPOSE_PROJECT];
			if (!project) return [];
			const members = await e.containers.listByLabel(`${COMPOSE_PROJECT}=${project}`);
			return logSourcesOf(members);
		},
		saveLogs: async (id, lines) => {
			const name = (await (await engine()).containers.inspect(id)).name;
			const folder = path.join(stateRoot(), 'dockmedic', 'logs');
			await mkdir(folder, { recursive: true });
			const file = path.join(folder, `${name}-${fileStamp(new Date())}.log`);
			const text = lines.map((line) => (showSecrets ? line : redactLogText(line))).join('\n');
			// wx: never overwrite an export made in the same second.
			const written = await writeFile(file, `${text}\n`, { flag: 'wx' }).then(
				() => file,
				async (error: NodeJS.ErrnoException) => {
					if (error.code !== 'EEXIST') throw error;
					const other = `${file}.${Date.now() % 1000}`;
					await writeFile(other, `${text}\n`, { flag: 'wx' });
					return other;
				},
			);
			return written;
		},
		copyToClipboard: async (lines) => copyToTerminalClipboard(lines, showSecrets),
		logs: async (id, signal, onOutput, options) => {
			const e = await engine();
			const d = await e.containers.inspect(id);
			if (options?.follow === false) {
				// The pane keeps at most its line budget; a window "since" is read whole (the engine cannot cut a tail of it).
				const chunks = await e.logs.read(id, {
					tail: options.since === undefined ? 200 : 'all',
					tty: d.config.tty,
					timestamps: options.timestamps ?? false,
					...(options.since === undefined ? {} : { since: options.since }),
				});
				for (const chunk of chunks) onOutput(chunk.stream, chunk.data.toString('utf8'));
				return;
			}
			await e.logs.follow(
				id,
				{
					...(options?.since === undefined ? { tail: 200 } : { since: options.since }),
					tty: d.config.tty,
					timestamps: options?.timestamps ?? false,
				},
				signal,
				(chunk) => onOutput(chunk.stream, chunk.data.toString('utf8')),
			);
		},
	};
}

/** A container's history from the Prometheus given with --prometheus, found by its name. */
export async function historyForConsole(
	shared: SharedEngine,
	prometheus: string,
	id: string,
	rangeSeconds: number,
	points: number,
	signal: AbortSignal,
): Promise<MetricHistory> {
	const { name } = await (await ready(shared)).engine.containers.inspect(id);
	return readPrometheusHistory(prometheus, name, rangeSeconds, points, signal);
}

/** Lines (secrets masked) onto the terminal's clipboard with OSC 52; false where the terminal refuses it. */
export function copyToTerminalClipboard(lines: readonly string[], showSecrets = false): boolean {
	if (!clipboardAllowed(process.env)) return false;
	const text = lines.map((line) => (showSecrets ? line : redactLogText(line))).join('\n');
	process.stdout.write(osc52(text));
	return true;
}

/** A project's containers by their service name (web, db; web-2 when a service has replicas), sorted. */
function logSourcesOf(members: readonly ContainerSummary[]): { id: string; name: string }[] {
	const services = members.map((m) => m.labels[COMPOSE_SERVICE] ?? m.name);
	return members
		.map((m, i) => {
			const service = services[i] ?? m.name;
			const replicas = services.filter((s) => s === service).length > 1;
			return {
				id: m.id,
				name: replicas ? `${service}-${m.labels[COMPOSE_NUMBER] ?? m.id.slice(0, 6)}` : service,
			};
		})
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Terminals that refuse OSC 52 outright get nothing written (the Linux console prints it as garbage). */
function clipboardAllowed(env: NodeJS.ProcessEnv): boolean {
	if (env.DOCKMEDIC_OSC52 === '0') return false;
	return !/^(?:linux|dumb|vt100|vt220)$/.test(env.TERM ?? '');
}

/** Most terminals take at most about 100 kB in one OSC 52: the newest lines that fit are sent. */
const OSC52_MAX_BYTES = 74_000;

/** The OSC 52 sequence that sets the clipboard (tmux takes it into its buffer with set-clipboard on). */
export function osc52(text: string): string {
	let body = Buffer.from(text, 'utf8');
	if (body.length > OSC52_MAX_BYTES) body = body.subarray(body.length - OSC52_MAX_BYTES);
	return `\x1b]52;c;${body.toString('base64')}\x07`;
}

/**
 * A shell in a running container, on the session's connection to its engine, with this terminal; the
 * console has stepped aside before and comes back after.
 */
export async function shellForConsole(
	shared: SharedEngine,
	containerId: string,
	stepAside: () => void,
	toolbox = false,
): Promise<number> {
	const { engine } = await ready(shared);
	const details = await engine.containers.inspect(containerId);
	const { attachShell, withToolbox } = await import('./shell.js');
	if (toolbox)
		return withToolbox(engine, details, undefined, (id, user, banner) =>
			attachShell(engine, id, [], user, process.stdin, process.stdout, () => {
				stepAside();
				process.stdout.write(`${banner}\r\n`);
			}),
		);
	if (details.state !== 'running')
		throw new Error(
			`${details.name} is ${details.state}: a shell needs it running. B opens a toolbox beside it.`,
		);
	return attachShell(engine, details.id, [], undefined, process.stdin, process.stdout, stepAside);
}

/** The incident report of a container (the last hour) as a Markdown file under the XDG state folder. */
export async function reportForConsole(
	shared: SharedEngine,
	containerId: string,
	showSecrets = false,
): Promise<string> {
	const { engine, playbooks, helperImage } = await ready(shared);
	const { readIncident } = await import('../incident-reads.js');
	const { reportMarkdown } = await import('../../playbooks/incident-report.js');
	const report = await readIncident({ engine, playbooks, helperImage, showSecrets }, [containerId], 3600);
	const folder = path.join(stateRoot(), 'dockmedic', 'reports');
	await mkdir(folder, { recursive: true });
	const file = path.join(folder, `${report.containers[0]?.name ?? containerId}-${fileStamp(new Date())}.md`);
	await writeFile(file, reportMarkdown(report, { showSecrets }));
	return file;
}

/** A lifecycle action the person confirmed in the console. */
export async function actOnContainer(
	shared: SharedEngine,
	containerId: string,
	action: ContainerAction,
): Promise<void> {
	const { engine } = await ready(shared);
	const name = await engine.containers.inspect(containerId).then(
		(d) => d.name,
		() => containerId,
	);
	await recorded(
		{ host: engine.endpoint.url, container: name, action, command: dockerVerbCommand(action, name) },
		() => engine.containers.act(action, containerId),
	);
}

/** The docker command of a console action, as the journal and the report show it. */
function dockerVerbCommand(action: ContainerAction, name: string): string {
	return action === 'remove' ? `docker rm -f ${name}` : `docker ${action} ${name}`;
}

/** Swarm services of every manager engine the console watches, and the task to diagnose for one. */
export function swarmForConsole(hosts: readonly { name: string; engine: SharedEngine }[]): SwarmService {
	const many = hosts.length > 1;
	return {
		services: async () => {
			const perHost = await Promise.all(
				hosts.map(async ({ name, engine: shared }) => {
					const { engine } = await ready(shared).catch(() => ({ engine: null }));
					const services = engine ? await servicesWithTasks(engine) : null;
					return (services ?? []).map((s) => (many ? { ...s, host: name } : s));
				}),
			);
			return perHost.flat().sort((a, b) => a.name.localeCompare(b.name));
		},
		taskToDiagnose: async (service) => {
			const host = hosts.find((h) => h.name === service.host) ?? hosts[0];
			if (!host) return null;
			const details = await taskContainer((await ready(host.engine)).engine, service.tasks);
			return details ? { id: details.id, name: details.name } : null;
		},
	};
}

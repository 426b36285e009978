import { DockmedicError } from '../../engine/errors.js';
import type { Engine } from '../../engine/index.js';
import type { ContainerDetails } from '../../model/container.js';
import { needsAttention } from '../../model/container-list.js';
import { describeTask } from '../../model/swarm.js';
import { containersNeedingAttention } from '../../playbooks/attention.js';
import { diagnose } from '../../playbooks/diagnose.js';
import { type Diagnosis, onHost } from '../../playbooks/diagnosis.js';
import { missingImageDiagnosis, missingServiceDiagnosis } from '../../playbooks/project-diagnosis.js';
import { toJson, toMarkdown, toText } from '../../playbooks/report.js';
import type { Playbook } from '../../playbooks/schema.js';
import { diagnoseServiceTasks } from '../../playbooks/service-tasks.js';
import { defaultSignatures } from '../../playbooks/signature-loader.js';
import { readProjects } from '../compose-reads.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet, type FleetMember, onEachHost, reportUnreachable } from '../fleet.js';
import { helperImage, loadAllPlaybooks } from '../playbook-setup.js';
import { taskContainer } from '../swarm-reads.js';

export type DiagnoseCliOptions = GlobalOptions & {
	readonly all?: boolean;
	/** A Swarm service: one of its task containers is diagnosed (the last that failed, else a running one). */
	readonly service?: string;
	/** A Compose project: its services that need attention, each after the services it depends on. */
	readonly project?: string;
	readonly playbook?: string;
	readonly format: 'text' | 'json' | 'markdown';
	readonly playbooks?: string[];
	readonly input?: string[];
};

/** `dockmedic diagnose`: exit 0 healthy, 1 a finding (or inconclusive), 2 usage or engine error. */
export async function runDiagnose(
	container: string | undefined,
	options: DiagnoseCliOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	if (!container && !options.all && !options.service && !options.project)
		throw new DockmedicError('Name a container, or use --all, --project NAME or --service NAME.', {
			tryMessage:
				'dockmedic diagnose web   or   dockmedic diagnose --all   or   dockmedic diagnose --project shop',
		});
	const playbooks = loadAllPlaybooks(options.playbooks ?? []);
	if (options.playbook && !playbooks.some((p) => p.id === options.playbook)) {
		throw new DockmedicError(`There is no playbook "${options.playbook}".`, {
			tryMessage: `Available: ${playbooks.map((p) => p.id).join(', ')}`,
		});
	}
	const inputs = parseInputs(options.input ?? []);
	const fleet = await connectFleet(options);
	// One engine's containers, diagnosed one after the other (probes start helpers; they should not pile up).
	const diagnoseHost = async ({ host, engine }: FleetMember): Promise<Diagnosis[]> => {
		const common = {
			engine,
			playbooks,
			helperImage: await helperImage(engine),
			inputs,
			showSecrets: options.showSecrets === true,
			...(options.playbook ? { playbookId: options.playbook } : {}),
		};
		let names: string[];
		if (options.project)
			return await diagnoseProject(engine, host, options.project, fleet.many, (id) => diagnose(id, common));
		if (options.service) {
			const found = await serviceTask(engine, options.service, fleet.many, playbooks);
			if (found && typeof found !== 'string') return [fleet.many ? onHost(found, host) : found];
			names = found ? [found] : [];
		} else if (options.all) {
			const all = await engine.containers.list({ all: true });
			const details = await Promise.all(all.map((c) => engine.containers.inspect(c.id).catch(() => null)));
			const flagged = await containersNeedingAttention(
				engine,
				details.filter((d): d is ContainerDetails => d !== null),
				defaultSignatures(),
			);
			names = flagged.map((f) => f.name);
		} else if (fleet.many) {
			// With several engines, the named container is diagnosed wherever it exists.
			const all = await engine.containers.list({ all: true });
			names = all.some((c) => c.name === container || c.id.startsWith(container ?? ''))
				? [container ?? '']
				: [];
		} else names = [container ?? ''];
		const results: Diagnosis[] = [];
		for (const name of names) {
			const result = await diagnose(name, common).catch((error: Error) => {
				// With --all, a container removed since the list was read is no longer anyone's problem.
				if (options.all && error.name === 'ContainerNotFoundError') return null;
				throw error;
			});
			if (result) results.push(fleet.many ? onHost(result, host) : result);
		}
		return results;
	};
	const results = await onEachHost(fleet, diagnoseHost);
	if (fleet.many && !options.all && results.length === 0)
		throw new DockmedicError(
			options.service
				? `No service ${options.service} on any host.`
				: `No such container on any host: ${container}.`,
			{ exitCode: 2 },
		);
	const unreachable = reportUnreachable(fleet);
	if (options.project && results.length === 0) {
		if (fleet.many)
			throw new DockmedicError(`No Compose project ${options.project} on any host.`, { exitCode: 2 });
		out.write(
			options.format === 'json' ? '[]\n' : `No service of project ${options.project} needs attention.\n`,
		);
		return unreachable;
	}
	// With --all, --project or several engines the JSON is an array (each entry names its host when there are several).
	out.write(
		render(results, options.format, options.all === true || options.project !== undefined || fleet.many),
	);
	return unreachable || (results.some((r) => r.status !== 'healthy') ? 1 : 0);
}

function render(results: Diagnosis[], format: DiagnoseCliOptions['format'], many: boolean): string {
	if (format === 'json')
		return `${JSON.stringify(many ? results.map(toJson) : toJson(results[0] as Diagnosis), null, 2)}\n`;
	if (many && results.length === 0)
		return format === 'markdown' ? '## No container needs attention\n' : 'No container needs attention.\n';
	const one = format === 'markdown' ? toMarkdown : toText;
	return results.map(one).join('\n');
}

/**
 * The services of a Compose project that need attention, dependencies first: a service Compose never
 * created is explained by the dependency it waits for; the others are diagnosed as containers.
 */
async function diagnoseProject(
	engine: Engine,
	host: string,
	name: string,
	others: boolean,
	diagnoseOne: (id: string) => Promise<Diagnosis>,
): Promise<Diagnosis[]> {
	const [project] = await readProjects(engine, host, name);
	if (!project) {
		if (others) return [];
		throw new DockmedicError(`There is no Compose project ${name} on this engine.`, {
			tryMessage: 'List them with `dockmedic projects`.',
			exitCode: 2,
		});
	}
	const results: Diagnosis[] = [];
	for (const service of project.services.filter((s) => s.attention)) {
		if (service.missing) {
			const image = service.pulledImage;
			const explained =
				missingServiceDiagnosis(project, service) ??
				(image && (await certainlyMissing(engine, image))
					? missingImageDiagnosis(project, service, image)
					: null);
			if (explained) results.push(others ? onHost(explained, host) : explained);
			continue;
		}
		const container = service.containers.find((c) => needsAttention(c)) ?? service.containers[0];
		if (container) {
			const result = await diagnoseOne(container.id);
			results.push(others ? onHost(result, host) : result);
		}
	}
	return results;
}

/**
 * Whether the engine lacks the image: false when that is not known (a failed read, or a name with a
 * ${VARIABLE} that Compose fills in).
 */
async function certainlyMissing(engine: Engine, image: string): Promise<boolean> {
	if (image.includes('$')) return false;
	return engine.images.firstLocal([image]).then(
		(found) => found === undefined,
		() => false,
	);
}

function parseInputs(pairs: string[]): Record<string, string> {
	const inputs: Record<string, string> = {};
	for (const pair of pairs) {
		const eq = pair.indexOf('=');
		if (eq <= 0) throw new DockmedicError(`--input expects NAME=VALUE, got "${pair}".`);
		inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
	}
	return inputs;
}

/**
 * The task container to diagnose for a Swarm service on this engine: the newest that ended badly, else a
 * running one. Undefined when the service is not here and other hosts may have it (several engines).
 */
async function serviceTask(
	engine: Engine,
	name: string,
	others: boolean,
	playbooks: readonly Playbook[],
): Promise<string | Diagnosis | undefined> {
	const manager = await engine.swarm.isManager();
	const service = manager
		? (await engine.swarm.services()).find((s) => s.name === name || s.id === name)
		: undefined;
	if (!service) {
		if (others) return undefined;
		throw new DockmedicError(
			manager ? `There is no service ${name}.` : 'This engine is not a Swarm manager: it has no services.',
			{ tryMessage: 'List them with `dockmedic services`.', exitCode: 2 },
		);
	}
	const tasks = await engine.swarm.tasks(service.id);
	const found = await taskContainer(engine, tasks);
	if (found) return found.id;
	// No task ever got a container: what the orchestrator recorded may still name the cause.
	const fromTasks = diagnoseServiceTasks(service, tasks, playbooks);
	if (fromTasks) return fromTasks;
	throw new DockmedicError(
		`Service ${service.name} (${service.running}/${service.desired} running) has no task container on this engine to examine.`,
		{
			tryMessage: tasks.length
				? `Its tasks:\n${tasks.map((t) => `  ${describeTask(service.name, t)}`).join('\n')}`
				: 'It has no tasks yet: see `docker service ps --no-trunc`.',
			exitCode: 1,
		},
	);
}

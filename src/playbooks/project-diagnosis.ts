import { composeCommand, composeInfo, configFilePaths } from '../model/compose.js';
import { type ComposeFix, composeFixLines, composeFlavour } from '../model/compose-fix.js';
import type { Project, ProjectService } from '../model/projects.js';
import type { Diagnosis } from './diagnosis.js';

type Finding = NonNullable<Diagnosis['cause']>;
type Step = Diagnosis['steps'][number];

/** The `up -d SERVICE` that creates the service, and `ps`, in the project's own Compose flavour. */
function composeCommands(project: Project, service: string, labels: Readonly<Record<string, string>>) {
	const info = composeInfo(labels);
	const flavour = composeFlavour(labels);
	return {
		up: info
			? composeCommand(info, flavour, 'up', '-d', service)
			: `docker compose -p ${project.name} up -d ${service}`,
		ps: info
			? composeCommand(info, flavour, 'ps')
			: `docker ps -a --filter label=com.docker.compose.project=${project.name}`,
	};
}

/** A finding about a service of the Compose file that has no container, with the one step that shows why. */
function neverCreated(
	project: Project,
	service: ProjectService,
	cause: Finding,
	step: Omit<Step, 'playbook' | 'status' | 'durationMs'>,
): Diagnosis {
	return {
		container: service.containerName ?? `${project.name}/${service.service}`,
		playbook: 'compose-project',
		playbooksRun: ['compose-project'],
		status: 'finding',
		cause,
		steps: [{ playbook: 'compose-project', status: 'fail', durationMs: 0, ...step }],
		inputs: {},
		durationMs: 0,
	};
}

/**
 * A service of the Compose file with no container: Compose never created it because a service it
 * depends on did not become healthy (or started, or completed). Names that dependency as the cause;
 * its own diagnosis comes before this one. Null when no dependency explains it. Pure.
 */
export function missingServiceDiagnosis(project: Project, service: ProjectService): Diagnosis | null {
	const blocking = service.dependsOn
		.map((d) => ({ ...d, target: project.services.find((s) => s.service === d.service) }))
		.find(({ condition, target }) => target && !satisfied(condition, target));
	if (!blocking?.target) return null;
	const dependency = blocking.target;
	const container = dependency.containers[0];
	const commands = composeCommands(project, service.service, container?.labels ?? {});
	const fix: ComposeFix = {
		project: project.name,
		service: dependency.service,
		files: configFilePaths(project),
		key: "healthcheck (of the dependency), or depends_on's condition",
		apply: commands.up,
	};
	const state = stateOf(dependency);
	return neverCreated(
		project,
		service,
		{
			id: 'dependency-unhealthy',
			summary: `Compose never created ${service.service}: the service it depends on, ${dependency.service}, is ${state}`,
			explanation:
				`${service.service} is a service of project ${project.name} with no container. It depends on ${dependency.service} ` +
				`with condition ${blocking.condition}, and ${dependency.service} is ${state}, so Compose did not create or ` +
				`start ${service.service}. Fix ${dependency.service} first; ${service.service} follows.`,
			fix: [
				...(container
					? [`dockmedic diagnose ${container.name}   # why ${dependency.service} is ${state}`]
					: []),
				...composeFixLines(fix, []),
			],
			compose: fix,
		},
		{
			id: 'missing-service',
			title: `Does service ${service.service} have a container?`,
			why: 'Compose creates a service only once the services it depends on meet their condition.',
			evidence: [
				`${service.service}: 0 containers (the Compose file declares ${service.desired})`,
				`depends on ${dependency.service} (${blocking.condition}): ${
					dependency.containers
						.map((c) => `${c.name} ${c.state}${c.health ? ` (${c.health})` : ''}`)
						.join(', ') || 'no container'
				}`,
			],
			command: commands.ps,
		},
	);
}

/**
 * A service of the Compose file with no container and no dependency to blame, whose image is not on
 * the engine: `up` stopped when the pull failed (a wrong name or tag, a registry that needs a login
 * or does not answer). Pure: the caller says which image is missing.
 */
export function missingImageDiagnosis(project: Project, service: ProjectService, image: string): Diagnosis {
	const sibling = project.services.flatMap((s) => s.containers)[0];
	const fix: ComposeFix = {
		project: project.name,
		service: service.service,
		files: configFilePaths(project),
		key: 'image',
		apply: composeCommands(project, service.service, sibling?.labels ?? {}).up,
	};
	const first = image.split('/')[0] ?? '';
	const registry = image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'Docker Hub';
	return neverCreated(
		project,
		service,
		{
			id: 'image-unavailable',
			summary: `Compose never created ${service.service}: its image ${image} is not on this engine and could not be pulled`,
			explanation:
				`${service.service} is a service of project ${project.name} with no container, and nothing it depends on holds it back. ` +
				`Its image, ${image}, is not on this engine, so \`up\` had to pull it from ${registry} and stopped when that failed: ` +
				'a name or tag that does not exist there, a registry that needs a login, or one that does not answer from this host.',
			fix: [
				`docker pull ${image}   # the registry's own answer: not found, unauthorized, or no connection`,
				'docker images   # is the image here under another name? (a registry prefix or tag that differs)',
				...composeFixLines(fix, []),
			],
			compose: fix,
		},
		{
			id: 'missing-image',
			title: `Is the image of service ${service.service} on this engine?`,
			why: 'Compose pulls an image it does not have before it creates the service; a failed pull leaves no container.',
			evidence: [
				`${service.service}: 0 containers (the Compose file declares ${service.desired})`,
				`image ${image}: not on this engine (docker image inspect finds nothing)`,
			],
			command: `docker image inspect ${image}`,
		},
	);
}

function satisfied(condition: string, dependency: ProjectService): boolean {
	const containers = dependency.containers;
	if (containers.length === 0) return false;
	if (condition === 'service_healthy')
		return containers.every((c) => c.state === 'running' && c.health === 'healthy');
	if (condition === 'service_completed_successfully')
		return containers.every((c) => c.state === 'exited' && (c.exitCode ?? 0) === 0);
	return containers.every((c) => c.state === 'running');
}

function stateOf(service: ProjectService): string {
	const states = service.containers.map((c) => (c.health && c.state === 'running' ? c.health : c.state));
	return states.length ? [...new Set(states)].join(', ') : 'not created either';
}

import { composeCommand, composeInfo, configFilePaths } from '../model/compose.js';
import { type ComposeFix, composeFixLines, composeFlavour } from '../model/compose-fix.js';
import type { Project, ProjectService } from '../model/projects.js';
import type { Diagnosis } from './diagnosis.js';

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
	const labels = container?.labels ?? {};
	const info = composeInfo(labels);
	const flavour = composeFlavour(labels);
	const up = info
		? composeCommand(info, flavour, 'up', '-d', service.service)
		: `docker compose -p ${project.name} up -d ${service.service}`;
	const fix: ComposeFix = {
		project: project.name,
		service: dependency.service,
		files: configFilePaths(project),
		key: "healthcheck (of the dependency), or depends_on's condition",
		apply: up,
	};
	const state = stateOf(dependency);
	return {
		container: service.containerName ?? `${project.name}/${service.service}`,
		playbook: 'compose-project',
		playbooksRun: ['compose-project'],
		status: 'finding',
		cause: {
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
		steps: [
			{
				playbook: 'compose-project',
				id: 'missing-service',
				title: `Does service ${service.service} have a container?`,
				why: 'Compose creates a service only once the services it depends on meet their condition.',
				status: 'fail',
				evidence: [
					`${service.service}: 0 containers (the Compose file declares ${service.desired})`,
					`depends on ${dependency.service} (${blocking.condition}): ${
						dependency.containers
							.map((c) => `${c.name} ${c.state}${c.health ? ` (${c.health})` : ''}`)
							.join(', ') || 'no container'
					}`,
				],
				command: info
					? composeCommand(info, flavour, 'ps')
					: `docker ps -a --filter label=com.docker.compose.project=${project.name}`,
				durationMs: 0,
			},
		],
		inputs: {},
		durationMs: 0,
	};
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

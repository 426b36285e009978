/**
 * Where a container's limits are changed: on the container (docker update), in its Compose file (the
 * next `up` would undo a docker update), or on its Swarm service (Swarm replaces a task from its
 * service). One decision for `dockmedic tune` and the console's tuning view. Pure.
 */
import { type ComposeInfo, composeCommand, composeInfo } from './compose.js';
import { composeFlavour } from './compose-fix.js';

/** The label Swarm puts on a task's container: its service. */
export const SWARM_SERVICE_LABEL = 'com.docker.swarm.service.name';

export type TuningRoute =
	| { readonly kind: 'container' }
	/** `fileHere`: the engine runs on this machine, so the Compose file its labels name can be edited here. */
	| { readonly kind: 'compose'; readonly info: ComposeInfo; readonly up: string; readonly fileHere: boolean }
	| { readonly kind: 'service'; readonly service: string };

export function tuningRoute(labels: Readonly<Record<string, string>>, engineIsLocal: boolean): TuningRoute {
	const service = labels[SWARM_SERVICE_LABEL];
	if (service) return { kind: 'service', service };
	const info = composeInfo(labels);
	if (info?.service && !info.oneoff)
		return {
			kind: 'compose',
			info,
			up: composeCommand(info, composeFlavour(labels), 'up', '-d', info.service),
			fileHere: engineIsLocal,
		};
	return { kind: 'container' };
}

import { DockmedicError } from '../engine/errors.js';
import type { Engine } from '../engine/index.js';
import type { Remedy } from './diagnosis.js';

/**
 * Applies one of the few fixes dockmedic may run itself: each is one engine call, reversible, and
 * asked for by the person after seeing the equivalent docker command. Values are arguments to the
 * Engine API, never a shell string.
 */
export async function applyRemedy(engine: Engine, remedy: Remedy): Promise<string> {
	const arg = (key: string) => {
		const value = remedy.args[key];
		if (!value) throw new DockmedicError(`The remedy ${remedy.action} lacks "${key}".`);
		return value;
	};
	switch (remedy.action) {
		case 'network-connect':
			await engine.networks.connect(arg('network'), arg('container'));
			return `Connected ${arg('container')} to ${arg('network')}.`;
		case 'start':
			await engine.containers.act('start', arg('container'));
			return `Started ${arg('container')}.`;
		case 'restart':
			await engine.containers.act('restart', arg('container'));
			return `Restarted ${arg('container')}.`;
		case 'update-pids':
			await engine.containers.update(arg('container'), { pidsLimit: Number(arg('limit')) });
			return `Raised the pids limit of ${arg('container')} to ${arg('limit')}.`;
		case 'update-cpus':
			await engine.containers.update(arg('container'), { nanoCpus: Math.round(Number(arg('cpus')) * 1e9) });
			return `Set the CPU limit of ${arg('container')} to ${arg('cpus')}.`;
	}
}

import os from 'node:os';
import type { Engine } from '../engine/index.js';
import { HELPER_LABEL } from './probes/probe.js';

/**
 * Removes helper containers whose owner process is gone (a dockmedic killed with -9 mid-probe).
 * Only helpers made on this host are judged; a live owner's helpers are left alone.
 */
export async function sweepOrphanHelpers(engine: Engine): Promise<string[]> {
	const helpers = await engine.containers.listByLabel(HELPER_LABEL);
	const swept: string[] = [];
	for (const helper of helpers) {
		const [host, pid] = (helper.labels[HELPER_LABEL] ?? '').split(':');
		if (host !== os.hostname() || !pid || isAlive(Number(pid))) continue;
		await engine.containers.act('remove', helper.id, { volumes: true });
		swept.push(helper.name);
	}
	return swept;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

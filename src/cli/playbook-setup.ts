import { DockmedicError } from '../engine/errors.js';
import type { Engine } from '../engine/index.js';
import { LOCAL_BUSYBOX_IMAGES } from '../model/images.js';
import { formatError, loadPlaybooks } from '../playbooks/loader.js';
import { playbookDirs } from '../playbooks/locations.js';
import type { Playbook } from '../playbooks/schema.js';

/** Loads the playbooks; a broken file is reported on stderr and the others still load. */
export function loadAllPlaybooks(
	extraDirs: readonly string[],
	warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Playbook[] {
	const { playbooks, errors } = loadPlaybooks(playbookDirs(extraDirs));
	for (const error of errors) warn(`dockmedic: playbook skipped: ${formatError(error)}`);
	return playbooks;
}

/** The local image helper containers run (DOCKMEDIC_HELPER_IMAGE, else busybox); sweeps orphaned helpers first. */
export async function helperImage(engine: Engine): Promise<string> {
	await engine.helpers.sweepOrphans().catch(() => undefined);
	const configured = process.env.DOCKMEDIC_HELPER_IMAGE;
	const candidates = configured ? [configured] : LOCAL_BUSYBOX_IMAGES;
	const found = await engine.images.firstLocal(candidates);
	if (found) return found;
	// Probes that need no helper still work; the ones that do will say the image is missing.
	if (configured)
		throw new DockmedicError(`The helper image ${configured} is not on this engine.`, {
			tryMessage: 'Load it, or unset DOCKMEDIC_HELPER_IMAGE.',
		});
	return candidates[0] ?? 'busybox';
}

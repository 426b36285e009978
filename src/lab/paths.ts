import path from 'node:path';
import { stateRoot } from '../util/xdg.js';

/** Where labs keep their host folders, hints and exams: DOCKMEDIC_LAB_DIR, else the XDG state folder. */
export function defaultLabRoot(env: NodeJS.ProcessEnv = process.env): string {
	if (env.DOCKMEDIC_LAB_DIR) return env.DOCKMEDIC_LAB_DIR;
	return path.join(stateRoot(env), 'dockmedic', 'labs');
}

/** One prefix's folder under the root (the root itself without a prefix). */
export function labHome(root: string, prefix: string | undefined): string {
	return prefix ? path.join(root, 'prefixes', prefix) : root;
}

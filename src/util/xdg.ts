import os from 'node:os';
import path from 'node:path';

/** $XDG_CONFIG_HOME, else ~/.config: where dockmedic's config file, playbooks, signatures and labs live. */
export function configRoot(env: NodeJS.ProcessEnv = process.env): string {
	return env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
}

/** $XDG_STATE_HOME, else ~/.local/state: where dockmedic keeps what it learnt (lab state, load results). */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
	return env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
}

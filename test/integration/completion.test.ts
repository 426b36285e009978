import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, dockmedic } from '../helpers/cli.js';
import { removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';

const run = promisify(execFile);
const GROUP = uniqueName('complete');
const label = `${TEST_LABEL}.group=${GROUP}`;

beforeAll(() => runContainer(`${GROUP}-orders`, ['--label', label]));
afterAll(() => removeLabelled(label));

/** What a real bash offers on Tab after `words` (the last one being completed), with the generated script loaded. */
async function bashOffers(...words: string[]): Promise<string[]> {
	const script = `eval "$(${process.execPath} ${BIN} completion bash)"
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_dockmedic; printf '%s\\n' "\${COMPREPLY[@]}"`;
	const { stdout } = await run('bash', ['-c', script]);
	return stdout.split('\n').filter(Boolean).sort();
}

it('completes commands, subcommands and options in bash, from the commands themselves', async () => {
	expect(await bashOffers('dockmedic', 'la')).toEqual(['lab']);
	// Options before the subcommand are skipped over.
	expect(await bashOffers('dockmedic', '-H', 'unix:///x', 'lab', 'st')).toEqual(['start', 'status']);
	expect(await bashOffers('dockmedic', 'logs', '--fo')).toEqual(['--follow', '--format']);
	expect(await bashOffers('dockmedic', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
	// A command that takes a container offers the engine's container names.
	expect(await bashOffers('dockmedic', 'diagnose', `${GROUP}-o`)).toEqual([`${GROUP}-orders`]);
});

it('writes zsh and fish completion, and refuses another shell', async () => {
	const zsh = await dockmedic(['completion', 'zsh']);
	expect(zsh.stdout).toContain('bashcompinit');
	expect(zsh.stdout).toContain('complete -F _dockmedic dockmedic');
	const fish = await dockmedic(['completion', 'fish']);
	expect(fish.stdout).toContain("complete -c dockmedic -n '__fish_use_subcommand' -a watch");
	expect(fish.stdout).toContain("complete -c dockmedic -n '__fish_seen_subcommand_from lab; and not");
	expect(fish.stdout).toContain("complete -c dockmedic -n '__fish_seen_subcommand_from logs' -l follow");
	const other = await dockmedic(['completion', 'tcsh']);
	expect(other.code).toBe(2);
	expect(other.stderr).toContain('completion is for bash, zsh, fish, not "tcsh".');
});

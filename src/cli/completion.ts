/**
 * `dockmedic completion bash|zsh|fish`: shell completion generated from the commands themselves, so
 * it never lists a command or option that does not exist. Container names are completed from the
 * docker CLI when it is installed (asking dockmedic would cost a Node start per Tab).
 */
import type { Command } from 'commander';

export type CommandTree = {
	readonly name: string;
	/** Long and short flags: --host, -H. */
	readonly options: readonly string[];
	/** Whether its first argument is a container. */
	readonly takesContainer: boolean;
	readonly commands: readonly CommandTree[];
};

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function treeOf(command: Command): CommandTree {
	const args =
		(command as unknown as { registeredArguments?: { name(): string }[] }).registeredArguments ?? [];
	return {
		name: command.name(),
		options: command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
		takesContainer: /^containers?$/.test(args[0]?.name() ?? ''),
		commands: command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map(treeOf),
	};
}

/** Every command with its path of subcommand names ('' for the top). */
function paths(tree: CommandTree, prefix = ''): { path: string; node: CommandTree }[] {
	return [
		{ path: prefix, node: tree },
		...tree.commands.flatMap((c) => paths(c, prefix ? `${prefix} ${c.name}` : c.name)),
	];
}

const CONTAINERS = "command -v docker >/dev/null 2>&1 && docker ps -a --format '{{.Names}}' 2>/dev/null";

export function completionScript(shell: Shell, tree: CommandTree): string {
	return shell === 'fish' ? fish(tree) : bash(tree, shell === 'zsh');
}

function bash(tree: CommandTree, zsh: boolean): string {
	const all = paths(tree);
	const cases = all
		.map(({ path, node }) => {
			const global = node === tree ? [] : tree.options.filter((o) => o !== '--version' && o !== '-V');
			// `completion` takes a shell's name and nothing else worth offering.
			const words = (
				node.name === 'completion' && node !== tree
					? [...SHELLS]
					: [...new Set([...node.commands.map((c) => c.name), ...node.options, ...global])]
			).join(' ');
			const containers = node.takesContainer ? ` $(${CONTAINERS})` : '';
			return `\t\t'${path}') words="${words}${containers}" ;;`;
		})
		.join('\n');
	const known = all
		.filter(({ path }) => path)
		.map(({ path }) => `'${path}'`)
		.join('|');
	const script = `# dockmedic completion for ${zsh ? 'zsh' : 'bash'}: eval "$(dockmedic completion ${zsh ? 'zsh' : 'bash'})"
_dockmedic() {
	local cur="\${COMP_WORDS[COMP_CWORD]}" sub="" next words i
	# The subcommands typed so far, skipping options (and what they take). Not "path": zsh ties it to PATH.
	for ((i = 1; i < COMP_CWORD; i++)); do
		next="\${sub:+$sub }\${COMP_WORDS[i]}"
		case "$next" in ${known}) sub="$next" ;; esac
	done
	case "$sub" in
${cases}
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _dockmedic dockmedic
`;
	return zsh ? `autoload -U +X bashcompinit && bashcompinit\n${script}` : script;
}

function fish(tree: CommandTree): string {
	const lines = [
		'# dockmedic completion for fish: dockmedic completion fish | source',
		'complete -c dockmedic -f',
	];
	for (const { path, node } of paths(tree)) {
		const words = path.split(' ').filter(Boolean);
		// fish sees the words typed so far: every word of this node's path (`list` is under playbooks,
		// signatures and lab), and none of its own subcommands yet.
		const seen = words.map((w) => `__fish_seen_subcommand_from ${w}`).join('; and ');
		const deeper = node.commands.length
			? `; and not __fish_seen_subcommand_from ${node.commands.map((c) => c.name).join(' ')}`
			: '';
		const here = words.length ? `${seen}${deeper}` : '__fish_use_subcommand';
		for (const c of node.commands) lines.push(`complete -c dockmedic -n '${here}' -a ${c.name}`);
		for (const option of node.options)
			lines.push(
				option.startsWith('--')
					? `complete -c dockmedic -n '${here}' -l ${option.slice(2)}`
					: `complete -c dockmedic -n '${here}' -s ${option.slice(1)}`,
			);
		if (node.name === 'completion' && node !== tree)
			lines.push(
				`complete -c dockmedic -n '__fish_seen_subcommand_from completion' -a '${SHELLS.join(' ')}'`,
			);
		if (node.takesContainer) lines.push(`complete -c dockmedic -n '${seen}' -a '(${CONTAINERS})'`);
	}
	return `${lines.join('\n')}\n`;
}

import { Command, CommanderError, Option } from 'commander';
import { DockmedicError, describeError } from '../engine/errors.js';
import { registerLabCommands } from './commands/lab.js';

/** argv → command. Heavy modules (Ink, React) load only for the commands that need them. */
function buildProgram(setExit: (code: number) => void): Command {
	const program = new Command('dockmedic')
		.description('A terminal console for troubleshooting Docker containers.')
		.option('-H, --host <url>', 'Docker engine to use (unix:///path, tcp://host:port, ssh://user@host)')
		.option('-c, --context <name>', 'docker context to use')
		.option('--no-color', 'plain output without colours (NO_COLOR is honoured too)')
		.showHelpAfterError('(run with --help for usage)')
		.exitOverride()
		.action(async () => {
			if (!process.stdout.isTTY || !process.stdin.isTTY) {
				process.stderr.write(
					'dockmedic: the console needs a terminal; for scripts use `dockmedic ps --format json`.\n',
				);
				return setExit(2);
			}
			// Connect first, then load the UI: the engine answers while Ink and React load.
			const { openSession } = await import('./commands/console-session.js');
			const session = openSession(program.opts());
			const { runConsole } = await import('./commands/console.js');
			setExit(await runConsole(session, program.opts()));
		});

	program
		.command('ps')
		.description(
			'List containers without the console (like `docker ps`, with health, exit code and restarts)',
		)
		.option('-a, --all', 'show all containers (default: running only)')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options: { all?: boolean; format: 'table' | 'json' }) => {
			const { runPs } = await import('./commands/ps.js');
			setExit(await runPs({ ...program.opts(), ...options }));
		});
	return program;
}

async function main(argv: string[]): Promise<number> {
	let exitCode = 0;
	const setExit = (code: number) => {
		exitCode = code;
	};
	const program = buildProgram(setExit);
	registerLabCommands(program, setExit);
	try {
		await program.parseAsync(argv);
		return exitCode;
	} catch (error) {
		if (error instanceof CommanderError) {
			// Help and version are not errors; everything else commander rejects is a usage error.
			return error.exitCode === 0 ? 0 : 2;
		}
		process.stderr.write(`dockmedic: ${describeError(error)}\n`);
		if (error instanceof DockmedicError) return error.exitCode;
		if (process.env.DOCKMEDIC_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
		return 2;
	}
}

process.exitCode = await main(process.argv);

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { DockmedicError, describeError } from '../engine/errors.js';
import { LOAD_DEFAULTS } from '../model/load-result.js';
import { configRoot } from '../util/xdg.js';
import { VERSION } from '../version.js';
import type { BackupCliOptions, RestoreCliOptions } from './commands/backup.js';
import { registerLabCommands } from './commands/lab.js';
import type { LoadCliOptions } from './commands/load.js';
import type { LogsCliOptions } from './commands/logs.js';
import type { ReportCliOptions } from './commands/report.js';
import type { TuneCliOptions } from './commands/tune.js';
import type { WatchCliOptions } from './commands/watch.js';
import type { GlobalOptions } from './connect.js';
import { markStartup } from './startup-marks.js';

const CI_MARKERS = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/**
 * Loads the console's UI modules as if no CI marker were set. Ink (and its colour detection) decide at import
 * time that a CI-marked environment gets no live frames and no colour; the console only ever runs on a real
 * terminal, and a person at one (a shell on a CI runner, a server that exports CI=1) must see it drawn.
 */
async function importOutsideCi<T>(load: () => Promise<T>): Promise<T> {
	const saved = CI_MARKERS.map((name) => [name, process.env[name]] as const);
	for (const name of CI_MARKERS) delete process.env[name];
	try {
		return await load();
	} finally {
		for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
	}
}

/** A repeatable option's values. */
const collectOption = (value: string, previous: string[] = []) => [...previous, value];

/** argv → command. Heavy modules (Ink, React) load only for the commands that need them. */
function buildProgram(setExit: (code: number) => void): Command {
	const program = new Command('dockmedic')
		.description('A terminal console for troubleshooting Docker containers.')
		.version(VERSION, '-V, --version', 'print the version')
		.option('-H, --host <url>', 'Docker engine to use (unix:///path, tcp://host:port, ssh://user@host)')
		.option('-c, --context <name>', 'docker context to use; several separated by commas (a,b,c)')
		.option('--all-contexts', 'every docker context at once (see `dockmedic contexts`)')
		.option('--no-color', 'plain output without colours (NO_COLOR is honoured too)')
		.option('--read-only', 'never change anything: the console offers no fix or action')
		.option(
			'--show-secrets',
			'show secret-looking environment values (PASSWORD, TOKEN, URL passwords...), masked otherwise',
		)
		.option(
			'--prometheus <url>',
			'a Prometheus that scrapes `dockmedic watch --metrics` or cAdvisor: the stats pane draws hours of history from it (also DOCKMEDIC_PROMETHEUS)',
		)
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
			markStartup('console command');
			const { openSession } = await import('./commands/console-session.js');
			const session = openSession(program.opts());
			markStartup('session opened');
			const { drawPlainFirstFrame } = await importOutsideCi(() => import('./commands/pre-frame.js'));
			const plainFrame = await drawPlainFirstFrame(session, program.opts());
			markStartup(plainFrame ? 'plain first frame' : 'no plain first frame');
			const { runConsole } = await importOutsideCi(() => import('./commands/console.js'));
			markStartup('console modules loaded');
			setExit(await runConsole(session, program.opts(), plainFrame));
		});

	program
		.command('contexts')
		.description('List the docker contexts (the engines --context and --all-contexts can open)')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options: { format: 'table' | 'json' }) => {
			const { runContexts } = await import('./commands/contexts.js');
			setExit(runContexts(options));
		});

	program
		.command('services')
		.description('List Swarm services (on a manager): replicas running against desired, the last failed task')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options: { format: 'table' | 'json' }) => {
			const { runServices } = await import('./commands/services.js');
			setExit(await runServices({ ...program.opts(), ...options }));
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
	program
		.command('projects')
		.description(
			'Compose projects: their services in dependency order, replicas running, which need attention',
		)
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options: { format: 'table' | 'json' }) => {
			const { runProjects } = await import('./commands/projects.js');
			setExit(await runProjects({ ...program.opts(), ...options }));
		});
	program
		.command('shell <container> [command...]')
		.description(
			'A shell (bash, sh or ash, the first the image has) or a command in a running container, on this terminal',
		)
		.option('-u, --user <user>', 'as this user (as docker exec -u)')
		.option(
			'--toolbox',
			'a helper with tools beside it: its network and processes shared, its files at /target (for an image without a shell, or a stopped container: its mounts read-only)',
		)
		.option(
			'--record <file>',
			'append what the session shows to FILE (secrets masked): the commands for an incident note',
		)
		.action(
			async (
				container: string,
				command: string[],
				options: { user?: string; toolbox?: boolean; record?: string },
			) => {
				const { runShell } = await import('./commands/shell.js');
				setExit(await runShell(container, command, { ...program.opts(), ...options }));
			},
		);
	program
		.command('timeline <container>')
		.description(
			"A container's life on one time axis: starts, deaths with exit codes, OOM kills, signals, health, execs; the log lines before each death",
		)
		.option('--since <duration>', 'how far back: 30m, 1h, 2d', '1h')
		.addOption(
			new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
		)
		.action(async (container: string, options: { since: string; format: 'text' | 'json' | 'markdown' }) => {
			const { runTimeline } = await import('./commands/timeline.js');
			setExit(await runTimeline(container, { ...program.opts(), ...options }));
		});
	program
		.command('tune <container>')
		.description(
			'CPU, memory and pids limits (and a restart policy) from what the container used: peaks, p95, throttling, OOM history, a leak; the docker update (or Compose keys) that sets them; --apply changes it after y/N and measures again',
		)
		.option('--for <duration>', 'how long to measure it: 30s, 5m', '20s')
		.option('--apply', 'make the change (asks first; refused with --read-only)')
		.option('-y, --yes', 'with --apply: do not ask')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (container: string, options: Omit<TuneCliOptions, keyof GlobalOptions>) => {
			const { runTune } = await import('./commands/tune.js');
			setExit(await runTune(container, { ...program.opts(), ...options }));
		});
	program
		.command('backup <container-or-volume>')
		.description(
			"A volume's or bind mount's files as a tar archive with a sha256sum manifest, read back and verified; never overwrites",
		)
		.option('--to <file>', 'the archive to write (default: NAME-TIME.tar here)')
		.option('--mount <path>', "a container's mount by its path inside it, when it has several")
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (target: string, options: Omit<BackupCliOptions, keyof GlobalOptions>) => {
			const { runBackup } = await import('./commands/backup.js');
			setExit(await runBackup(target, { ...program.opts(), ...options }));
		});
	program
		.command('restore <archive>')
		.description(
			'A backup into a new volume: the archive checked against its manifest first, the volume read back and compared after',
		)
		.requiredOption('--volume <name>', 'the new volume to create and fill')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (archive: string, options: Omit<RestoreCliOptions, keyof GlobalOptions>) => {
			const { runRestore } = await import('./commands/backup.js');
			setExit(await runRestore(archive, { ...program.opts(), ...options }));
		});
	program
		.command('report [containers...]')
		.description(
			'The incident report: state, restarts, timeline, diagnosis with evidence and fix, the last log lines, resources against limits, and what dockmedic changed (secrets masked)',
		)
		.option('--project <name>', 'every container of this Compose project')
		.option('--since <duration>', 'the window: 30m, 1h, 2d', '1h')
		.option('-o, --out <file>', 'write to FILE.md or FILE.json (the extension names the format)')
		.addOption(
			new Option('--format <format>', 'format on stdout').choices(['markdown', 'json']).default('markdown'),
		)
		.option('--playbooks <dir>', 'also load playbooks from this folder (repeatable)', collectOption)
		.action(async (containers: string[], options: Omit<ReportCliOptions, keyof GlobalOptions>) => {
			const { runReport } = await import('./commands/report.js');
			setExit(await runReport(containers, { ...program.opts(), ...options }));
		});
	program
		.command('load <container>')
		.description(
			"A bounded HTTP load run against a container's port from this machine (loopback or its own container networks only): requests/s, latency p50/p95/p99, errors, the container's CPU and memory during it, against the previous run",
		)
		.option('-p, --port <port>', 'the container port (default: the first published, else exposed, TCP port)')
		.option('--path <path>', 'the request path', '/')
		.option('-n, --requests <n>', 'requests to send (at most 1000000)', String(LOAD_DEFAULTS.requests))
		.option(
			'-C, --connections <n>',
			'concurrent connections (at most 1000; -c is --context)',
			String(LOAD_DEFAULTS.connections),
		)
		.option(
			'--duration <seconds>',
			'stop after this long even if requests remain (at most 600)',
			String(LOAD_DEFAULTS.durationS),
		)
		.option(
			'--timeout <seconds>',
			'a request unanswered this long counts as a timeout',
			String(LOAD_DEFAULTS.timeoutS),
		)
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (container: string, options: Omit<LoadCliOptions, keyof GlobalOptions>) => {
			const { runLoadCommand } = await import('./commands/load.js');
			setExit(await runLoadCommand(container, { ...program.opts(), ...options }));
		});
	program
		.command('logs [containers...]')
		.description(
			'Logs of one or more containers, or of a Compose project, on one time axis: whole entries (stack traces), filtered by level, pattern or field, secrets masked',
		)
		.option('--project <name>', 'every container of this Compose project')
		.option(
			'--since <time>',
			'from: a duration back (10m, 2h), a time (2026-12-01T10:00:00Z) or epoch seconds',
		)
		.option('--until <time>', 'up to (same forms as --since)')
		.option('-n, --tail <lines>', 'the last lines of each container (default: all)')
		.option('--level <level>', 'only entries of this level and up: error, warn, info, debug')
		.option(
			'--grep <regex>',
			'only entries with a line that matches (case-insensitive); key=value matches a field',
		)
		.option('-t, --timestamps', "show the engine's timestamps")
		.option('-f, --follow', 'keep following the output')
		.addOption(
			new Option('--format <format>', 'output format (json: one object per line)')
				.choices(['text', 'json'])
				.default('text'),
		)
		.action(async (containers: string[], options: Omit<LogsCliOptions, keyof GlobalOptions>) => {
			const { runLogs } = await import('./commands/logs.js');
			setExit(await runLogs(containers, { ...program.opts(), ...options }));
		});
	program
		.command('watch')
		.description(
			'Keep watching: when a container dies, is OOM-killed, turns unhealthy or keeps logging errors, diagnose it and send the diagnosis (JSON lines on stdout, webhooks, Slack, a Markdown incident log); read-only',
		)
		.option('--webhook <url>', 'POST each alert and recovery as JSON to this URL (repeatable)', collectOption)
		.option('--slack <url>', 'POST each as a Slack-compatible {"text"} message (repeatable)', collectOption)
		.option('--incident-log <file>', 'append each as a Markdown section to this file')
		.option(
			'--quiet <duration>',
			'no alert in the first seconds; what is wrong at start is sent once after',
			'10s',
		)
		.option(
			'--scan <duration>',
			'how often running containers are checked for errors in their logs, and alerts for recovery',
			'30s',
		)
		.option('--stable <duration>', 'how long a container must run well to count as recovered', '30s')
		.option('--per-minute <n>', 'at most this many alerts a minute (the rest are counted in the next)', '20')
		.option(
			'--label <key[=value]>',
			'only containers with this label (repeatable; as docker ps --filter label=)',
			collectOption,
		)
		.option('--metrics <[host]:port>', 'serve Prometheus metrics on /metrics (figures as of the last scan)')
		.action(async (options: Omit<WatchCliOptions, keyof GlobalOptions>) => {
			const { runWatch } = await import('./commands/watch.js');
			setExit(await runWatch({ ...program.opts(), ...options }));
		});
	program
		.command('stats [containers...]')
		.description("CPU, memory, network, block I/O, pids and throttling, with the docker CLI's formulas")
		.option('--no-stream', 'one sample, then exit')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (containers: string[], options: { stream: boolean; format: 'table' | 'json' }) => {
			const { runStats } = await import('./commands/stats.js');
			setExit(await runStats(containers, { ...program.opts(), ...options }));
		});

	const collect = (value: string, previous: string[] = []) => [...previous, value];
	program
		.command('diagnose [container]')
		.description('Walk the playbooks for a container and name the root cause, with evidence and a fix')
		.option('--all', 'triage every container and diagnose those that need attention')
		.option('--service <name>', 'a Swarm service: diagnose its last failed task (or a running one)')
		.option(
			'--project <name>',
			'a Compose project: diagnose its services that need attention, dependencies first',
		)
		.option('-p, --playbook <id>', 'run this playbook instead of the ones triage picks')
		.option('--playbooks <dir>', 'also load playbooks from this folder (repeatable)', collect)
		.option('-i, --input <name=value>', 'set a playbook input, e.g. target=db (repeatable)', collect)
		.addOption(
			new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
		)
		.action(async (container: string | undefined, options: Record<string, unknown>) => {
			const { runDiagnose } = await import('./commands/diagnose.js');
			setExit(
				await runDiagnose(container, { ...program.opts(), ...options } as Parameters<typeof runDiagnose>[1]),
			);
		});

	const playbooks = program
		.command('playbooks')
		.description('The diagnostic playbooks: list, show, validate, schema');
	playbooks
		.command('list')
		.description('Every playbook that loads (built-in, ~/.config/dockmedic/playbooks, --playbooks)')
		.option('--playbooks <dir>', 'also load playbooks from this folder', collect)
		.action(async (options: { playbooks?: string[] }) => {
			const { listPlaybooks } = await import('./commands/playbooks.js');
			setExit(listPlaybooks(options.playbooks ?? []));
		});
	playbooks
		.command('show <id>')
		.description('The steps of a playbook, why each is checked, and the command to do it by hand')
		.option('--playbooks <dir>', 'also load playbooks from this folder', collect)
		.action(async (id: string, options: { playbooks?: string[] }) => {
			const { showPlaybook } = await import('./commands/playbooks.js');
			setExit(showPlaybook(id, options.playbooks ?? []));
		});
	playbooks
		.command('validate <file>')
		.description('Check a playbook file: every problem with its line')
		.action(async (file: string) => {
			const { validatePlaybook } = await import('./commands/playbooks.js');
			setExit(validatePlaybook(file));
		});
	playbooks
		.command('schema')
		.description('Print the JSON Schema of a playbook file, for editors (docs/playbook.schema.json)')
		.action(async () => {
			const { printPlaybookSchema } = await import('./commands/playbooks.js');
			setExit(printPlaybookSchema());
		});
	program
		.command('keys')
		.description("The console's commands: id, keys (as the config file may remap them) and what each does")
		.action(async () => {
			const { commands } = await import('../ui/keymap.js');
			const { renderTable } = await import('./text-table.js');
			const rows = Object.entries(commands).map(([id, c]) => [id, c.keys.join(' '), c.description]);
			process.stdout.write(`${renderTable(['ID', 'KEYS', 'WHAT IT DOES'], rows)}\n`);
		});
	program
		.command('completion <shell>')
		.description('Print shell completion for bash, zsh or fish: eval "$(dockmedic completion bash)"')
		.action(async (shell: string) => {
			const { completionScript, SHELLS, treeOf } = await import('./completion.js');
			const known = SHELLS.find((s) => s === shell);
			if (!known) {
				process.stderr.write(`dockmedic: completion is for ${SHELLS.join(', ')}, not "${shell}".\n`);
				return setExit(2);
			}
			process.stdout.write(completionScript(known, treeOf(program)));
		});
	const signatures = program
		.command('signatures')
		.description('The error signatures diagnosis reads in logs: list, validate, match');
	signatures
		.command('list')
		.description('Every signature that loads (built-in, ~/.config/dockmedic/signatures, --signatures)')
		.option('--signatures <dir>', 'also load signatures from this folder', collect)
		.action(async (options: { signatures?: string[] }) => {
			const { listSignatures } = await import('./commands/signatures.js');
			setExit(listSignatures(options.signatures ?? []));
		});
	signatures
		.command('validate <file>')
		.description(
			'Check a signature file: patterns compile and match their examples; every problem with its line',
		)
		.action(async (file: string) => {
			const { validateSignatures } = await import('./commands/signatures.js');
			setExit(validateSignatures(file));
		});
	signatures
		.command('match [line...]')
		.description('Which signature each line matches and what it names (lines from standard input when none)')
		.option('--signatures <dir>', 'also load signatures from this folder', collect)
		.action(async (lines: string[], options: { signatures?: string[] }) => {
			const { matchSignatures } = await import('./commands/signatures.js');
			setExit(matchSignatures(lines, options.signatures ?? []));
		});
	return program;
}

/** Arguments of the commands that help mend a broken config file: they run without it. */
const MENDING = new Set(['keys', 'completion', 'help', '--help', '-h', '--version', '-V']);

async function main(argv: string[]): Promise<number> {
	markStartup('main');
	let exitCode = 0;
	const setExit = (code: number) => {
		exitCode = code;
	};
	const program = buildProgram(setExit);
	registerLabCommands(program, setExit);
	try {
		// The config file, when there is one: its problems stop everything, as a playbook's would.
		const configFile = process.env.DOCKMEDIC_CONFIG || path.join(configRoot(), 'dockmedic', 'config.yaml');
		if (existsSync(configFile)) {
			const { applyConfig, readConfig } = await import('./config-file.js');
			const { config, problems } = readConfig(configFile);
			for (const problem of problems) process.stderr.write(`dockmedic: ${problem}\n`);
			// The commands that help mend the file still run (without it): help, keys, completion, the version.
			const mending = argv.slice(2).some((arg) => MENDING.has(arg));
			if (problems.length && !mending) return 2;
			if (!problems.length)
				applyConfig(config, (name, value) => program.setOptionValueWithSource(name, value, 'config'));
		}
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

const code = await main(process.argv);
process.exitCode = code;
// Commands are done here: do not let a lingering socket keep the process alive, but let stdout drain first.
process.stdout.write('', () => process.exit(code));

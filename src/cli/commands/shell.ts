import { open } from 'node:fs/promises';
import { DockmedicError } from '../../engine/errors.js';
import type { Engine } from '../../engine/index.js';
import type { ContainerDetails } from '../../model/container.js';
import { toolboxPlan } from '../../model/toolbox.js';
import { Transcript } from '../../model/transcript.js';
import type { GlobalOptions } from '../connect.js';
import { firstEngine } from '../fleet.js';
import { helperImage } from '../playbook-setup.js';

export type ShellOptions = GlobalOptions & {
	readonly user?: string;
	/** A helper with tools beside the container (no shell in the image, or a stopped container). */
	readonly toolbox?: boolean;
	/** Appends what the session shows to this file, secrets masked: the commands of an incident note. */
	readonly record?: string;
};

/** The shells tried, most capable first: the first the image has is the one given. */
const SHELLS = ['bash', 'sh', 'ash'];

/**
 * `dockmedic shell <container> [--user U] [-- CMD...]`: the terminal attached to a shell (or the
 * command) in a running container, through the Engine API's hijacked exec stream, resized with the
 * terminal; exits with the command's exit code. Refused with --read-only: a shell can change anything.
 */
export async function runShell(
	container: string,
	command: readonly string[],
	options: ShellOptions,
	stdin: NodeJS.ReadStream = process.stdin,
	stdout: NodeJS.WriteStream = process.stdout,
): Promise<number> {
	if (options.readOnly)
		throw new DockmedicError('--read-only allows no shell: a shell can change anything in the container.', {
			exitCode: 2,
		});
	if (!stdin.isTTY)
		throw new DockmedicError('dockmedic shell needs a terminal.', {
			tryMessage: `For a command whose output a script reads: docker exec ${container} CMD`,
			exitCode: 2,
		});
	const engine = await firstEngine(options);
	const details = await engine.containers.inspect(container);
	const recording = options.record
		? await openRecord(options.record, details.name, options.toolbox === true)
		: null;
	try {
		if (options.toolbox)
			return await withToolbox(engine, details, options.user, (id, user, banner) => {
				stdout.write(`${banner}\r\n`);
				return attachShell(engine, id, command, user, stdin, stdout, () => {}, recording?.write);
			});
		if (details.state !== 'running')
			throw new DockmedicError(`${details.name} is ${details.state}: a shell needs a running container.`, {
				tryMessage: `Look at its files with dockmedic shell --toolbox ${details.name}, or read what it left with \`dockmedic diagnose ${details.name}\`.`,
				exitCode: 2,
			});
		return await attachShell(
			engine,
			details.id,
			command,
			options.user,
			stdin,
			stdout,
			() => {},
			recording?.write,
		);
	} finally {
		await recording?.close();
	}
}

/**
 * Runs `use` with a toolbox for the container (started, then always removed): a helper of
 * DOCKMEDIC_TOOLBOX_IMAGE (else the helper image) sharing its network and processes, its files at /target.
 */
export async function withToolbox<T>(
	engine: Engine,
	details: ContainerDetails,
	user: string | undefined,
	use: (toolboxId: string, user: string | undefined, banner: string) => Promise<T>,
): Promise<T> {
	const configured = process.env.DOCKMEDIC_TOOLBOX_IMAGE;
	if (configured && !(await engine.images.exists(configured)))
		throw new DockmedicError(`The toolbox image ${configured} is not on this engine.`, {
			tryMessage: 'Load it (docker load), or unset DOCKMEDIC_TOOLBOX_IMAGE to use the helper image.',
			exitCode: 2,
		});
	const image = configured ?? (await helperImage(engine));
	const plan = toolboxPlan(details, image, user);
	const id = await engine.helpers.startToolbox({
		image,
		target: details.name,
		...(plan.joinRunning ? { joinRunning: plan.joinRunning } : {}),
		...(plan.networkMode ? { networkMode: plan.networkMode } : {}),
		binds: plan.binds,
	});
	const remove = () => engine.containers.act('remove', id, { volumes: true }).catch(() => undefined);
	// A dropped SSH session (SIGHUP) or a kill still takes the toolbox away (a later run sweeps any left).
	const onSignal = (signal: NodeJS.Signals) => {
		void remove().finally(() => process.exit(signal === 'SIGHUP' ? 129 : 143));
	};
	process.once('SIGHUP', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		return await use(id, plan.user, plan.banner);
	} finally {
		process.off('SIGHUP', onSignal);
		process.off('SIGTERM', onSignal);
		await remove();
	}
}

/** The record file, appended to (0600: what a shell shows can be secret): each line masked as it ends. */
async function openRecord(file: string, name: string, toolbox: boolean) {
	const handle = await open(file, 'a', 0o600).catch((error: Error) => {
		throw new DockmedicError(`Cannot record to ${file}: ${error.message}`, { exitCode: 2 });
	});
	const transcript = new Transcript();
	const lines: string[] = [
		`# dockmedic shell${toolbox ? ' --toolbox' : ''} ${name}, ${new Date().toISOString()}`,
	];
	let writing = Promise.resolve();
	const flush = () => {
		const text = lines
			.splice(0)
			.map((l) => `${l}\n`)
			.join('');
		if (text) writing = writing.then(() => handle.appendFile(text)).catch(() => undefined);
	};
	flush();
	return {
		write: (chunk: Buffer) => {
			lines.push(...transcript.feed(chunk.toString('utf8')));
			flush();
		},
		async close() {
			lines.push(...transcript.flush());
			flush();
			await writing;
			await handle.close();
		},
	};
}

/**
 * The terminal given to a shell (or the command) in a running container until it ends, through the
 * hijacked exec stream, resized with the terminal; resolves with its exit code. The console's shell key
 * runs it too, after stepping aside.
 */
export async function attachShell(
	engine: Engine,
	containerId: string,
	command: readonly string[],
	user: string | undefined,
	stdin: NodeJS.ReadStream,
	stdout: NodeJS.WriteStream,
	/** Called once the shell is found, just before it takes the terminal (the console steps aside then). */
	beforeAttach: () => void = () => {},
	/** Sees everything the session shows (--record). */
	onOutput?: (chunk: Buffer) => void,
): Promise<number> {
	const argv = command.length ? command : [await shellOf(engine, containerId, user)];
	beforeAttach();
	const session = await engine.exec.interactive(containerId, argv, {
		...(user ? { user } : {}),
		tty: { columns: stdout.columns || 80, rows: stdout.rows || 24 },
	});
	const onResize = () => void session.resize(stdout.columns || 80, stdout.rows || 24);
	stdout.on('resize', onResize);
	stdin.setRawMode(true);
	stdin.resume();
	stdin.pipe(session.stream);
	session.stream.pipe(stdout, { end: false });
	if (onOutput) session.stream.on('data', onOutput);
	try {
		await new Promise<void>((resolve) => {
			session.stream.on('end', resolve);
			session.stream.on('close', resolve);
			session.stream.on('error', () => resolve());
		});
	} finally {
		stdin.unpipe(session.stream);
		stdin.setRawMode(false);
		stdin.pause();
		stdout.off('resize', onResize);
	}
	return session.exitCode();
}

/** The first shell the image has, as the given user; a clear error for an image without one. */
async function shellOf(engine: Engine, id: string, user: string | undefined): Promise<string> {
	for (const shell of SHELLS) {
		const probe = await engine.exec
			.run(id, [shell, '-c', 'exit 0'], { timeoutMs: 5000, ...(user ? { user } : {}) })
			.catch(() => null);
		if (probe?.exitCode === 0) return shell;
	}
	throw new DockmedicError(`The image of ${id.slice(0, 12)} has no shell (tried ${SHELLS.join(', ')}).`, {
		tryMessage: `Use a toolbox beside it (its network, processes and files): dockmedic shell --toolbox ${id.slice(0, 12)}`,
		exitCode: 2,
	});
}

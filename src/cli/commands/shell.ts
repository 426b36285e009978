import { DockmedicError } from '../../engine/errors.js';
import type { Engine } from '../../engine/index.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet } from '../fleet.js';

export type ShellOptions = GlobalOptions & { readonly user?: string };

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
	const fleet = await connectFleet(options);
	const engine = fleet.members[0]?.engine;
	if (!engine) throw new DockmedicError('No engine answered.', { exitCode: 2 });
	const details = await engine.containers.inspect(container);
	if (details.state !== 'running')
		throw new DockmedicError(`${details.name} is ${details.state}: a shell needs a running container.`, {
			tryMessage: `Read what it left with \`dockmedic diagnose ${details.name}\` or \`docker logs ${details.name}\`.`,
			exitCode: 2,
		});
	return attachShell(engine, details.id, command, options.user, stdin, stdout);
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
		tryMessage: 'Name a program the image has: dockmedic shell CONTAINER -- /app/server --version',
		exitCode: 2,
	});
}

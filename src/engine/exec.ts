/** Commands run inside a running container (the Exec API). */
import { nullOnTimeout, withDeadline } from '../util/deadline.js';
import type { Connection } from './calls.js';
import { type OutputChunk, streamText } from './demux.js';
import { consumeOutput } from './streams.js';

/** What a command run inside a container printed, and how it ended. */
export type ExecResult = {
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
	readonly timedOut: boolean;
};

/** A command running in a container with the caller's terminal attached (docker exec -it). */
export type InteractiveExec = {
	/** Raw bytes both ways: what is typed goes in, what the command prints comes out (a TTY merges stderr). */
	readonly stream: NodeJS.ReadWriteStream;
	/** Tells the command its terminal's new size (a TTY exec only). */
	resize(columns: number, rows: number): Promise<void>;
	/** The command's exit code, once the stream has ended. */
	exitCode(): Promise<number>;
};

export type ExecClient = {
	/**
	 * Runs a command in a running container (no shell, no stdin, no TTY) and collects its output.
	 * The Exec API cannot kill a process, so past the deadline (the call bound unless `timeoutMs`) the
	 * result says timedOut and the caller should have wrapped the command in `timeout` itself.
	 */
	run(
		idOrName: string,
		command: readonly string[],
		options?: { user?: string; timeoutMs?: number },
	): Promise<ExecResult>;
	/** Starts a command with stdin attached, on a TTY of the given size (docker exec -it). */
	interactive(
		idOrName: string,
		command: readonly string[],
		options: { user?: string; tty: { columns: number; rows: number } | null },
	): Promise<InteractiveExec>;
};

export function execClient(conn: Connection): ExecClient {
	return {
		async run(idOrName, command, options = {}) {
			const container = conn.docker.getContainer(idOrName);
			const exec = await conn.call(`exec in ${idOrName}`, () =>
				container.exec({
					Cmd: [...command],
					AttachStdout: true,
					AttachStderr: true,
					AttachStdin: false,
					Tty: false,
					...(options.user ? { User: options.user } : {}),
				}),
			);
			const stream = await conn.call(`start exec in ${idOrName}`, () =>
				exec.start({ hijack: true, stdin: false }),
			);
			const out: OutputChunk[] = [];
			const ended = await withDeadline(options.timeoutMs ?? conn.callTimeoutMs, (signal) =>
				consumeOutput(stream, signal, false, (chunks) => out.push(...chunks)).then(() => true),
			).catch(nullOnTimeout);
			// A hijacked exec socket can stay open after the output ends (seen when the command does
			// not exist); left alone it would keep the process alive.
			stream.destroy();
			const output = { stdout: streamText(out, 'stdout'), stderr: streamText(out, 'stderr') };
			if (ended === null) return { exitCode: -1, ...output, timedOut: true };
			const info = await conn.call(`inspect exec in ${idOrName}`, () => exec.inspect());
			return { exitCode: info.ExitCode ?? -1, ...output, timedOut: false };
		},

		async interactive(idOrName, command, options) {
			const container = conn.docker.getContainer(idOrName);
			const tty = options.tty !== null;
			const exec = await conn.call(`exec in ${idOrName}`, () =>
				container.exec({
					Cmd: [...command],
					AttachStdin: true,
					AttachStdout: true,
					AttachStderr: true,
					Tty: tty,
					...(options.user ? { User: options.user } : {}),
				}),
			);
			// Hijacked: the same connection carries both directions, over every transport (unix, tcp/TLS, ssh).
			const stream = await conn.call(`start exec in ${idOrName}`, () =>
				exec.start({ hijack: true, stdin: true, Tty: tty } as Parameters<typeof exec.start>[0]),
			);
			const resize = async (columns: number, rows: number) => {
				if (!tty) return;
				await conn
					.call(`resize the terminal of an exec in ${idOrName}`, () => exec.resize({ w: columns, h: rows }))
					.catch(() => undefined);
			};
			if (options.tty) await resize(options.tty.columns, options.tty.rows);
			return {
				stream,
				resize,
				exitCode: async () =>
					(await conn.call(`inspect exec in ${idOrName}`, () => exec.inspect())).ExitCode ?? -1,
			};
		},
	};
}

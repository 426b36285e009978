import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs whichever Compose this machine has (`docker compose`, else `docker-compose`), as a person would
 * type it, on one project's file, in the file's folder; resolves with its stdout.
 */
export function composeOf(project: string, file: string) {
	return async (...args: string[]): Promise<string> => {
		for (const argv of [['docker', 'compose'], ['docker-compose']]) {
			try {
				await run(argv[0] as string, [...argv.slice(1), 'version']);
			} catch {
				continue;
			}
			const { stdout } = await run(
				argv[0] as string,
				[...argv.slice(1), '-p', project, '-f', file, ...args],
				{
					cwd: path.dirname(file),
				},
			);
			return stdout;
		}
		throw new Error('no Compose on this machine (scripts/test-deps.sh installs it)');
	};
}

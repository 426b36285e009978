import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DockmedicError } from '../engine/errors.js';
import type { Endpoint } from '../engine/index.js';

const run = promisify(execFile);

/** The Compose a person has: the v2 plugin (`docker compose`) first, then v1 (`docker-compose`). */
export type ComposeCli = { readonly argv: readonly string[]; readonly line: string };

let found: Promise<ComposeCli | null> | undefined;

/** Which Compose is installed here, asked once; null when neither answers. */
export function findCompose(): Promise<ComposeCli | null> {
	found ??= (async () => {
		for (const argv of [['docker', 'compose'], ['docker-compose']]) {
			try {
				await run(argv[0] as string, [...argv.slice(1), 'version'], { timeout: 15_000 });
				return { argv, line: argv.join(' ') };
			} catch {
				// Not this one.
			}
		}
		return null;
	})();
	return found;
}

/** The Compose file (and .env) of a lab, written where its fix commands expect them. */
export function writeComposeProject(dir: string, file: string, env?: string): string {
	mkdirSync(dir, { recursive: true });
	const composeFile = path.join(dir, 'docker-compose.yml');
	writeFileSync(composeFile, file);
	if (env !== undefined) writeFileSync(path.join(dir, '.env'), env);
	return composeFile;
}

/**
 * `compose -p PROJECT -f FILE up -d` against the lab's engine. A lab whose fault stops `up` half-way
 * (a dependency that never becomes healthy) says so with `mayFail`: what was created stays.
 */
export async function composeUp(
	endpoint: Endpoint,
	project: string,
	composeFile: string,
	mayFail: boolean,
	/** Services brought up on their own first: what ran before the broken deploy. */
	first: readonly string[] = [],
): Promise<void> {
	const cli = await findCompose();
	if (!cli)
		throw new DockmedicError(
			'This lab needs Docker Compose, and neither `docker compose` nor `docker-compose` answers.',
			{
				tryMessage:
					'Install the Compose plugin (docker-compose-plugin) or docker-compose, then start the lab again.',
			},
		);
	const [command, ...args] = cli.argv as [string, ...string[]];
	const options = {
		timeout: 180_000,
		cwd: path.dirname(composeFile),
		env: { ...process.env, DOCKER_HOST: endpoint.url },
	};
	try {
		if (first.length > 0)
			await run(command, [...args, '-p', project, '-f', composeFile, 'up', '-d', ...first], options);
		await run(command, [...args, '-p', project, '-f', composeFile, 'up', '-d'], options);
	} catch (error) {
		if (mayFail) return;
		const stderr = (error as { stderr?: string }).stderr?.trim();
		throw new DockmedicError(`${cli.line} up failed: ${stderr || (error as Error).message}`);
	}
}

import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'dockmedic.js');

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the built binary the way a person would, and never throws on a non-zero exit. */
export function dockmedic(
	args: string[],
	env: NodeJS.ProcessEnv = {},
	timeoutMs = 60_000,
): Promise<CliResult> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[BIN, ...args],
			{ env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
			(error, stdout, stderr) => {
				const code = error
					? typeof (error as { code?: unknown }).code === 'number'
						? (error as { code: number }).code
						: 1
					: 0;
				resolve({ code, stdout, stderr });
			},
		);
	});
}

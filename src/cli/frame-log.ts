import { appendFileSync, openSync } from 'node:fs';

/**
 * For measuring keypress-to-frame from inside the process (DOCKMEDIC_FRAME_LOG=<file>): one line per
 * key read ("key <ms>") and per frame written ("frame <ms> <bytes>"), times from process start. A frame
 * written after a key shows it: keys are handled synchronously when read, before the next render.
 */
export function logFramesTo(file: string | undefined): void {
	if (!file) return;
	const fd = openSync(file, 'w');
	const record = (line: string) => appendFileSync(fd, `${line}\n`);
	process.stdin.on('data', () => record(`key ${performance.now().toFixed(1)}`));
	const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
	process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
		record(`frame ${performance.now().toFixed(1)} ${chunk.length}`);
		return write(chunk, ...rest);
	}) as typeof process.stdout.write;
}

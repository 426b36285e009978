import { appendFileSync, openSync } from 'node:fs';
import { recordMarksWith } from './startup-marks.js';

/**
 * For measuring keypress-to-frame from inside the process (DOCKMEDIC_FRAME_LOG=<file>): one line per
 * key read ("key <ms>") and per frame written ("frame <ms> <bytes>"), times from process start. A frame
 * written after a key shows it: keys are handled synchronously when read, before the next render.
 * Every second also "memory <ms> <rss> <heapUsed> <external>" in bytes, to tell a growing heap from
 * memory the runtime merely keeps. Before those, the start-up milestones ("mark <ms> <name>", startup-marks.ts).
 */
export function logFramesTo(file: string | undefined): void {
	if (!file) return;
	const fd = openSync(file, 'w');
	const record = (line: string) => appendFileSync(fd, `${line}\n`);
	recordMarksWith(record);
	process.stdin.on('data', () => record(`key ${performance.now().toFixed(1)}`));
	setInterval(() => {
		const m = process.memoryUsage();
		record(`memory ${performance.now().toFixed(1)} ${m.rss} ${m.heapUsed} ${m.external + m.arrayBuffers}`);
	}, 1000).unref();
	const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
	process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
		record(`frame ${performance.now().toFixed(1)} ${chunk.length}`);
		return write(chunk, ...rest);
	}) as typeof process.stdout.write;
}

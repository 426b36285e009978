/**
 * What the movement keys mean, once for every view: a step of rows, or an end. The list, the logs,
 * the help and the Swarm services apply it to their own cursor.
 */
export type Step = number | 'first' | 'last';

export function stepOf(command: string, page: number): Step | undefined {
	switch (command) {
		case 'nav.up':
			return -1;
		case 'nav.down':
			return 1;
		case 'nav.pageUp':
			return -Math.max(1, page);
		case 'nav.pageDown':
			return Math.max(1, page);
		case 'nav.top':
			return 'first';
		case 'nav.bottom':
			return 'last';
		default:
			return undefined;
	}
}

/** A cursor over `count` rows moved by a step, kept within them. */
export function moveCursor(at: number, step: Step, count: number): number {
	if (count <= 0) return 0;
	const target = step === 'first' ? 0 : step === 'last' ? count - 1 : at + step;
	return Math.max(0, Math.min(count - 1, target));
}

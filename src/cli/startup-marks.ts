/**
 * Start-up milestones for the frame log (DOCKMEDIC_FRAME_LOG): "mark <ms> <name>", times from process
 * start, so a profile of start-up can say what waits for what. Kept in memory until the log opens.
 */
const pending: string[] = [];
let record: ((line: string) => void) | undefined;

export function markStartup(name: string): void {
	if (!process.env.DOCKMEDIC_FRAME_LOG) return;
	const line = `mark ${performance.now().toFixed(1)} ${name}`;
	if (record) record(line);
	else pending.push(line);
}

/** Where marks go from now on; the ones made before are written first. */
export function recordMarksWith(sink: (line: string) => void): void {
	record = sink;
	for (const line of pending.splice(0)) sink(line);
}

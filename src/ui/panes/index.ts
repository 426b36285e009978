import { inspectPane } from './inspect.js';
import { logsPane } from './logs.js';
import type { Pane } from './pane.js';
import { processesPane } from './processes.js';
import { socketsPane } from './sockets.js';
import { statsPane } from './stats.js';
import { timelinePane } from './timeline.js';

/** The panes of the details view, in tab order. A new pane is one file and one line here. */
export const PANES: readonly Pane[] = [
	statsPane,
	logsPane,
	inspectPane,
	processesPane,
	socketsPane,
	timelinePane,
];

export function paneById(id: string): Pane {
	return PANES.find((p) => p.id === id) ?? (PANES[0] as Pane);
}

import type { Engine } from '../engine/index.js';
import { linesOfChunks } from '../model/evidence.js';
import { type Timeline, timelineOf } from '../model/timeline.js';

/** Log lines read to show what a container wrote before each death: enough for a crash loop's runs. */
const LOG_TAIL = 2000;

/** A container's timeline over the last `seconds`, from the engine's event history and its own logs. */
export async function readTimeline(engine: Engine, container: string, seconds: number): Promise<Timeline> {
	const details = await engine.containers.inspect(container);
	const until = Math.floor(Date.now() / 1000);
	const since = until - seconds;
	const [events, chunks] = await Promise.all([
		engine.events.history(details.id, since, until, { networks: true }),
		// A driver that cannot be read back (syslog...) leaves the deaths without their last lines.
		engine.logs
			.read(details.id, { tail: LOG_TAIL, timestamps: true, since, tty: details.config.tty })
			.catch(() => []),
	]);
	return timelineOf(details.name, events, { since, until }, linesOfChunks(chunks));
}

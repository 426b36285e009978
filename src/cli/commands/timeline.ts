import { DockmedicError } from '../../engine/errors.js';
import { parseDuration } from '../../model/timeline.js';
import { toJson, toMarkdown, toText } from '../../model/timeline-report.js';
import type { GlobalOptions } from '../connect.js';
import { connectFleet } from '../fleet.js';
import { readTimeline } from '../timeline-reads.js';

export type TimelineOptions = GlobalOptions & {
	readonly since: string;
	readonly format: 'text' | 'json' | 'markdown';
};

/** `dockmedic timeline <container>`: exit 0, or 1 when the container died in the window. */
export async function runTimeline(
	container: string,
	options: TimelineOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	const seconds = parseDuration(options.since);
	if (seconds === null || seconds <= 0)
		throw new DockmedicError(`--since expects a duration like 30m, 1h or 2d, got "${options.since}".`);
	const fleet = await connectFleet(options);
	const [member] = fleet.members;
	if (!member) throw new DockmedicError('No engine answered.', { exitCode: 2 });
	const timeline = await readTimeline(member.engine, container, seconds);
	out.write(
		options.format === 'json'
			? `${JSON.stringify(toJson(timeline), null, 2)}\n`
			: options.format === 'markdown'
				? toMarkdown(timeline)
				: toText(timeline),
	);
	return timeline.deaths > 0 ? 1 : 0;
}

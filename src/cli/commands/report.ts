import { rename, writeFile } from 'node:fs/promises';
import { DockmedicError } from '../../engine/errors.js';
import { COMPOSE_PROJECT } from '../../model/compose.js';
import { parseDuration } from '../../model/timeline.js';
import { reportFormatFor, reportJson, reportMarkdown } from '../../playbooks/incident-report.js';
import type { GlobalOptions } from '../connect.js';
import { firstEngine } from '../fleet.js';
import { readIncident } from '../incident-reads.js';
import { helperImage, loadAllPlaybooks } from '../playbook-setup.js';

export type ReportCliOptions = GlobalOptions & {
	readonly project?: string;
	readonly since: string;
	readonly out?: string;
	readonly format?: 'markdown' | 'json';
	readonly playbooks?: string[];
};

/**
 * `dockmedic report <container…> | --project P`: the incident report, to a file (its extension names the
 * format) or stdout. Exit 0 when written; 1 when a container it covers has a finding.
 */
export async function runReport(
	containers: readonly string[],
	options: ReportCliOptions,
	out: NodeJS.WritableStream = process.stdout,
	err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
	const seconds = parseDuration(options.since);
	if (seconds === null || seconds <= 0)
		throw new DockmedicError(`--since expects a duration like 30m, 1h or 2d, got "${options.since}".`);
	if (containers.length === 0 && !options.project)
		throw new DockmedicError('Name the containers of the incident, or a Compose project with --project.', {
			tryMessage: 'dockmedic report web db --out incident.md   or   dockmedic report --project shop',
			exitCode: 2,
		});
	// Before any reading: a wrong extension should not cost a diagnosis.
	const format = options.out ? reportFormatFor(options.out) : (options.format ?? 'markdown');
	const engine = await firstEngine(options);
	let names = [...containers];
	if (options.project) {
		const members = await engine.containers.listByLabel(`${COMPOSE_PROJECT}=${options.project}`);
		if (members.length === 0)
			throw new DockmedicError(`There is no Compose project ${options.project} on this engine.`, {
				tryMessage: 'List them with `dockmedic projects`.',
				exitCode: 2,
			});
		names = [...names, ...members.map((m) => m.name).sort()];
	}
	const report = await readIncident(
		{
			engine,
			playbooks: loadAllPlaybooks(options.playbooks ?? []),
			helperImage: await helperImage(engine),
			showSecrets: options.showSecrets === true,
		},
		[...new Set(names)],
		seconds,
	);
	const masking = { showSecrets: options.showSecrets === true };
	const text =
		format === 'json'
			? `${JSON.stringify(reportJson(report, masking), null, 2)}\n`
			: reportMarkdown(report, masking);
	if (options.out) {
		// Whole or not at all: an earlier report of the same name is replaced only by a complete one.
		const partial = `${options.out}.partial`;
		await writeFile(partial, text);
		await rename(partial, options.out);
		err.write(
			`Wrote the incident report of ${report.containers.map((c) => c.name).join(', ')} to ${options.out} (${report.actions.length} recorded action${report.actions.length === 1 ? '' : 's'}).\n`,
		);
	} else out.write(text);
	return report.containers.some((c) => c.diagnosis.status !== 'healthy') ? 1 : 0;
}

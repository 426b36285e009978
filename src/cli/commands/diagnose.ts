import { DockmedicError } from '../../engine/errors.js';
import { diagnose } from '../../playbooks/diagnose.js';
import type { Diagnosis } from '../../playbooks/diagnosis.js';
import { toJson, toMarkdown, toText } from '../../playbooks/report.js';
import { needsAttention } from '../../playbooks/triage.js';
import { connectEngine, type GlobalOptions } from '../connect.js';
import { helperImage, loadAllPlaybooks } from '../playbook-setup.js';

export type DiagnoseCliOptions = GlobalOptions & {
	readonly all?: boolean;
	readonly playbook?: string;
	readonly format: 'text' | 'json' | 'markdown';
	readonly playbooks?: string[];
	readonly input?: string[];
};

/** `dockmedic diagnose`: exit 0 healthy, 1 a finding (or inconclusive), 2 usage or engine error. */
export async function runDiagnose(
	container: string | undefined,
	options: DiagnoseCliOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	if (!container && !options.all)
		throw new DockmedicError('Name a container, or use --all.', {
			tryMessage: 'dockmedic diagnose web   or   dockmedic diagnose --all',
		});
	const playbooks = loadAllPlaybooks(options.playbooks ?? []);
	if (options.playbook && !playbooks.some((p) => p.id === options.playbook)) {
		throw new DockmedicError(`There is no playbook "${options.playbook}".`, {
			tryMessage: `Available: ${playbooks.map((p) => p.id).join(', ')}`,
		});
	}
	const engine = await connectEngine(options);
	const common = {
		engine,
		playbooks,
		helperImage: await helperImage(engine),
		inputs: parseInputs(options.input ?? []),
		showSecrets: options.showSecrets === true,
		...(options.playbook ? { playbookId: options.playbook } : {}),
	};
	let results: Diagnosis[];
	if (options.all) {
		const all = await engine.listContainers({ all: true });
		const details = await Promise.all(all.map((c) => engine.inspectContainer(c.id).catch(() => null)));
		const targets = details.filter((d) => d !== null && needsAttention(d)).map((d) => d?.name ?? '');
		results = [];
		for (const name of targets) results.push(await diagnose(name, common));
	} else {
		results = [await diagnose(container ?? '', common)];
	}
	out.write(render(results, options.format, options.all ?? false));
	return results.some((r) => r.status !== 'healthy') ? 1 : 0;
}

function render(results: Diagnosis[], format: DiagnoseCliOptions['format'], many: boolean): string {
	if (format === 'json')
		return `${JSON.stringify(many ? results.map(toJson) : toJson(results[0] as Diagnosis), null, 2)}\n`;
	if (many && results.length === 0)
		return format === 'markdown' ? '## No container needs attention\n' : 'No container needs attention.\n';
	const one = format === 'markdown' ? toMarkdown : toText;
	return results.map(one).join('\n');
}

function parseInputs(pairs: string[]): Record<string, string> {
	const inputs: Record<string, string> = {};
	for (const pair of pairs) {
		const eq = pair.indexOf('=');
		if (eq <= 0) throw new DockmedicError(`--input expects NAME=VALUE, got "${pair}".`);
		inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
	}
	return inputs;
}

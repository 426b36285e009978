import type { Command } from 'commander';
import { Option } from 'commander';
import { findScenario, Labs, nextHints, scenarios } from '../../lab/lab.js';
import { CAUSES } from '../../model/causes.js';
import type { GlobalOptions } from '../connect.js';
import { renderTable } from '../text-table.js';

type Out = NodeJS.WritableStream;

/** `dockmedic lab ...`: teaching scenarios on the local engine. */
export function registerLabCommands(program: Command, setExit: (code: number) => void): void {
	const lab = program
		.command('lab')
		.description('Teaching labs: broken setups on the local engine to diagnose and fix');
	const globals = () => program.opts<GlobalOptions>();
	const labs = async (options: { image?: string }) => {
		const { connectEngine } = await import('../connect.js');
		return new Labs(await connectEngine(globals()), { image: options.image });
	};
	const imageOption = () => new Option('--image <ref>', 'local image for the lab containers (never pulled)');

	lab
		.command('list')
		.description('The scenarios, with their story in one line')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action((options: { format: string }) => {
			setExit(listLabs(options.format === 'json', process.stdout));
		});

	lab
		.command('start <id>')
		.description('Create the scenario on the engine and print its story')
		.addOption(imageOption())
		.action(async (id: string, options: { image?: string }) => {
			const scenario = findScenario(id);
			const started = await (await labs(options)).start(scenario);
			if (!started) {
				process.stdout.write(
					`Lab "${id}" is already running. Use \`dockmedic lab reset ${id}\` to start over.\n`,
				);
				return setExit(0);
			}
			process.stdout.write(
				`${scenario.title}\n\n${wrap(scenario.story)}\n\nContainer to look at: ${scenario.target}\n`,
			);
			process.stdout.write(`Hints: dockmedic lab hint ${id}   Check your fix: dockmedic lab verify ${id}\n`);
			setExit(0);
		});

	lab
		.command('hint <id>')
		.description('Show the next hint (progressive)')
		.action((id: string) => {
			const scenario = findScenario(id);
			const shown = nextHints(scenario);
			for (const [i, hint] of shown.entries()) process.stdout.write(`${i + 1}. ${hint}\n`);
			if (shown.length === scenario.hints.length) process.stdout.write('(that was the last hint)\n');
			setExit(0);
		});

	lab
		.command('verify <id>')
		.description('Check, by behaviour, whether the fault is fixed (exit 0 fixed, 1 not yet)')
		.addOption(imageOption())
		.action(async (id: string, options: { image?: string }) => {
			const result = await (await labs(options)).verify(findScenario(id));
			process.stdout.write(`${result.fixed ? 'FIXED' : 'NOT FIXED YET'}: ${result.observed}\n`);
			setExit(result.fixed ? 0 : 1);
		});

	lab
		.command('solution <id>')
		.description('For teachers: the injected cause and the documented fix')
		.addOption(imageOption())
		.action(async (id: string, options: { image?: string }) => {
			const scenario = findScenario(id);
			const runner = await labs(options);
			const fix = scenario.fix(await runner.context(scenario));
			process.stdout.write(`cause: ${scenario.cause}\nfix:\n${fix.map((c) => `  ${c}`).join('\n')}\n`);
			setExit(0);
		});

	lab
		.command('status')
		.description('Which labs exist on the engine, and their containers')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options: { format: string }) => {
			const status = await (await labs({})).statusAll();
			if (options.format === 'json') process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
			else if (status.length === 0) process.stdout.write('No lab is running.\n');
			else
				process.stdout.write(
					renderTable(
						['LAB', 'CONTAINERS', 'NETWORKS'],
						status.map((s) => [
							s.id,
							s.containers.map((c) => `${c.name} (${c.state})`).join(', '),
							s.networks.join(', '),
						]),
					),
				);
			setExit(0);
		});

	lab
		.command('reset [id]')
		.description("Remove a lab's resources (all labs without an id); only what carries the lab label")
		.action(async (id: string | undefined) => {
			if (id) findScenario(id);
			const removed = await (await labs({})).reset(id);
			const what = [
				...removed.containers.map((c) => `container ${c}`),
				...removed.networks.map((n) => `network ${n}`),
			];
			process.stdout.write(
				what.length ? `Removed ${what.join(', ')}.\n` : `Nothing to remove${id ? ` for lab "${id}"` : ''}.\n`,
			);
			setExit(0);
		});
}

function listLabs(json: boolean, out: Out): number {
	if (json) {
		const rows = scenarios.map((s) => ({
			id: s.id,
			title: s.title,
			cause: s.cause,
			category: CAUSES[s.cause],
			difficulty: s.difficulty,
			target: s.target,
		}));
		out.write(`${JSON.stringify(rows, null, 2)}\n`);
		return 0;
	}
	out.write(
		renderTable(
			['ID', 'CATEGORY', 'LEVEL', 'STORY'],
			scenarios.map((s) => [s.id, CAUSES[s.cause], s.difficulty, s.title]),
		),
	);
	return 0;
}

function wrap(text: string, width = 78): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		if (line && line.length + word.length + 1 > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines.join('\n');
}

import type { Command } from 'commander';
import { Option } from 'commander';
import { DockmedicError } from '../../engine/errors.js';
import {
	type ExamProgress,
	examProgress,
	FULL_SCORE,
	formatElapsed,
	HINT_COST,
	hintCount,
	pickExamLab,
	readExam,
	writeExam,
} from '../../lab/exam.js';
import { defaultLabRoot, labHome } from '../../lab/paths.js';
import type { Scenario } from '../../lab/scenario.js';
import { CAUSE_CATEGORIES, CAUSES, type CauseCategory } from '../../model/causes.js';
import type { GlobalOptions } from '../connect.js';

/**
 * The labs' catalogue, runner and tables load when a lab command runs: every other command (the
 * console above all) starts without the scenarios, the YAML and schema code they pull in.
 */
const labKit = () => import('./lab-kit.js');

type Out = NodeJS.WritableStream;

/** `dockmedic lab ...`: teaching scenarios on the local engine. */
export function registerLabCommands(program: Command, setExit: (code: number) => void): void {
	const lab = program
		.command('lab')
		.description('Teaching labs: broken setups on the local engine to diagnose and fix')
		.option(
			'--prefix <name>',
			'name every object PREFIX-name, so that several students share one engine (DOCKMEDIC_LAB_PREFIX)',
		)
		.option('--labs <dir>', 'also the YAML labs of this folder (besides $XDG_CONFIG_HOME/dockmedic/labs)');
	const globals = () => program.opts<GlobalOptions>();
	/** --prefix, else DOCKMEDIC_LAB_PREFIX, checked. */
	const prefix = async () => {
		const given = lab.opts<{ prefix?: string }>().prefix ?? process.env.DOCKMEDIC_LAB_PREFIX;
		return given ? (await labKit()).validPrefix(given) : undefined;
	};
	let loaded: Scenario[] | undefined;
	/** Built-in labs and the teacher's YAML labs; a file that does not load is named once, on stderr. */
	const catalogue = async (): Promise<Scenario[]> => {
		if (loaded) return loaded;
		const { labCatalogue, formatError } = await labKit();
		const dir = lab.opts<{ labs?: string }>().labs;
		const { scenarios, errors } = labCatalogue(dir ? [dir] : []);
		for (const error of errors) process.stderr.write(`dockmedic: lab skipped: ${formatError(error)}\n`);
		loaded = scenarios;
		return scenarios;
	};
	const find = async (id: string) => (await labKit()).findScenario(id, await catalogue());
	const labs = async (options: { image?: string }) => {
		const { connectEngine } = await import('../connect.js');
		const { Labs } = await labKit();
		return new Labs(await connectEngine(globals()), {
			image: options.image,
			prefix: await prefix(),
			catalogue: await catalogue(),
		});
	};
	/** Where this prefix's hints and exam are kept, without connecting to the engine. */
	const home = async () => labHome(defaultLabRoot(), await prefix());
	/** The lab a command is about: the one named, else the running exam's. */
	const labOrExam = async (id: string | undefined) => {
		if (id) return find(id);
		const exam = readExam(await home());
		if (!exam)
			throw new DockmedicError('Name a lab, or start an exam first.', {
				tryMessage: 'dockmedic lab list, or dockmedic lab exam',
			});
		return find(exam.lab);
	};
	const imageOption = () => new Option('--image <ref>', 'local image for the lab containers (never pulled)');

	lab
		.command('list')
		.description('The scenarios, with their story in one line')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options: { format: string }) => {
			const { renderTable } = await labKit();
			setExit(listLabs(await catalogue(), options.format === 'json', process.stdout, renderTable));
		});

	lab
		.command('start <id>')
		.description('Create the scenario on the engine and print its story')
		.addOption(imageOption())
		.action(async (id: string, options: { image?: string }) => {
			const scenario = await find(id);
			const runner = await labs(options);
			const started = await runner.start(scenario);
			if (!started) {
				process.stdout.write(
					`Lab "${id}" is already running. Use \`dockmedic lab reset ${id}\` to start over.\n`,
				);
				return setExit(0);
			}
			const view = runner.view(scenario);
			process.stdout.write(`${view.title}\n\n${wrap(view.story)}\n\nContainer to look at: ${view.target}\n`);
			const as = runner.prefix ? ` --prefix ${runner.prefix}` : '';
			process.stdout.write(
				`Hints: dockmedic lab hint ${id}${as}   Check your fix: dockmedic lab verify ${id}${as}\n`,
			);
			setExit(0);
		});

	lab
		.command('hint [id]')
		.description("Show the next hint (progressive); without an id, the exam's (each costs points)")
		.action(async (id: string | undefined) => {
			const { prefixScenario, nextHints } = await labKit();
			const scenario = await labOrExam(id);
			const view = prefixScenario(scenario, await prefix());
			const at = await home();
			const shown = nextHints(view, at);
			for (const [i, hint] of shown.entries()) process.stdout.write(`${i + 1}. ${hint}\n`);
			if (shown.length === scenario.hints.length) process.stdout.write('(that was the last hint)\n');
			const exam = readExam(at);
			if (exam && exam.lab === scenario.id && !exam.solvedAt) {
				writeExam(at, { ...exam, hintsUsed: shown.length });
				process.stdout.write(`(exam: ${hintCount(shown.length)} used, ${HINT_COST} points each)\n`);
			}
			setExit(0);
		});

	lab
		.command('verify [id]')
		.description(
			'Check, by behaviour, whether the fault is fixed (exit 0 fixed, 1 not yet); without an id, the exam',
		)
		.addOption(imageOption())
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (id: string | undefined, options: { image?: string; format: string }) => {
			const scenario = await labOrExam(id);
			const runner = await labs(options);
			const result = await runner.verify(scenario);
			let exam = readExam(runner.home);
			if (exam?.lab !== scenario.id) exam = null;
			if (exam && result.fixed && !exam.solvedAt) {
				exam = { ...exam, solvedAt: new Date().toISOString() };
				writeExam(runner.home, exam);
			}
			const progress = exam ? examProgress(exam, runner.view(scenario).target) : null;
			if (options.format === 'json')
				process.stdout.write(
					`${JSON.stringify({ fixed: result.fixed, observed: result.observed, exam: progress }, null, 2)}\n`,
				);
			else {
				process.stdout.write(`${result.fixed ? 'FIXED' : 'NOT FIXED YET'}: ${result.observed}\n`);
				if (progress) process.stdout.write(`${examLine(progress)}\n`);
			}
			setExit(result.fixed ? 0 : 1);
		});

	lab
		.command('validate')
		.description('Check the YAML labs (and --labs): file, line and field of each problem (exit 1 on any)')
		.action(async () => {
			const { labCatalogue, formatError } = await labKit();
			const dir = lab.opts<{ labs?: string }>().labs;
			const { scenarios, errors } = labCatalogue(dir ? [dir] : []);
			for (const error of errors) process.stdout.write(`${formatError(error)}\n`);
			process.stdout.write(
				errors.length === 0
					? `${scenarios.length} labs load, none with a problem.\n`
					: `${errors.length} problem${errors.length === 1 ? '' : 's'}.\n`,
			);
			setExit(errors.length === 0 ? 0 : 1);
		});

	lab
		.command('exam')
		.description(
			'Start a random lab without its title: find and fix the fault, then `lab verify` (hints cost points)',
		)
		.addOption(
			new Option('--category <category>', 'only labs of this category').choices([...CAUSE_CATEGORIES]),
		)
		.option('--seed <n>', 'pick with this seed (the same lab for a whole class)')
		.addOption(imageOption())
		.action(async (options: { category?: CauseCategory; seed?: string; image?: string }) => {
			const runner = await labs(options);
			const running = readExam(runner.home);
			if (running && !running.solvedAt)
				throw new DockmedicError('An exam is already running.', {
					tryMessage: 'Finish it (dockmedic lab verify), or give up with dockmedic lab reset.',
				});
			const seed = options.seed === undefined ? Math.floor(Math.random() * 1e9) : Number(options.seed);
			if (!Number.isInteger(seed) || seed < 0)
				throw new DockmedicError(`--seed ${options.seed} is not a whole number.`);
			const scenario = pickExamLab(await catalogue(), seed, options.category ?? null);
			if (!scenario) throw new DockmedicError(`No lab in category ${options.category}.`);
			// A lab left from an earlier try starts over clean: the exam times this run.
			await runner.reset(scenario.id);
			await runner.start(scenario);
			writeExam(runner.home, {
				lab: scenario.id,
				seed,
				category: options.category ?? null,
				startedAt: new Date().toISOString(),
				hintsUsed: 0,
				solvedAt: null,
			});
			const view = runner.view(scenario);
			process.stdout.write(
				`Exam started (seed ${seed}${options.category ? `, ${options.category}` : ''}). The clock runs.\n\n` +
					`${wrap(view.story)}\n\nContainer to look at: ${view.target}\n` +
					`When you think it is fixed: dockmedic lab verify   A hint (costs ${HINT_COST} of ${FULL_SCORE} points): dockmedic lab hint\n`,
			);
			setExit(0);
		});

	lab
		.command('solution <id>')
		.description('For teachers: the injected cause and the documented fix')
		.addOption(imageOption())
		.action(async (id: string, options: { image?: string }) => {
			const scenario = await find(id);
			const fix = await (await labs(options)).fix(scenario);
			process.stdout.write(`cause: ${scenario.cause}\nfix:\n${fix.map((c) => `  ${c}`).join('\n')}\n`);
			setExit(0);
		});

	lab
		.command('status')
		.description('Which labs exist on the engine, and their containers')
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options: { format: string }) => {
			const runner = await labs({});
			const status = await runner.statusAll();
			const exam = readExam(runner.home);
			const progress = exam ? examProgress(exam, runner.view(await find(exam.lab)).target) : null;
			// A running exam's lab is listed without its id, which names the fault.
			const hidden = exam && !exam.solvedAt ? exam.lab : null;
			if (options.format === 'json') {
				const labsJson = status.map((s) => (s.id === hidden ? { ...s, id: 'exam' } : s));
				process.stdout.write(
					`${JSON.stringify({ prefix: runner.prefix ?? null, labs: labsJson, exam: progress }, null, 2)}\n`,
				);
				return setExit(0);
			}
			if (progress) process.stdout.write(`${examLine(progress)}\n`);
			const { renderTable } = await labKit();
			if (status.length === 0) process.stdout.write('No lab is running.\n');
			else
				process.stdout.write(
					renderTable(
						['LAB', 'CONTAINERS', 'NETWORKS'],
						status.map((s) => [
							s.id === hidden ? '(exam)' : s.id,
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
			if (id) await find(id);
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

/** One line of an exam's progress. */
export function examLine(p: ExamProgress): string {
	const hints = hintCount(p.hintsUsed);
	return p.solved
		? `Exam solved in ${formatElapsed(p.elapsedS)} with ${hints}: ${p.score}/${FULL_SCORE} points.`
		: `Exam running for ${formatElapsed(p.elapsedS)} (${hints} used), on ${p.target}.`;
}

function listLabs(
	scenarios: readonly Scenario[],
	json: boolean,
	out: Out,
	renderTable: (headers: readonly string[], rows: readonly (readonly string[])[]) => string,
): number {
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

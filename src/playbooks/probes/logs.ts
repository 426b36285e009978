import { z } from 'zod';
import { sanitizeLine } from '../../model/sanitize.js';
import { defineProbe, type ProbeOutput, patternParam, probeParams, wholeParam } from './define.js';
import { type ProbeContext, param } from './probe.js';

const ERROR_LINE = /\b(error|fatal|panic|exception|failed|denied|refused|cannot|can't|could not|no such)\b/i;
const PATH = /(\/[\w.@+-]+(?:\/[\w.@+-]+)+)/g;
const PATTERN_PREFIX = 'pattern_';

const facts = z
	.object({
		readable: z.boolean(),
		lineCount: z.number(),
		readError: z.string().optional(),
		/** The newest line that looks like an error. */
		errorLine: z.string().nullable().optional(),
		/** Absolute paths named in error lines (those matching paths_from, when given). */
		errorPaths: z.array(z.string()).optional(),
	})
	// pattern_NAME's capture, or null when no line matches (unknown here: an index type would have to fit the facts above).
	.catchall(z.unknown());
type Facts = z.infer<typeof facts>;
// Named here: inside run, `facts` is the object it builds.
type Output = ProbeOutput<typeof facts>;

const known = { tail: wholeParam.optional(), paths_from: patternParam.optional() };
/** Beside tail and paths_from, any number of pattern_NAME: each gives the fact NAME. */
const params = probeParams(known)
	.catchall(patternParam)
	.superRefine(
		(value, ctx) => {
			for (const key of Object.keys(value)) {
				// kind: the playbook writes it beside the parameters.
				if (key in known || key === 'kind') continue;
				const name = key.slice(PATTERN_PREFIX.length);
				if (!key.startsWith(PATTERN_PREFIX))
					ctx.addIssue({
						code: 'custom',
						path: [key],
						message: `unknown parameter "${key}": this probe takes tail, paths_from, pattern_NAME`,
					});
				// Its capture would overwrite a fact the probe sets itself.
				else if (name in facts.shape)
					ctx.addIssue({
						code: 'custom',
						path: [key],
						message: `"${name}" is already a fact of the logs probe`,
					});
			}
		},
		// Also when a value is of the wrong type, so that a misspelt name is named too.
		{ when: () => true },
	);

/**
 * Reads the last lines of the logs: whether they can be read at all, the last error line, absolute
 * paths named in error lines, and the first capture of each pattern given as `pattern_<name>` (the first
 * group that matched, so a pattern may offer alternatives).
 */
const run = async (ctx: ProbeContext): Output => {
	const tail = Number(param(ctx, 'tail')) || 50;
	let text: string;
	try {
		const chunks = await ctx.engine.logs.read(ctx.subject.id, { tail, tty: ctx.subject.config.tty });
		text = chunks.map((c) => c.data.toString('utf8')).join('');
	} catch (error) {
		return {
			facts: { readable: false, lineCount: 0, readError: (error as Error).message },
			evidence: [`logs cannot be read: ${(error as Error).message.split('\n')[0]}`],
		};
	}
	const lines = text
		.split('\n')
		.map(sanitizeLine)
		.filter((l) => l.trim() !== '');
	const errorLines = lines.filter((l) => ERROR_LINE.test(l));
	// `paths_from`: only error lines of this kind name paths (a storage check wants write failures, not a missing file).
	const pathsFrom = param(ctx, 'paths_from');
	const pathLines = pathsFrom ? errorLines.filter((l) => new RegExp(pathsFrom, 'i').test(l)) : errorLines;
	const facts: Facts = {
		readable: true,
		lineCount: lines.length,
		errorLine: errorLines.at(-1) ?? null,
		errorPaths: [...new Set(pathLines.flatMap((l) => [...l.matchAll(PATH)].map((m) => m[1] ?? '')))],
	};
	const evidence = [`last ${tail} log lines: ${lines.length} lines, ${errorLines.length} look like errors`];
	for (const [key, value] of Object.entries(ctx.params)) {
		if (!key.startsWith('pattern_') || typeof value !== 'string') continue;
		const regex = new RegExp(value, 'i');
		const hit = [...lines].reverse().find((l) => regex.test(l));
		const name = key.slice('pattern_'.length);
		// The first group that took part in the match (patterns may offer alternatives), else the whole line.
		facts[name] = hit
			? (regex
					.exec(hit)
					?.slice(1)
					.find((g) => g !== undefined) ?? hit)
			: null;
		if (hit) evidence.push(`log: ${hit.trim()}`);
	}
	if (errorLines.length && !evidence.some((e) => e.startsWith('log: ')))
		evidence.push(`log: ${(errorLines.at(-1) ?? '').trim()}`);
	return { facts, evidence };
};

export const logs = defineProbe({
	kind: 'logs',
	params,
	facts,
	factsFromParams: (given) =>
		Object.keys(given)
			.filter((key) => key.startsWith(PATTERN_PREFIX))
			.map((key) => key.slice(PATTERN_PREFIX.length)),
	run,
});

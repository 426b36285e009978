import { z } from 'zod';
import type { ProbeContext, ProbeResult } from './probe.js';

/**
 * What a probe's run returns: its facts typed by the schema it declares. A run annotated with it
 * (`async (ctx: ProbeContext): ProbeOutput<typeof facts> =>`) has each object literal it returns
 * checked: a fact of the wrong type, or one it does not declare, fails type-checking. Facts built
 * elsewhere are checked by the unit tests (test/unit/probe-facts.test.ts).
 */
export type ProbeOutput<F extends z.ZodObject> = Promise<ProbeResult<z.infer<F>>>;

export type ProbeRun<F extends z.ZodObject> = (ctx: ProbeContext) => ProbeOutput<F>;

/**
 * A probe as the registry holds it: what a playbook may pass it, and every fact it may return.
 * The loader checks steps against both, so a playbook cannot read a fact that never comes.
 */
export type ProbeDefinition<K extends string = string, F extends z.ZodObject = z.ZodObject> = {
	/** The name a playbook gives it: `probe: { kind: ... }`. */
	readonly kind: K;
	/** Its parameters as a playbook writes them, beside `kind` (placeholders included). */
	readonly params: z.ZodObject;
	/** Every fact it may return; one it returns only sometimes is optional. */
	readonly facts: F;
	/** Facts whose names come from the step's parameters (the logs probe's `pattern_NAME` gives NAME). */
	readonly factsFromParams?: (params: Readonly<Record<string, unknown>>) => string[];
	readonly run: ProbeRun<F>;
};

/** Keeps the literal kind, so the registry knows every kind by name. */
export function defineProbe<const K extends string, F extends z.ZodObject>(
	probe: ProbeDefinition<K, F>,
): ProbeDefinition<K, F> {
	return probe;
}

/** The facts a step of this probe has, with these parameters. */
export function factNames(probe: ProbeDefinition, params: Readonly<Record<string, unknown>>): string[] {
	return [...Object.keys(probe.facts.shape), ...(probe.factsFromParams?.(params) ?? [])];
}

/** A probe's parameters: these and no others (a misspelt one is named, with those it takes). */
export function probeParams<S extends z.ZodRawShape>(shape: S) {
	const takes = Object.keys(shape).join(', ') || 'none';
	return z.strictObject(shape, {
		error: (issue) =>
			issue.code === 'unrecognized_keys'
				? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}: this probe takes ${takes}`
				: undefined,
	});
}

// Parameter types. A value may be a {{placeholder}}: the runner fills it in just before the probe runs.
const PLACEHOLDER = /\{\{[^}]+\}\}/;

/** A non-negative whole number (a port, a line count), or a placeholder that gives one. */
export const wholeParam = z.union(
	[
		z.number().int('a whole number').nonnegative('a whole number, not negative'),
		z.string().regex(new RegExp(`^\\d+$|${PLACEHOLDER.source}`), 'a whole number, or a {{placeholder}}'),
	],
	{ error: 'a whole number, or a {{placeholder}} that gives one' },
);

/** One path, a comma-separated list, or a list of paths. */
export const pathsParam = z.union([z.string(), z.array(z.string())], {
	error: 'a path, or a list of paths',
});

/** A regular expression, matched without regard to case. */
export const patternParam = z.string().superRefine((value, ctx) => {
	try {
		new RegExp(value, 'i');
	} catch (error) {
		ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}` });
	}
});

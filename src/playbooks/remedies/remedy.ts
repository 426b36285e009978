import { z } from 'zod';
import type { Engine } from '../../engine/index.js';

/**
 * A fix dockmedic may apply itself, after the person has seen the docker command that does the
 * same and said yes: safe, reversible, one engine call, never a shell. Each lives in its own file
 * and is listed once in remedies/index.ts; the playbook schema, the command shown and the apply
 * path all read it from there.
 */
export type RemedyDefinition<A extends string = string, P extends z.ZodObject = z.ZodObject> = {
	/** The name a playbook gives it: `remedy: { action: ..., args: {...} }`. */
	readonly action: A;
	/**
	 * Its arguments as a playbook writes them under `args` (placeholders allowed), beside
	 * `container`: the container it acts on, the diagnosed one when not given.
	 */
	readonly schema: P;
	/** What it did, for a person: the console shows it once the fix has run. */
	describe(params: z.infer<P>, container: string): string;
	/** The docker command a person would run by hand for the same, shown before asking. */
	command(params: z.infer<P>, container: string): string;
	/** Does it: values go to the Engine API as arguments. */
	apply(engine: Engine, params: z.infer<P>, container: string): Promise<void>;
};

/** Keeps the literal action, so the registry knows every action by name. */
export function defineRemedy<const A extends string, P extends z.ZodObject>(
	remedy: RemedyDefinition<A, P>,
): RemedyDefinition<A, P> {
	return remedy;
}

/** A remedy's arguments: these and no others (a misspelt one is named, with those it takes). */
export function remedyArgs<S extends z.ZodRawShape>(shape: S) {
	const takes = [...Object.keys(shape), 'container'].join(', ');
	return z.strictObject(shape, {
		error: (issue) =>
			issue.code === 'unrecognized_keys'
				? `unknown argument ${issue.keys.map((k) => `"${k}"`).join(', ')}: this remedy takes ${takes}`
				: undefined,
	});
}

/** A number as text (arguments are strings), or a {{placeholder}} that gives one. */
export function numberArg(pattern: RegExp, what: string) {
	return z
		.string()
		.regex(new RegExp(`^(?:${pattern.source})$|\\{\\{[^}]+\\}\\}`), `${what}, or a {{placeholder}}`);
}

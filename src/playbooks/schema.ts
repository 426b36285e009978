import { z } from 'zod';
import { CAUSES, type CauseId } from '../model/causes.js';
import { CONTAINER_STATES } from '../model/container.js';
import { PROBES, type ProbeKind } from './probes/index.js';
import type { ProbeParams } from './probes/probe.js';
import { referenceIssues } from './references.js';
import { REMEDIES, type RemedyAction } from './remedies/index.js';
import type { RemedyDefinition } from './remedies/remedy.js';

const causeIds = Object.keys(CAUSES) as [CauseId, ...CauseId[]];
const name = z
	.string()
	.regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter');

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A fact matcher: a value (equality), a list (any of), or a comparison. */
export const MatcherSchema = z.union([
	scalar,
	z.array(scalar),
	z
		.object({
			gte: z.number().optional(),
			lte: z.number().optional(),
			gt: z.number().optional(),
			lt: z.number().optional(),
			matches: z.string().optional(),
			not: scalar.optional(),
			contains: scalar.optional(),
			/** true: the value is present (not null, undefined or empty); false: it is absent. */
			exists: z.boolean().optional(),
		})
		.strict(),
]);

const VerdictSchema = z
	.object({
		/** Facts of this step that must all match; empty matches always. */
		when: z.record(z.string(), MatcherSchema).default({}),
		cause: z.enum(causeIds).optional(),
		next: name.optional(),
		healthy: z.literal(true).optional(),
		inconclusive: z.literal(true).optional(),
		/** A generic cause: named only when no playbook that follows finds a specific one. */
		fallback: z.literal(true).optional(),
		note: z.string().optional(),
	})
	.strict();

/**
 * A step's probe: its kind, and the parameters that probe declares (each probe module says which).
 * Typed loosely: the runner hands every probe its parameters the same way.
 */
const ProbeSchema = z.discriminatedUnion(
	'kind',
	PROBES.map((p) =>
		// The facts in the description: an editor shows which names the step's verdicts may read.
		p.params.safeExtend({ kind: z.literal(p.kind) }).meta({
			description: `The ${p.kind} probe. Its facts: ${Object.keys(p.facts.shape).join(', ')}${p.factsFromParams ? ', and those its parameters name' : ''}.`,
		}),
	) as unknown as [z.ZodObject<{ kind: z.ZodLiteral<ProbeKind> }>],
) as unknown as z.ZodType<{ readonly kind: ProbeKind } & ProbeParams>;

const StepSchema = z
	.object({
		id: name,
		title: z.string().min(3),
		why: z.string().min(10),
		probe: ProbeSchema,
		/** The docker CLI command that shows the same by hand. */
		command: z.string().min(3),
		/** Values that must be present for the step to run (else it is skipped), e.g. inputs.target. */
		requires: z.array(z.string()).default([]),
		/** Runs the step only when these values match (e.g. inputs.target: [localhost, 127.0.0.1]). */
		only_if: z.record(z.string(), MatcherSchema).default({}),
		timeout_s: z.number().positive().max(60).default(10),
		verdicts: z.array(VerdictSchema).default([]),
	})
	.strict();

const InputSchema = z
	.object({
		description: z.string(),
		from_env: z.array(z.string()).default([]),
		from_url_env: z.array(z.string()).default([]),
		part: z.enum(['host', 'port']).default('host'),
	})
	.strict();

/** A fix dockmedic can apply itself: its action, and the arguments that remedy declares. */
const RemedySchema = z.discriminatedUnion(
	'action',
	REMEDIES.map((r: RemedyDefinition) =>
		z.strictObject({
			action: z.literal(r.action),
			// prefault: no args is none, and still checked (a remedy that needs one says so).
			args: r.schema
				.safeExtend({
					/** The container it acts on; the diagnosed one when not given. */
					container: z.string().min(1).optional(),
				})
				.prefault({}),
		}),
	) as unknown as [z.ZodObject<{ action: z.ZodLiteral<RemedyAction> }>],
) as unknown as z.ZodType<{ readonly action: RemedyAction; readonly args: Readonly<Record<string, string>> }>;

const CauseSchema = z
	.object({
		summary: z.string(),
		explanation: z.string(),
		fix: z.array(z.string()).min(1),
		remedy: RemedySchema.optional(),
	})
	.strict();

export const PlaybookSchema = z
	.object({
		id: name,
		title: z.string().min(3),
		description: z.string().min(10),
		applies_to: z.object({ states: z.array(z.enum(CONTAINER_STATES)).min(1) }).strict(),
		inputs: z.record(name, InputSchema).default({}),
		steps: z.array(StepSchema).min(1),
		causes: z.partialRecord(z.enum(causeIds), CauseSchema),
	})
	.strict()
	.superRefine((pb, ctx) => {
		const ids = pb.steps.map((s) => s.id);
		pb.steps.forEach((step, i) => {
			if (ids.indexOf(step.id) !== i)
				ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${step.id}"` });
			step.verdicts.forEach((v, j) => {
				if (v.cause && !pb.causes[v.cause])
					ctx.addIssue({
						code: 'custom',
						path: ['steps', i, 'verdicts', j, 'cause'],
						message: `cause "${v.cause}" has no entry under causes`,
					});
				// Jumps go forward only, so a playbook always ends.
				if (v.next && ids.indexOf(v.next) <= i)
					ctx.addIssue({
						code: 'custom',
						path: ['steps', i, 'verdicts', j, 'next'],
						message: `"${v.next}" is not a later step`,
					});
			});
		});
		// A fact the step's probe never gives, or read before its step runs, would be silently empty.
		for (const issue of referenceIssues(pb)) ctx.addIssue({ code: 'custom', ...issue });
	});

export type Playbook = z.infer<typeof PlaybookSchema>;
export type PlaybookStep = Playbook['steps'][number];
export type Verdict = PlaybookStep['verdicts'][number];
export type Matcher = z.infer<typeof MatcherSchema>;

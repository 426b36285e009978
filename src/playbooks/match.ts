import type { Matcher, Verdict } from './schema.js';
import { lookup, type TemplateScope } from './template.js';

function isAbsent(value: unknown): boolean {
	return (
		value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
	);
}

/** Whether one fact satisfies a matcher. Pure. */
export function matches(value: unknown, matcher: Matcher): boolean {
	if (Array.isArray(matcher)) return matcher.some((m) => matches(value, m));
	if (matcher === null || typeof matcher !== 'object') return value === matcher;
	const n = typeof value === 'number' ? value : Number.NaN;
	if (matcher.gte !== undefined && !(n >= matcher.gte)) return false;
	if (matcher.lte !== undefined && !(n <= matcher.lte)) return false;
	if (matcher.gt !== undefined && !(n > matcher.gt)) return false;
	if (matcher.lt !== undefined && !(n < matcher.lt)) return false;
	if (
		matcher.matches !== undefined &&
		!(typeof value === 'string' && new RegExp(matcher.matches, 'i').test(value))
	)
		return false;
	if (matcher.not !== undefined && value === matcher.not) return false;
	if (matcher.contains !== undefined && !(Array.isArray(value) && value.includes(matcher.contains)))
		return false;
	if (matcher.exists !== undefined && matcher.exists === isAbsent(value)) return false;
	return true;
}

/** Whether every condition holds; a key names a fact of this step, or a dotted value in scope. */
export function allMatch(
	conditions: Readonly<Record<string, Matcher>>,
	facts: Readonly<Record<string, unknown>>,
	scope: TemplateScope = {},
): boolean {
	return Object.entries(conditions).every(([key, matcher]) =>
		matches(key in facts ? facts[key] : lookup(scope, key), matcher),
	);
}

/** The first verdict whose conditions all hold, if any. */
export function firstVerdict(
	verdicts: readonly Verdict[],
	facts: Readonly<Record<string, unknown>>,
	scope: TemplateScope = {},
): Verdict | undefined {
	return verdicts.find((v) => allMatch(v.when, facts, scope));
}

import { shellQuote } from '../model/container-spec.js';

/** Values a template can name: container, service (of a Swarm task), inputs.*, <step>.<fact>. */
export type TemplateScope = Readonly<Record<string, unknown>>;

/** {{name}}, or {{first|second}}: the first of the names that has a value. */
const PLACEHOLDER = /\{\{\s*([a-zA-Z_][\w.-]*(?:\s*\|\s*[a-zA-Z_][\w.-]*)*)\s*\}\}/g;

/**
 * Looks a dotted name up in the scope; undefined when any part is missing. `a|b` is the first of
 * the names whose value is not empty.
 */
export function lookup(scope: TemplateScope, name: string): unknown {
	if (name.includes('|')) {
		const values = name.split('|').map((n) => lookup(scope, n.trim()));
		return values.find(
			(v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
		);
	}
	if (name in scope) return scope[name];
	const [head, ...rest] = name.split('.');
	let value: unknown = scope[head ?? ''];
	for (const part of rest) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) return value.join(', ');
	return String(value);
}

/**
 * Whether a placeholder names something of ours (container, inputs, a step). Others, such as the
 * docker CLI's own Go templates ({{end}}, {{json .State}}), are left as written.
 */
function ours(scope: TemplateScope, name: string): boolean {
	return (name.split('|')[0]?.trim().split('.')[0] ?? '') in scope;
}

/** Fills placeholders with plain values: for probe arguments and prose. Values stay data, never code. */
export function render(template: string, scope: TemplateScope): string {
	return template.replace(PLACEHOLDER, (whole, name: string) =>
		ours(scope, name) ? text(lookup(scope, name)) : whole,
	);
}

/** Fills placeholders in a shell command shown to a person, quoting each value as one word. */
export function renderCommand(template: string, scope: TemplateScope): string {
	return template.replace(PLACEHOLDER, (whole, name: string) => {
		if (!ours(scope, name)) return whole;
		const value = text(lookup(scope, name));
		return value === '' ? "''" : shellQuote(value);
	});
}

/** The names a template refers to (validation: every one must be knowable). */
export function placeholders(template: string): string[] {
	return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

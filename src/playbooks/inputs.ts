import { splitAddress } from '../model/signatures.js';
import type { Playbook } from './schema.js';

/** host and port out of a URL-like value (postgres://u:p@db:5432/x, redis://cache, http://mirror/). */
export function parseUrlish(value: string): { host: string; port: string } | undefined {
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return undefined;
	const { host, port } = splitAddress(value);
	return { host, port };
}

/**
 * Fills a playbook's inputs from the container's environment: the first variable listed that is
 * set wins; URL variables give their host or port. Explicit values (--input) override. Pure.
 */
export function resolveInputs(
	playbook: Playbook,
	env: readonly string[],
	explicit: Readonly<Record<string, string>> = {},
): { values: Record<string, string>; sources: Record<string, string> } {
	const vars = new Map(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const));
	const values: Record<string, string> = {};
	const sources: Record<string, string> = {};
	// Values routing found in the evidence (symptom, path...) are in scope even when the playbook does not declare them.
	for (const [name, value] of Object.entries(explicit)) {
		if (playbook.inputs[name] || value === '') continue;
		values[name] = value;
		sources[name] = 'evidence';
	}
	for (const [name, input] of Object.entries(playbook.inputs)) {
		if (explicit[name] !== undefined && explicit[name] !== '') {
			values[name] = explicit[name];
			sources[name] = 'given';
			continue;
		}
		const plain = input.from_env.find((v) => vars.get(v));
		if (plain) {
			values[name] = vars.get(plain) ?? '';
			sources[name] = `$${plain}`;
			continue;
		}
		for (const v of input.from_url_env) {
			const parsed = parseUrlish(vars.get(v) ?? '');
			const part = parsed?.[input.part];
			if (part) {
				values[name] = part;
				sources[name] = `$${v}`;
				break;
			}
		}
	}
	return { values, sources };
}

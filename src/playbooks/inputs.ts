import type { Playbook } from './schema.js';

const DEFAULT_PORTS: Record<string, string> = {
	http: '80',
	https: '443',
	postgres: '5432',
	postgresql: '5432',
	mysql: '3306',
	mariadb: '3306',
	redis: '6379',
	rediss: '6379',
	mongodb: '27017',
	amqp: '5672',
	smtp: '25',
};

/** host and port out of a URL-like value (postgres://u:p@db:5432/x, redis://cache, http://mirror/). */
export function parseUrlish(value: string): { host: string; port: string } | undefined {
	const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?/i.exec(value.trim());
	if (!m) return undefined;
	const scheme = (m[1] ?? '').toLowerCase();
	return { host: (m[2] ?? '').replace(/^\[|\]$/g, ''), port: m[3] ?? DEFAULT_PORTS[scheme] ?? '' };
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

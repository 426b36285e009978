/**
 * A class on one engine: every object a lab creates is named `PREFIX-name`, so that several
 * students run the same lab side by side. The scenario is renamed as a whole (its containers'
 * names, networks, variables and scripts that mention them, its fix, target, story and hints), and
 * its check sees the renamed objects through an engine that maps the names it was written with.
 */
import { DockmedicError } from '../engine/errors.js';
import type { Engine } from '../engine/index.js';
import { type LabContext, networkName, type Scenario } from './scenario.js';

const PREFIX = /^[a-z0-9][a-z0-9_-]{0,23}$/;

/** The prefix as given, checked: it becomes part of container and network names. */
export function validPrefix(prefix: string): string {
	if (!PREFIX.test(prefix))
		throw new DockmedicError(`"${prefix}" cannot prefix lab objects.`, {
			tryMessage:
				'Use 1 to 24 lower-case letters, digits, - or _, starting with a letter or digit (e.g. alice).',
		});
	return prefix;
}

/** A context to read a scenario's declarations with (names do not depend on it). */
const DECLARATIONS: LabContext = {
	engine: null as never,
	image: 'image',
	nodeImage: 'image',
	labels: {},
	dir: (name) => `/labs/${name}`,
};

/** The container and network names a scenario creates. */
export function objectNames(scenario: Scenario): string[] {
	const containers = scenario.containers(DECLARATIONS);
	const networks = [
		...(scenario.networks ?? []).map(networkName),
		...containers
			.map((c) => c.network ?? '')
			.filter((n) => n && !['host', 'none', 'bridge', 'default'].includes(n)),
	];
	return [...new Set([...containers.map((c) => c.name), ...networks])];
}

/**
 * What one engine can give a lab only once (a host port, the host's network, a fixed subnet, a
 * Compose project named after the lab), or null: such a lab runs for one prefix at a time.
 */
export function exclusiveResource(scenario: Scenario): string | null {
	if (scenario.compose) return `the Compose project ${scenario.id}`;
	for (const c of scenario.containers(DECLARATIONS)) {
		const port = c.ports?.[0];
		if (port) return `host port ${port.hostPort}`;
		if (c.network === 'host') return "the host's network (a listener on this machine)";
		if (c.ip) return `the address ${c.ip}`;
	}
	const fixed = (scenario.networks ?? []).find((n) => typeof n !== 'string');
	if (fixed && typeof fixed !== 'string') return `the subnet ${fixed.subnet}`;
	// The fix may be what publishes the port.
	const published = scenario
		.fix(DECLARATIONS)
		.join('\n')
		.match(/(?:^|\s)(?:-p|--publish)[\s=](?:[\d.]+:)?(\d+):\d+/);
	return published ? `host port ${published[1]} (once fixed)` : null;
}

/** Replaces each whole name (not part of a longer one) in a text by `prefix-name`. */
export function renamer(names: readonly string[], prefix: string): (text: string) => string {
	if (names.length === 0) return (text) => text;
	const escaped = [...names]
		.sort((a, b) => b.length - a.length)
		.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	const pattern = new RegExp(`(?<![\\w.-])(?:${escaped.join('|')})(?![\\w-])`, 'g');
	return (text) => text.replace(pattern, (name) => `${prefix}-${name}`);
}

/** Every string in a value renamed, except labels, images and host paths (bind sources). */
function renameDeep<T>(value: T, rename: (text: string) => string, key = ''): T {
	if (['labels', 'image', 'source'].includes(key)) return value;
	if (typeof value === 'string') return rename(value) as T;
	if (Array.isArray(value)) return value.map((v) => renameDeep(v, rename)) as T;
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameDeep(v, rename, k)])) as T;
	return value;
}

/** The engine a check written with the lab's own names uses: each exact name becomes the prefixed one. */
function renamingEngine(engine: Engine, names: ReadonlySet<string>, prefix: string): Engine {
	const one = (arg: unknown) => (typeof arg === 'string' && names.has(arg) ? `${prefix}-${arg}` : arg);
	// A name as an argument, or as a word of a command run in a container (nc HOST PORT).
	const map = (arg: unknown) => (Array.isArray(arg) ? arg.map(one) : one(arg));
	const client = <T extends object>(target: T): T =>
		new Proxy(target, {
			get(t, property, receiver) {
				const member = Reflect.get(t, property, receiver);
				return typeof member === 'function' ? (...args: unknown[]) => member.apply(t, args.map(map)) : member;
			},
		});
	return new Proxy(engine, {
		get(t, property, receiver) {
			const member = Reflect.get(t, property, receiver);
			return member && typeof member === 'object' && property !== 'endpoint' ? client(member) : member;
		},
	});
}

/**
 * The scenario as a student with this prefix runs it. A Compose lab stays as it is: its project and
 * its file are named by the lab (it is exclusive, see exclusiveResource).
 */
export function prefixScenario(scenario: Scenario, prefix: string | undefined): Scenario {
	if (!prefix || scenario.compose) return scenario;
	const names = objectNames(scenario);
	const rename = renamer(names, prefix);
	const known = new Set(names);
	return {
		...scenario,
		target: rename(scenario.target),
		story: rename(scenario.story),
		hints: scenario.hints.map(rename),
		...(scenario.networks
			? {
					networks: scenario.networks.map((n) =>
						typeof n === 'string' ? rename(n) : { ...n, name: rename(n.name) },
					),
				}
			: {}),
		containers: (ctx) => scenario.containers(ctx).map((c) => renameDeep(c, rename)),
		fix: (ctx) => scenario.fix(ctx).map(rename),
		check: async (ctx) => {
			const result = await scenario.check({ ...ctx, engine: renamingEngine(ctx.engine, known, prefix) });
			return { ...result, observed: rename(result.observed) };
		},
	};
}

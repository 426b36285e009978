/**
 * Resource advice for a Compose service, written into its Compose file. A Compose container must not be
 * changed with `docker update`: the next `up` recreates it from the file and undoes the change, so the
 * change goes into the file, and `up -d SERVICE` applies it.
 */
import {
	type Document,
	isAlias,
	isMap,
	isScalar,
	type Node,
	parseDocument,
	Scalar,
	type YAMLMap,
} from 'yaml';
import { cpusArg, memoryArg, type Tuning } from './tuning.js';

/** A key of the service to set: its path under the service, and its value as written. */
type Setting = { readonly path: readonly string[]; readonly value: string; readonly quoted: boolean };

const LIMITS = ['deploy', 'resources', 'limits'] as const;
const DEFAULT_CPU_PERIOD_US = 100_000;

/**
 * Writes the advice into a Compose file's service. Keys the service has are changed where they are
 * (a limit under deploy.resources.limits there, since Compose refuses a file that sets one limit in
 * both places with different values; a quota under cpu_quota, as the engine refuses --cpus beside a
 * quota); missing keys are added, under deploy.resources.limits when the service keeps its limits
 * there. The text is edited only at those keys, so comments and layout elsewhere stay as they were.
 * `changed` lists each key set, as "path: value"; a key already at its value is left out.
 * Throws when the file is not YAML, has no such service, the service is not a mapping, or its limits
 * come from a YAML anchor (shared with other services, so not this service's to change).
 */
export function applyTuningToCompose(
	text: string,
	service: string,
	tuning: Tuning,
): { text: string; changed: string[] } {
	const doc = parseDocument(text);
	const error = doc.errors[0];
	if (error) throw new Error(`The Compose file is not valid YAML: ${error.message}`);
	const services = doc.get('services', true);
	if (!isMap(services) || !services.has(service))
		throw new Error(`The Compose file has no service "${service}".`);
	const node = services.get(service, true);
	if (!isMap(node)) throw new Error(`Service "${service}" in the Compose file is not a mapping of keys.`);

	const settings = settingsOf(service, node, tuning).filter((s) => {
		const now = node.getIn(s.path, true);
		return !(isScalar(now) && String(now.value) === s.value);
	});
	if (settings.length === 0) return { text, changed: [] };
	const changed = settings.map((s) => `${s.path.join('.')}: ${render(s.value, s.quoted)}`);
	const spliced = splice(text, node, settings);
	if (spliced !== null && holds(spliced, service, settings)) return { text: spliced, changed };
	return { text: rewritten(doc, text, service, settings), changed };
}

function settingsOf(service: string, node: YAMLMap, tuning: Tuning): Setting[] {
	const update = tuning.update;
	if (!update) return [];
	const setsLimits = [update.nanoCpus, update.cpuQuota, update.memoryBytes, update.pidsLimit].some(
		(value) => value !== undefined,
	);
	// An alias's limits are shared with every service that uses the anchor: not this service's to change.
	if (
		setsLimits &&
		[['deploy'], ['deploy', 'resources'], LIMITS].some((path) => isAlias(node.getIn(path, true)))
	)
		throw new Error(
			`Service "${service}" takes its deploy section from a YAML anchor shared with other services: change its limits there by hand.`,
		);
	// A merge key (<<: *defaults) can bring limits from elsewhere: a key added here would set one twice.
	if (setsLimits && node.items.some((pair) => isScalar(pair.key) && pair.key.value === '<<'))
		throw new Error(
			`Service "${service}" merges settings from a YAML anchor (<<): its limits may come from there; change them by hand.`,
		);
	const hasLimits = isMap(node.getIn(LIMITS, true));
	/** Every place the service sets the key already; else the one it keeps its limits in. */
	const places = (top: string, underLimits: string): string[][] => {
		const found = [[top], [...LIMITS, underLimits]].filter((path) => node.hasIn(path));
		return found.length ? found : [hasLimits ? [...LIMITS, underLimits] : [top]];
	};
	const settings: Setting[] = [];
	const cpus = tuning.cpu.recommended;
	if (cpus !== null && (update.nanoCpus !== undefined || update.cpuQuota !== undefined)) {
		const quotaPaths = node.has('cpu_quota') ? [['cpu_quota']] : [];
		const cpusPaths = [['cpus'], [...LIMITS, 'cpus']].filter((path) => node.hasIn(path));
		for (const path of cpusPaths.length || quotaPaths.length ? cpusPaths : places('cpus', 'cpus'))
			settings.push({ path, value: cpusArg(cpus), quoted: true });
		for (const path of quotaPaths) {
			const period = Number(node.get('cpu_period'));
			const quota = Math.round(cpus * (period > 0 ? period : DEFAULT_CPU_PERIOD_US));
			settings.push({ path, value: String(quota), quoted: false });
		}
	}
	if (update.memoryBytes !== undefined)
		for (const path of places('mem_limit', 'memory'))
			settings.push({ path, value: memoryArg(update.memoryBytes), quoted: false });
	// Compose has no memory-swap under deploy: it stays a service key.
	if (update.memorySwapBytes !== undefined)
		settings.push({ path: ['memswap_limit'], value: memoryArg(update.memorySwapBytes), quoted: false });
	if (update.pidsLimit !== undefined)
		for (const path of places('pids_limit', 'pids'))
			settings.push({ path, value: String(update.pidsLimit), quoted: false });
	if (update.restartPolicy !== undefined)
		settings.push({ path: ['restart'], value: update.restartPolicy, quoted: false });
	return settings;
}

/**
 * The text with each setting spliced in at its key: a value replaced where it stands, a new key added
 * as a line after the map's last one (or inside a flow map's braces). Null when a key is written in
 * a way this does not edit (a block scalar, a mapping where a value belongs).
 */
function splice(text: string, service: YAMLMap, settings: readonly Setting[]): string | null {
	const edits: { start: number; end: number; text: string }[] = [];
	const added = new Map<YAMLMap, string[]>();
	for (const setting of settings) {
		const now = service.getIn(setting.path, true);
		if (now !== undefined) {
			if (!isScalar(now) || !now.range || !['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'].includes(now.type ?? ''))
				return null;
			const [start, end] = now.range;
			if (now.value === null && start === end) {
				// A key written without a value: the value goes after its colon, clear of a comment.
				const before = /\s/.test(text[start - 1] ?? '') ? '' : ' ';
				const after = text[start] === '#' ? ' ' : '';
				const value = render(setting.value, setting.quoted);
				edits.push({ start, end, text: `${before}${value}${after}` });
				continue;
			}
			const quote = now.type === 'QUOTE_DOUBLE' ? '"' : now.type === 'QUOTE_SINGLE' ? "'" : '';
			edits.push({ start, end, text: `${quote}${setting.value}${quote}` });
			continue;
		}
		const parent = setting.path.length > 1 ? service.getIn(setting.path.slice(0, -1), true) : service;
		if (!isMap(parent)) return null;
		const pairs = added.get(parent) ?? [];
		pairs.push(`${setting.path.at(-1)}: ${render(setting.value, setting.quoted)}`);
		added.set(parent, pairs);
	}
	for (const [map, pairs] of added) {
		const edit = map.flow ? flowInsertion(text, map, pairs) : blockInsertion(text, map, pairs);
		if (!edit) return null;
		edits.push(edit);
	}
	edits.sort((a, b) => b.start - a.start);
	let out = text;
	for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
	return out;
}

/**
 * New lines after a block map's last entry: after the line its last value ends on, and after the
 * comments indented under that value (they belong to it), in the file's own line ending.
 */
function blockInsertion(text: string, map: YAMLMap, pairs: readonly string[]) {
	const firstKey = map.items[0]?.key as Node | undefined;
	const last = map.items.at(-1);
	const lastNode = (last?.value ?? last?.key) as Node | null | undefined;
	if (!firstKey?.range || !lastNode?.range) return null;
	const keyStart = firstKey.range[0];
	const column = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const lines = pairs.map((pair) => `${' '.repeat(column)}${pair}${eol}`).join('');
	const atEnd = { start: text.length, end: text.length, text: `${eol}${lines}` };
	const end = lastNode.range[1];
	let at = text[end - 1] === '\n' ? end : text.indexOf('\n', end) + 1;
	if (at === 0) return atEnd;
	for (;;) {
		const comment = /^( *)#[^\n]*(\n?)/.exec(text.slice(at));
		if (!comment || (comment[1] as string).length <= column) break;
		if (!comment[2]) return atEnd;
		at += comment[0].length;
	}
	return { start: at, end: at, text: lines };
}

/** New entries before a flow map's closing brace: `{cpus: "1", memory: 96m}`. */
function flowInsertion(text: string, map: YAMLMap, pairs: readonly string[]) {
	const close = (map.range?.[1] ?? 0) - 1;
	if (text[close] !== '}') return null;
	let at = close;
	while (at > 0 && /\s/.test(text[at - 1] as string)) at--;
	const separator = map.items.length === 0 || text[at - 1] === ',' ? '' : ', ';
	return { start: at, end: at, text: `${separator}${pairs.join(', ')}` };
}

/** Whether the edited text still parses and reads each setting's new value. */
function holds(text: string, service: string, settings: readonly Setting[]): boolean {
	const doc = parseDocument(text);
	if (doc.errors.length) return false;
	return settings.every((s) => String(doc.getIn(['services', service, ...s.path])) === s.value);
}

/**
 * The settings made through the document and the whole file written out again: the fallback for keys
 * written in forms `splice` does not edit. Comments stay; some spacing may not.
 */
function rewritten(doc: Document, text: string, service: string, settings: readonly Setting[]): string {
	for (const s of settings) {
		const path = ['services', service, ...s.path];
		const value = /^-?\d+$/.test(s.value) ? Number(s.value) : s.value;
		const now = doc.getIn(path, true);
		// Changed in place, a scalar keeps the comment on its line.
		if (isScalar(now)) now.value = value;
		else {
			const scalar = new Scalar(value);
			if (s.quoted) scalar.type = Scalar.QUOTE_DOUBLE;
			doc.setIn(path, scalar);
		}
	}
	// The file's own indent step: that of the first indented line.
	const indent = /^( +)\S/m.exec(text)?.[1]?.length ?? 2;
	return doc.toString({ indent, lineWidth: 0, flowCollectionPadding: false });
}

function render(value: string, quoted: boolean): string {
	return quoted ? `"${value}"` : value;
}

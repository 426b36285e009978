import { extname } from 'node:path';
import { DockmedicError } from '../engine/errors.js';
import { CAUSES } from '../model/causes.js';
import { exitCodeMeaning } from '../model/exit-codes.js';
import { formatBytes, humanDuration } from '../model/format.js';
import { redactLogText } from '../model/redact.js';
import { sanitizeLine } from '../model/sanitize.js';
import type { Timeline } from '../model/timeline.js';
import { toJson as timelineJson } from '../model/timeline-report.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import type { Diagnosis, StepRecord } from './diagnosis.js';
import { toJson as diagnosisJson, recoveryLines } from './report.js';

/** Something done from the console during the session: what, on which container, and the docker command that does the same. */
export type SessionAction = {
	/** Milliseconds since the epoch. */
	readonly time: number;
	readonly container: string;
	/** 'restart', 'fix: network-connect', 'update limits', 'backup'... */
	readonly action: string;
	/** The docker command that does the same. */
	readonly command: string;
	readonly result: 'ok' | 'failed';
	readonly detail?: string;
};

/** One container of an incident: its state, limits and use, its diagnosis, its timeline and its last lines. */
export type ContainerIncident = {
	readonly name: string;
	readonly id: string;
	readonly image: string;
	readonly compose?: { readonly project: string; readonly service: string };
	readonly state: string;
	readonly health: string | null;
	readonly exitCode: number | null;
	readonly oomKilled: boolean;
	readonly restartCount: number;
	readonly startedAt: string | null;
	readonly finishedAt: string | null;
	readonly limits: {
		readonly cpus: number | null;
		readonly memoryBytes: number | null;
		readonly pidsLimit: number | null;
		readonly restartPolicy: string;
	};
	/** One reading, when it runs; cpuPercent as `docker stats` (100 % = one CPU). */
	readonly usage: { readonly cpuPercent: number; readonly memoryBytes: number; readonly pids: number } | null;
	readonly diagnosis: Diagnosis;
	readonly timeline: Timeline;
	/** Its last log lines (already read), newest last. */
	readonly logLines: readonly string[];
};

/** What `dockmedic report` (and R in the console) writes: one file an incident ticket can take. */
export type IncidentReport = {
	/** Milliseconds since the epoch. */
	readonly generatedAt: number;
	readonly host: string;
	/** The window, in seconds since the epoch (as a Timeline). */
	readonly since: number;
	readonly until: number;
	readonly containers: readonly ContainerIncident[];
	readonly actions: readonly SessionAction[];
};

export type ReportOptions = { readonly showSecrets?: boolean };

/**
 * The JSON document of `dockmedic report --out FILE.json`: versioned, times as RFC 3339, each container's
 * diagnosis and timeline as `diagnose --format json` and `timeline --format json` write them. Control
 * characters are removed and secrets masked in every string, unless showSecrets.
 */
export function reportJson(report: IncidentReport, options: ReportOptions = {}): object {
	const document = {
		schemaVersion: SCHEMA_VERSION,
		dockmedicVersion: VERSION,
		kind: 'incident-report',
		generatedAt: atMs(report.generatedAt),
		host: report.host,
		since: at(report.since),
		until: at(report.until),
		secretsMasked: !options.showSecrets,
		containers: report.containers.map((c) => ({
			name: c.name,
			id: c.id,
			image: c.image,
			compose: c.compose ? { project: c.compose.project, service: c.compose.service } : null,
			state: c.state,
			health: c.health,
			exitCode: c.exitCode,
			oomKilled: c.oomKilled,
			restartCount: c.restartCount,
			startedAt: c.startedAt,
			finishedAt: c.finishedAt,
			limits: { ...c.limits },
			usage: c.usage ? { ...c.usage } : null,
			diagnosis: diagnosisJson(c.diagnosis),
			timeline: timelineJson(c.timeline),
			logLines: [...c.logLines],
		})),
		actions: inOrder(report.actions).map((a) => ({
			time: atMs(a.time),
			container: a.container,
			action: a.action,
			command: a.command,
			result: a.result,
			...(a.detail !== undefined ? { detail: a.detail } : {}),
		})),
	};
	const clean = options.showSecrets
		? (text: string) => multiline(text)
		: (text: string) => redactLogText(multiline(text));
	return scrub(document, clean) as object;
}

/**
 * The Markdown of `dockmedic report --out FILE.md`, for GitHub and GitLab: a title, a summary, then per
 * container its facts, root cause, timeline and last log lines, then what was done from the console.
 * Every text that comes from a container or the engine is stripped of control characters, escaped
 * (code spans and fences long enough for its backticks, `\|` in table cells, no HTML) and has its
 * secrets masked unless showSecrets.
 */
export function reportMarkdown(report: IncidentReport, options: ReportOptions = {}): string {
	const md = new Markdown(options.showSecrets === true);
	const names = report.containers.map((c) => c.name);
	const shown = names.length > 4 ? [...names.slice(0, 3), `and ${names.length - 3} more`] : names;
	const out: string[] = [
		`# Incident: ${md.text(shown.join(', ') || 'no containers')} on ${md.text(report.host)}`,
		'',
		summary(report, md),
		'',
	];
	const causes = report.containers.map((c) => `- ${causeLine(c, md)}`);
	if (causes.length) out.push(...causes, '');
	out.push(
		`Generated ${atMs(report.generatedAt)} by dockmedic ${md.text(VERSION)} (report schema ${SCHEMA_VERSION}). ${
			options.showSecrets
				? '**Secrets are shown** (--show-secrets): check before sharing.'
				: 'Secrets in log lines, evidence and commands are masked.'
		}`,
		'',
	);
	for (const c of report.containers) out.push(...containerSection(c, md));
	out.push(...actionsSection(report.actions, md));
	return `${out
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trimEnd()}\n`;
}

const FORMATS: Readonly<Record<string, 'markdown' | 'json'>> = {
	'.md': 'markdown',
	'.markdown': 'markdown',
	'.json': 'json',
};

/** The format of `--out FILE` by its extension: .md/.markdown are Markdown, .json is JSON. */
export function reportFormatFor(path: string): 'markdown' | 'json' {
	const format = FORMATS[extname(path).toLowerCase()];
	if (format) return format;
	throw new DockmedicError(
		`Cannot tell the report format of "${path}": known extensions are .md and .markdown (Markdown) and .json (JSON).`,
		{ tryMessage: 'Name the file report.md or report.json.' },
	);
}

// --- JSON ---------------------------------------------------------------------------------------------

/** Every string of a JSON value passed through `clean`; keys, numbers and the rest as they are. */
function scrub(value: unknown, clean: (text: string) => string): unknown {
	if (typeof value === 'string') return clean(value);
	if (Array.isArray(value)) return value.map((v) => scrub(v, clean));
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, clean)]));
	return value;
}

/** Control characters removed line by line, the line breaks kept (explanations span lines). */
function multiline(text: string): string {
	return text.split('\n').map(sanitizeLine).join('\n');
}

// --- Markdown -----------------------------------------------------------------------------------------

const MARK: Record<StepRecord['status'], string> = {
	pass: 'ok',
	fail: 'FAIL',
	warn: 'warn',
	skipped: 'skip',
	error: 'ERROR',
};

/** Letters and digits: an underscore between two of them is no emphasis (DATABASE_URL stays as it is). */
const WORD = /[\p{L}\p{N}]/u;

/** Turns text from a container or the engine into Markdown that shows it as it is, on one line. */
class Markdown {
	constructor(readonly showSecrets: boolean) {}

	/** One line: control characters (escape sequences, line breaks) out, secrets masked. */
	line(text: string): string {
		const line = sanitizeLine(text);
		return this.showSecrets ? line : redactLogText(line);
	}

	/** Inline text, its Markdown and HTML inert: every character shows as itself. */
	text(text: string): string {
		return this.line(text)
			.trim()
			.replace(/[\\`*[\]<|~$]/g, '\\$&')
			.replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&')
			.replace(/_/g, (u, i: number, s: string) =>
				WORD.test(s[i - 1] ?? '') && WORD.test(s[i + 1] ?? '') ? u : '\\_',
			);
	}

	/** A code span long enough for the backticks inside; in a table cell its pipes escaped. */
	code(text: string, inTable = false): string {
		const line = this.line(text);
		if (line === '') return '""';
		const fence = '`'.repeat(longestRun(line, '`') + 1);
		const pad = /^[` ]|[` ]$/.test(line) ? ' ' : '';
		const body = inTable ? line.replace(/\|/g, '\\|') : line;
		return `${fence}${pad}${body}${pad}${fence}`;
	}

	/** A fenced block no line inside can close: its fence is longer than any backtick run in the lines. */
	block(lines: readonly string[], info: string): string[] {
		const clean = lines.map((l) => this.line(l));
		const fence = '`'.repeat(Math.max(3, ...clean.map((l) => longestRun(l, '`') + 1)));
		return [`${fence}${info}`, ...clean, fence];
	}
}

function longestRun(text: string, char: string): number {
	let longest = 0;
	let run = 0;
	for (const c of text) {
		run = c === char ? run + 1 : 0;
		if (run > longest) longest = run;
	}
	return longest;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
	return [
		`| ${header.join(' | ')} |`,
		`|${header.map(() => '---').join('|')}|`,
		...rows.map((row) => `| ${row.map((cell) => cell || ' ').join(' | ')} |`),
	];
}

function summary(report: IncidentReport, md: Markdown): string {
	const n = report.containers.length;
	const found = report.containers.filter((c) => c.diagnosis.cause);
	const ids = [...new Set(found.map((c) => c.diagnosis.cause?.id ?? ''))];
	const deaths = report.containers.reduce((sum, c) => sum + c.timeline.deaths, 0);
	const window = `From ${at(report.since)} to ${at(report.until)} (${humanDuration((report.until - report.since) * 1000).toLowerCase()})`;
	const who = `${n} container${n === 1 ? '' : 's'} on ${md.code(report.host)}`;
	const causes = found.length
		? `Root cause${ids.length === 1 ? '' : 's'} found${n > 1 ? ` for ${found.length} of them` : ''}: ${ids.map((id) => md.code(id)).join(', ')}`
		: 'No root cause found';
	const died = deaths ? `${deaths} death${deaths === 1 ? '' : 's'} in the window` : 'No death in the window';
	return `${window}, ${who}. ${causes}. ${died}.`;
}

function causeLine(c: ContainerIncident, md: Markdown): string {
	const d = c.diagnosis;
	const deaths = c.timeline.deaths
		? `; died ${times(c.timeline.deaths)}, restarted ${times(c.timeline.restarts)}`
		: '';
	if (d.cause)
		return `**${md.text(c.name)}**: ${md.code(d.cause.id)} (${CAUSES[d.cause.id]}): ${md.text(d.cause.summary)}${deaths}`;
	if (d.status === 'inconclusive')
		return `**${md.text(c.name)}**: inconclusive${d.note ? `: ${md.text(d.note)}` : ''}${deaths}`;
	return `**${md.text(c.name)}**: no problem found${deaths}`;
}

function times(n: number): string {
	return n === 1 ? 'once' : `${n} times`;
}

function containerSection(c: ContainerIncident, md: Markdown): string[] {
	return [
		`## ${md.text(c.name)}`,
		'',
		...facts(c, md),
		'',
		...limits(c, md),
		'',
		...rootCause(c.diagnosis, md),
		'',
		...timelineSection(c.timeline, md),
		'',
		...logSection(c.logLines, md),
		'',
	];
}

function facts(c: ContainerIncident, md: Markdown): string[] {
	const cell = (text: string) => md.text(text);
	const rows: string[][] = [
		['State', cell(c.state)],
		['Health', c.health ? cell(c.health) : 'no healthcheck'],
		['Exit code', c.exitCode === null ? '—' : `${c.exitCode} (${cell(exitCodeMeaning(c.exitCode))})`],
		['OOM killed', c.oomKilled ? '**yes**' : 'no'],
		['Restarts', String(c.restartCount)],
		['Started', c.startedAt ? cell(c.startedAt) : '—'],
		['Finished', c.finishedAt ? cell(c.finishedAt) : '—'],
		['Image', md.code(c.image, true)],
		['ID', md.code(c.id.slice(0, 12), true)],
	];
	if (c.compose)
		rows.push([
			'Compose',
			`project ${md.code(c.compose.project, true)}, service ${md.code(c.compose.service, true)}`,
		]);
	rows.push(['Restart policy', cell(c.limits.restartPolicy || 'no')]);
	return table(['fact', 'value'], rows);
}

function limits(c: ContainerIncident, md: Markdown): string[] {
	const { cpus, memoryBytes, pidsLimit } = c.limits;
	const use = c.usage;
	const notRunning = 'no reading (not running)';
	const share = (used: number, limit: number | null) =>
		limit ? ` (${percent((used / limit) * 100)} of the limit)` : '';
	const rows = [
		[
			'CPU',
			cpus ? `${cpus} CPU${cpus === 1 ? '' : 's'}` : 'none',
			use
				? `${percent(use.cpuPercent)} of one CPU${share(use.cpuPercent, cpus ? cpus * 100 : null)}`
				: notRunning,
		],
		[
			'Memory',
			memoryBytes ? formatBytes(memoryBytes) : 'none',
			use ? `${formatBytes(use.memoryBytes)}${share(use.memoryBytes, memoryBytes)}` : notRunning,
		],
		[
			'PIDs',
			pidsLimit && pidsLimit > 0 ? String(pidsLimit) : 'none',
			use ? `${use.pids}${share(use.pids, pidsLimit && pidsLimit > 0 ? pidsLimit : null)}` : notRunning,
		],
	];
	return table(
		['resource', 'limit', 'in use'],
		rows.map((row) => row.map((cell) => md.text(cell))),
	);
}

function percent(value: number): string {
	return `${value.toFixed(1)} %`;
}

function rootCause(d: Diagnosis, md: Markdown): string[] {
	const out = ['### Root cause', ''];
	const cause = d.cause;
	if (cause) {
		out.push(`**${md.text(cause.summary)}**`, '', `Cause: ${md.code(cause.id)} (${CAUSES[cause.id]}).`, '');
		const why = cause.explanation.trim();
		if (why) out.push(`**Why:** ${md.text(why)}`, '');
	} else if (d.status === 'inconclusive') {
		out.push(`Inconclusive: ${md.text(d.note ?? 'some checks could not run')}.`, '');
	} else {
		out.push('No problem found: the checks that ran all passed.', '');
	}
	out.push(
		`Playbooks: ${d.playbooksRun.map((p) => md.code(p)).join(', ') || 'none'} (${(d.durationMs / 1000).toFixed(1)} s).`,
		'',
	);
	out.push(...evidence(d, md));
	if (cause?.fix.length) out.push('**Fix:**', '', ...md.block(cause.fix, 'sh'), '');
	if (cause?.remedy) {
		const note = cause.remedy.note ? ` ${md.text(cause.remedy.note)}` : '';
		out.push(
			`dockmedic can apply the fix ${md.code(cause.remedy.action)} from the console; by hand: ${md.code(cause.remedy.command)}.${note}`,
			'',
		);
	}
	if (cause?.compose) {
		const c = cause.compose;
		const key = c.key
			? `change ${md.code(c.key)} of service ${md.code(c.service)}`
			: `fix service ${md.code(c.service)}`;
		const files = c.files.length ? ` in ${c.files.map((f) => md.code(f)).join(', ')}` : '';
		out.push(
			`With Compose (project ${md.code(c.project)}): ${key}${files}, then run ${md.code(c.apply)}.`,
			'',
		);
	}
	const [recovery, ...details] = cause ? recoveryLines(cause) : [];
	if (recovery) out.push(`**${md.text(recovery)}**`, '', ...details.map((l) => `- ${md.text(l)}`), '');
	return out;
}

function evidence(d: Diagnosis, md: Markdown): string[] {
	const steps = d.steps.filter((s) => s.status !== 'skipped');
	const errors = d.evidence?.errors ?? [];
	if (steps.length === 0 && errors.length === 0) return [];
	const out = ['**Evidence:**', ''];
	for (const step of steps) {
		out.push(`- **${MARK[step.status]}** ${md.text(step.title)}`);
		for (const e of step.evidence) out.push(`  - ${md.code(e)}`);
		out.push(`  - by hand: ${md.code(step.command)}`);
	}
	if (errors.length) {
		const count = d.evidence?.errorCount ?? errors.length;
		out.push(
			`- **errors in its logs**: ${count} line${count === 1 ? '' : 's'} matched${count > errors.length ? `, the newest ${errors.length === 1 ? 'one' : errors.length}:` : ':'}`,
		);
		for (const e of errors) out.push(`  - ${md.code(e.line)} (${md.code(e.signature)})`);
	}
	out.push('');
	return out;
}

function timelineSection(t: Timeline, md: Markdown): string[] {
	const rate =
		t.deaths === 0
			? 'no death in this window'
			: `${t.deaths} death${t.deaths === 1 ? '' : 's'}, ${t.restarts} restart${t.restarts === 1 ? '' : 's'}${
					t.secondsBetweenDeaths !== null ? `, one every ${t.secondsBetweenDeaths} s on average` : ''
				}${t.deathsPerHour !== null ? ` (${t.deathsPerHour}/h)` : ''}`;
	const out = ['### Timeline', '', `${at(t.since)} to ${at(t.until)}: ${rate}.`, ''];
	if (t.entries.length === 0) {
		out.push('No events in this window (the engine keeps only its last 256).');
		return out;
	}
	const rows = t.entries.map((e) => {
		const what = e.bad ? `**${md.text(e.summary)}**` : md.text(e.summary);
		const last = (e.lastLines ?? []).map((l) => md.code(l, true));
		return [at(e.time), [what, ...(last.length ? ['last lines:', ...last] : [])].join('<br>')];
	});
	out.push(...table(['time', 'event'], rows));
	return out;
}

function logSection(lines: readonly string[], md: Markdown): string[] {
	const out = ['### Log lines', ''];
	if (lines.length === 0) return [...out, 'No log lines were read.'];
	out.push(`Its last ${lines.length === 1 ? 'line' : `${lines.length} lines`}, newest last:`, '');
	out.push(...md.block(lines, 'text'));
	return out;
}

function actionsSection(actions: readonly SessionAction[], md: Markdown): string[] {
	const out = ['## Actions taken from the console', ''];
	if (actions.length === 0) return [...out, 'None recorded.'];
	const rows = inOrder(actions).map((a) => {
		const result = a.result === 'ok' ? 'ok' : '**failed**';
		return [
			atMs(a.time),
			md.text(a.container),
			md.text(a.action),
			md.code(a.command, true),
			a.detail ? `${result}<br>${md.text(a.detail)}` : result,
		];
	});
	out.push(...table(['time', 'container', 'action', 'command', 'result'], rows));
	return out;
}

// --- Times --------------------------------------------------------------------------------------------

/** Seconds since the epoch as RFC 3339 (as timeline JSON writes them). */
function at(seconds: number): string {
	return atMs(seconds * 1000);
}

function atMs(ms: number): string {
	return new Date(Math.round(ms)).toISOString();
}

function inOrder(actions: readonly SessionAction[]): SessionAction[] {
	return [...actions].sort((a, b) => a.time - b.time);
}

import { describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../../src/model/container.js';
import { timelineOf } from '../../src/model/timeline.js';
import type { Diagnosis } from '../../src/playbooks/diagnosis.js';
import {
	type ContainerIncident,
	type IncidentReport,
	reportFormatFor,
	reportJson,
	reportMarkdown,
} from '../../src/playbooks/incident-report.js';
import { SCHEMA_VERSION } from '../../src/version.js';

const NOW = 1_800_000_000;
const SECRET_LINE = 'loaded config: DATABASE_URL=postgres://app:hunter2@db/app password=hunter2';

const event = (action: string, time: number, attributes: Record<string, string> = {}): ContainerEvent => ({
	id: 'f3a9c1d2e4b5a6978877665544332211',
	name: 'orders-api',
	action,
	time: Math.floor(time),
	timeNano: time * 1e9,
	attributes,
});

/** A crash loop: three runs, each printing its configuration and dying with 1 when a setting is missing. */
const events = [
	event('create', NOW - 600),
	event('start', NOW - 599),
	event('die', NOW - 598, { exitCode: '1' }),
	event('start', NOW - 560),
	event('die', NOW - 559, { exitCode: '1' }),
	event('rename', NOW - 530, { oldName: 'orders|old', name: '<b>orders-api</b>' }),
	event('start', NOW - 500),
	event('die', NOW - 499, { exitCode: '1' }),
];
const timedLines = [NOW - 599, NOW - 560, NOW - 500].flatMap((t) => [
	{ text: SECRET_LINE, time: t + 0.2 },
	{ text: 'FATAL: required setting ORDERS_QUEUE_URL is not set', time: t + 0.5 },
]);
const timeline = timelineOf('orders-api', events, { since: NOW - 3600, until: NOW }, timedLines);

const diagnosis: Diagnosis = {
	container: 'orders-api',
	playbook: 'crash',
	playbooksRun: ['crash'],
	status: 'finding',
	cause: {
		id: 'missing-config',
		summary:
			'orders-api exits at start because required configuration is missing: ORDERS_QUEUE_URL (restarts: 3)',
		explanation: `The application checks its configuration and gives up: ${SECRET_LINE}. Environment\nvariables and files come from the run command; the container must be recreated with them.\n`,
		fix: ['docker rm -f orders-api', 'docker run ... -e ORDERS_QUEUE_URL=VALUE ...   # the same run command'],
	},
	steps: [
		{
			playbook: 'crash',
			id: 'state',
			title: 'Is it running?',
			why: 'A stopped container explains a refused connection.',
			status: 'fail',
			evidence: ['exited with 1, restarted 3 times'],
			command: "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' orders-api",
			durationMs: 4,
		},
		{
			playbook: 'crash',
			id: 'env',
			title: 'Is the variable the application asks for set?',
			why: 'Environment variables are fixed when the container is created.',
			status: 'fail',
			evidence: ['ORDERS_QUEUE_URL is not set', 'DATABASE_URL=postgres://app:hunter2@db/app'],
			command: "docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' orders-api",
			durationMs: 3,
		},
		{
			playbook: 'crash',
			id: 'oom',
			title: 'Was it killed for memory?',
			why: 'An OOM kill looks like a crash.',
			status: 'skipped',
			evidence: [],
			command: "docker inspect -f '{{.State.OOMKilled}}' orders-api",
			durationMs: 0,
		},
	],
	inputs: {},
	evidence: {
		errors: [
			{
				signature: 'missing-env',
				class: 'missing-config',
				runtime: 'generic',
				line: `FATAL: required setting ORDERS_QUEUE_URL is not set (password=hunter2)`,
				variable: 'ORDERS_QUEUE_URL',
			},
		],
		errorCount: 3,
		targets: [],
	},
	durationMs: 1200,
};

/** Its last lines: a secret, a fence of its own, a table pipe and a screen clear. */
const logLines = [
	SECRET_LINE,
	'```',
	'`````',
	'rows | cols | total',
	'\u001B[2Jscreen cleared \u001B[31mred\u001B[0m',
	'FATAL: required setting ORDERS_QUEUE_URL is not set',
];

const crashing: ContainerIncident = {
	name: 'orders-api',
	id: 'f3a9c1d2e4b5a6978877665544332211',
	image: 'registry.example.com/shop/orders-api:1.4.2',
	compose: { project: 'shop', service: 'orders-api' },
	state: 'restarting',
	health: null,
	exitCode: 1,
	oomKilled: false,
	restartCount: 3,
	startedAt: '2027-01-15T07:51:40.000Z',
	finishedAt: '2027-01-15T07:51:41.000Z',
	limits: { cpus: 2, memoryBytes: 512 * 1024 * 1024, pidsLimit: 100, restartPolicy: 'always' },
	usage: null,
	diagnosis,
	timeline,
	logLines,
};

const report: IncidentReport = {
	generatedAt: NOW * 1000,
	host: 'prod-eu',
	since: NOW - 3600,
	until: NOW,
	containers: [crashing],
	actions: [
		{
			time: (NOW - 200) * 1000,
			container: 'orders-api',
			action: 'backup',
			command: 'docker run --rm -e DB_PASSWORD=hunter2 -v shop_data:/data alpine tar c /data',
			result: 'ok',
		},
		{
			time: (NOW - 300) * 1000,
			container: 'orders-api',
			action: 'restart',
			command: 'docker restart orders-api',
			result: 'failed',
			detail: 'exited again | exit code 1',
		},
		{
			time: (NOW - 100) * 1000,
			container: 'orders-api',
			action: 'save logs',
			command: 'docker logs --tail 100 orders-api 2>&1 | gzip > orders-api.log.gz',
			result: 'ok',
		},
	],
};

/** The cells of a table row, split on the pipes Markdown splits on (not escaped ones). */
const cells = (row: string) =>
	row
		.trim()
		.slice(1, -1)
		.split(/(?<!\\)\|/);

/** The lines of the fenced block that opens with `info`, up to the fence that really closes it. */
function fencedBlock(markdown: string, info: string): string[] {
	const lines = markdown.split('\n');
	const start = lines.findIndex((l) => new RegExp(`^\`{3,}${info}$`).test(l));
	expect(start).toBeGreaterThanOrEqual(0);
	const fence = /^(`+)/.exec(lines[start] ?? '')?.[1] ?? '';
	const end = lines.findIndex(
		(l, i) => i > start && /^ {0,3}(`+)\s*$/.test(l) && l.trim().length >= fence.length,
	);
	expect(end).toBeGreaterThan(start);
	return lines.slice(start + 1, end);
}

describe('the incident report in Markdown', () => {
	const md = reportMarkdown(report);

	it('titles the incident and sums it up: window, containers, causes', () => {
		expect(md.startsWith('# Incident: orders-api on prod-eu\n')).toBe(true);
		expect(md).toContain(
			'From 2027-01-15T07:00:00.000Z to 2027-01-15T08:00:00.000Z (about an hour), 1 container on `prod-eu`. Root cause found: `missing-config`. 3 deaths in the window.',
		);
		expect(md).toContain(
			'- **orders-api**: `missing-config` (crash): orders-api exits at start because required configuration is missing: ORDERS_QUEUE_URL (restarts: 3); died 3 times, restarted 2 times',
		);
	});

	it('reports several containers, with limits against one reading of their use', () => {
		const db: ContainerIncident = {
			...crashing,
			name: 'orders-db',
			id: 'aa11bb22cc33dd44',
			compose: undefined,
			state: 'running',
			health: 'healthy',
			exitCode: null,
			restartCount: 0,
			finishedAt: null,
			limits: {
				cpus: null,
				memoryBytes: 1024 * 1024 * 1024,
				pidsLimit: null,
				restartPolicy: 'unless-stopped',
			},
			usage: { cpuPercent: 12.5, memoryBytes: 768 * 1024 * 1024, pids: 21 },
			diagnosis: {
				...diagnosis,
				container: 'orders-db',
				status: 'healthy',
				cause: null,
				evidence: undefined,
			},
			timeline: timelineOf('orders-db', [], { since: NOW - 3600, until: NOW }),
			logLines: [],
		};
		const worker: ContainerIncident = {
			...db,
			name: 'orders-worker',
			diagnosis: { ...db.diagnosis, status: 'inconclusive', note: 'the logs name no known error' },
		};
		const both = reportMarkdown({ ...report, containers: [crashing, db, worker], actions: [] });
		expect(both.startsWith('# Incident: orders-api, orders-db, orders-worker on prod-eu\n')).toBe(true);
		expect(both).toContain('3 containers on `prod-eu`. Root cause found for 1 of them: `missing-config`.');
		expect(both).toContain('- **orders-db**: no problem found\n');
		expect(both).toContain('- **orders-worker**: inconclusive: the logs name no known error\n');
		expect(both).toContain('## orders-db');
		expect(both).toContain('| CPU | none | 12.5 % of one CPU |');
		expect(both).toContain('| Memory | 1.0GiB | 768MiB (75.0 % of the limit) |');
		expect(both).toContain('| PIDs | none | 21 |');
		expect(both).toContain('| Health | healthy |');
		expect(both).toContain('No problem found: the checks that ran all passed.');
		expect(both).toContain('No log lines were read.');
		expect(both).toContain('No events in this window');
		const many = reportMarkdown({ ...report, containers: [crashing, db, worker, db, db] });
		expect(many).toMatch(/^# Incident: orders-api, orders-db, orders-worker, and 2 more on prod-eu$/m);
	});

	it('has the facts, limits and root cause: summary, id, why, evidence, fix commands', () => {
		expect(md).toContain('| Exit code | 1 (application error) |');
		expect(md).toContain('| Restarts | 3 |');
		expect(md).toContain('| Compose | project `shop`, service `orders-api` |');
		expect(md).toContain('| Memory | 512MiB | no reading (not running) |');
		expect(md).toContain('### Root cause');
		expect(md).toContain('Cause: `missing-config` (crash).');
		expect(md).toContain(
			'**orders-api exits at start because required configuration is missing: ORDERS_QUEUE_URL (restarts: 3)**',
		);
		expect(md).toContain('- **FAIL** Is the variable the application asks for set?');
		expect(md).toContain('  - `ORDERS_QUEUE_URL is not set`');
		expect(md).toContain(
			"  - by hand: `docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' orders-api`",
		);
		expect(md).not.toContain('Was it killed for memory?');
		expect(fencedBlock(md, 'sh')).toEqual(diagnosis.cause?.fix);
	});

	it('has the timeline with each death and the loop rate', () => {
		expect(md).toContain('### Timeline');
		expect(md).toContain('3 deaths, 2 restarts, one every 50 s on average (3/h)');
		const deaths = md.split('\n').filter((l) => l.includes('**died: exit code 1 (application error)**'));
		expect(deaths).toHaveLength(3);
		expect(deaths[0]).toMatch(/^\| 2027-01-15T07:50:02\.000Z \| \*\*died/);
		expect(deaths[0]).toContain(
			'<br>last lines:<br>`loaded config: DATABASE_URL=postgres://app:********@db/app',
		);
	});

	it('masks secrets everywhere: log lines, evidence, explanations, timeline lines, commands', () => {
		expect(md).not.toContain('hunter2');
		expect(md).toContain('DATABASE_URL=postgres://app:********@db/app password=********');
		expect(md).toContain('`DATABASE_URL=postgres://app:********@db/app`');
		expect(md).toContain('-e DB_PASSWORD=******** -v');
		expect(md).toContain('Secrets in log lines, evidence and commands are masked.');
	});

	it('shows the secrets only with showSecrets', () => {
		const shown = reportMarkdown(report, { showSecrets: true });
		expect(shown).toContain('postgres://app:hunter2@db/app password=hunter2');
		expect(shown).toContain('-e DB_PASSWORD=hunter2');
		expect(shown).toContain('**Secrets are shown**');
	});

	it('keeps the log lines in a fence no line can close, control characters removed', () => {
		const block = fencedBlock(md, 'text');
		expect(block).toEqual([
			'loaded config: DATABASE_URL=postgres://app:********@db/app password=********',
			'```',
			'`````',
			'rows | cols | total',
			'screen cleared red',
			'FATAL: required setting ORDERS_QUEUE_URL is not set',
		]);
		expect(md).toMatch(/^``````text$/m);
		expect(md).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
		expect(md).toContain('### Log lines');
	});

	it('escapes pipes and HTML in table cells, so a hostile summary keeps its row', () => {
		const rename = md.split('\n').find((l) => l.includes('renamed'));
		expect(rename).toBeDefined();
		expect(cells(rename ?? '')).toHaveLength(2);
		expect(rename).toContain('orders\\|old');
		expect(rename).toContain('\\<b>orders-api\\</b>');
		const failed = md.split('\n').find((l) => l.includes('exited again'));
		expect(cells(failed ?? '')).toHaveLength(5);
		// No HTML but the line breaks of table cells.
		expect(md.replace(/<br>/g, '')).not.toMatch(/(?<![\\`])<[a-z/]/i);
	});

	it('lists the actions taken from the console, oldest first, with their commands', () => {
		const section = md.slice(md.indexOf('## Actions taken from the console'));
		expect(section).toContain('| time | container | action | command | result |');
		const rows = section.split('\n').filter((l) => l.startsWith('| 2027'));
		expect(rows).toEqual([
			'| 2027-01-15T07:55:00.000Z | orders-api | restart | `docker restart orders-api` | **failed**<br>exited again \\| exit code 1 |',
			'| 2027-01-15T07:56:40.000Z | orders-api | backup | `docker run --rm -e DB_PASSWORD=******** -v shop_data:/data alpine tar c /data` | ok |',
			'| 2027-01-15T07:58:20.000Z | orders-api | save logs | `docker logs --tail 100 orders-api 2>&1 \\| gzip > orders-api.log.gz` | ok |',
		]);
		expect(rows.map((row) => cells(row).length)).toEqual([5, 5, 5]);
		expect(reportMarkdown({ ...report, actions: [] })).toContain(
			'## Actions taken from the console\n\nNone recorded.\n',
		);
	});
});

describe('the incident report in JSON', () => {
	it('is a versioned document that parses back, with the diagnosis and timeline documents', () => {
		const text = JSON.stringify(reportJson(report), null, 2);
		const doc = JSON.parse(text);
		expect(doc.schemaVersion).toBe(SCHEMA_VERSION);
		expect(typeof doc.dockmedicVersion).toBe('string');
		expect(doc.generatedAt).toBe('2027-01-15T08:00:00.000Z');
		expect([doc.host, doc.since, doc.until]).toEqual([
			'prod-eu',
			'2027-01-15T07:00:00.000Z',
			'2027-01-15T08:00:00.000Z',
		]);
		const [c] = doc.containers;
		expect(c.diagnosis.cause).toMatchObject({ id: 'missing-config', category: 'crash' });
		expect(c.diagnosis.steps).toHaveLength(3);
		expect(c.timeline.deaths).toBe(3);
		expect(c.timeline.entries[2]).toMatchObject({ time: '2027-01-15T07:50:02.000Z', action: 'die' });
		expect(c.compose).toEqual({ project: 'shop', service: 'orders-api' });
		expect(doc.actions.map((a: { action: string }) => a.action)).toEqual(['restart', 'backup', 'save logs']);
		expect(doc.actions[2].command).toBe('docker logs --tail 100 orders-api 2>&1 | gzip > orders-api.log.gz');
		expect(doc.actions[0].detail).toBe('exited again | exit code 1');
	});

	it('masks the secrets and drops control characters unless showSecrets', () => {
		const text = JSON.stringify(reportJson(report));
		expect(text).not.toContain('hunter2');
		expect(text).not.toContain('\\u001b');
		const [c] = JSON.parse(text).containers;
		expect(c.logLines[0]).toBe(
			'loaded config: DATABASE_URL=postgres://app:********@db/app password=********',
		);
		expect(c.logLines[4]).toBe('screen cleared red');
		expect(c.timeline.entries[2].lastLines[0]).toContain('postgres://app:********@db/app');
		expect(c.diagnosis.evidence.errors[0].line).toContain('password=********');
		// Explanations keep their line breaks.
		expect(c.diagnosis.cause.explanation).toContain('Environment\nvariables');
		expect(JSON.stringify(reportJson(report, { showSecrets: true }))).toContain(
			'postgres://app:hunter2@db/app',
		);
	});
});

describe('reportFormatFor', () => {
	it('tells the format by the extension of --out, and names the known ones otherwise', () => {
		expect(reportFormatFor('incident.md')).toBe('markdown');
		expect(reportFormatFor('notes/incident.markdown')).toBe('markdown');
		expect(reportFormatFor('INCIDENT.MD')).toBe('markdown');
		expect(reportFormatFor('/tmp/incident.json')).toBe('json');
		expect(() => reportFormatFor('incident.txt')).toThrow(/\.md.*\.markdown.*\.json/);
		expect(() => reportFormatFor('incident')).toThrow(Error);
	});
});

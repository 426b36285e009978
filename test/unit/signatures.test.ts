import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchLine, SIGNATURE_CLASSES, splitAddress } from '../../src/model/signatures.js';
import { loadSignatures, parseSignatures } from '../../src/playbooks/signature-loader.js';
import { ROOT } from '../helpers/cli.js';

const DIR = path.join(ROOT, 'playbooks', 'signatures');
const catalogue = loadSignatures([DIR]);

type Example = { line: string } & Record<string, string>;
const examples = readdirSync(DIR)
	.filter((f) => f.endsWith('.yaml'))
	.flatMap((file) =>
		(
			parse(readFileSync(path.join(DIR, file), 'utf8')) as {
				signatures: { id: string; examples: Example[] }[];
			}
		).signatures.flatMap((s) => s.examples.map((e) => ({ file, id: s.id, example: e }))),
	);

describe('the built-in signature catalogue', () => {
	it('loads without errors', () => {
		expect(catalogue.errors).toEqual([]);
		expect(catalogue.signatures.length).toBeGreaterThan(10);
	});

	it('names its source for every entry', () => {
		for (const s of catalogue.signatures) expect(s.source, s.id).toMatch(/\w{3}/);
	});

	it.each(examples.map((e) => [`${e.file} ${e.id}: ${e.example.line}`, e] as const))(
		'%s: the whole catalogue picks this signature and extracts what the example states',
		(_, { id, example }) => {
			const { line, ...want } = example;
			const hit = matchLine(catalogue.signatures, line);
			expect(hit?.signature).toBe(id);
			for (const [key, value] of Object.entries(want)) expect(hit?.[key as 'host'], key).toBe(value);
		},
	);

	it('extracts the same fields when CJK, accented or emoji text surrounds the message', () => {
		const wrappers: [string, string][] = [
			['2026-11-30 12:00:01 错误 ', ' (重试 3/5)'],
			['[ERROR] データベース接続に失敗しました ', ' 再試行します'],
			['échec: ', ' — réessai dans 5 s'],
			['🔥 ', ' 🔥'],
		];
		for (const { id, example } of examples) {
			const { line, ...want } = example;
			for (const [before, after] of wrappers) {
				// Messages anchored at the start of a line keep their start; text may follow them.
				const wrapped = `${line.startsWith('exec ') || /^\S+: /.test(line) ? '' : before}${line}${after}`;
				const hit = matchLine(catalogue.signatures, wrapped);
				expect(hit?.signature, wrapped).toBe(id);
				for (const [key, value] of Object.entries(want))
					expect(hit?.[key as 'host'], `${key} in ${wrapped}`).toBe(value);
			}
		}
	});

	it('covers every class routing knows, and the runtimes the issue lists', () => {
		const classes = new Set(catalogue.signatures.map((s) => s.class));
		expect(SIGNATURE_CLASSES.filter((c) => !classes.has(c))).toEqual([]);
	});

	it('stays silent on healthy noise: access logs, warnings, debug lines, successes', () => {
		const quiet = [
			'172.18.0.1 - - [30/Nov/2026:12:00:01 +0000] "GET /missing HTTP/1.1" 404 153 "-" "curl/8.5.0"',
			'10.0.0.5 - - [30/Nov/2026:12:00:02 +0000] "GET /health HTTP/1.1" 200 2 "-" "kube-probe/1.29"',
			'WARN  [main] slow query took 1200 ms',
			'level=debug msg="request done" error=<nil> status=200',
			'{"level":"info","msg":"connected to postgres://db:5432/app","errors":0}',
			'INFO: processed 200 jobs, 0 errors, 0 failed',
			'2026-11-30T12:00:00Z connection to redis established',
			'retrying in 5s (attempt 1/10)',
			'Started GET "/users" for 10.0.0.1 at 2026-11-30 12:00:00 +0000',
		];
		for (const line of quiet) expect(matchLine(catalogue.signatures, line)?.signature, line).toBeUndefined();
	});

	it('never throws on arbitrary text, and finds nothing in text without a letter', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
				matchLine(catalogue.signatures, text);
			}),
		);
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom(' ', '0', '9', '.', ':', '/', '-'), maxLength: 80 }),
				(t) => {
					expect(matchLine(catalogue.signatures, t)).toBeNull();
				},
			),
		);
	});
});

describe('a catalogue file with mistakes', () => {
	const good = `runtime: Test
signatures:
  - id: sample
    class: refused
    source: a test of the loader
    pattern: "connect to (?<address>\\\\S+) refused"
    examples:
      - line: "connect to db:5432 refused"
        host: db
        port: "5432"
`;
	it('loads a valid file', () => {
		const r = parseSignatures(good, 'ok.yaml');
		expect(r.errors).toEqual([]);
		expect(r.signatures[0]?.runtime).toBe('Test');
	});

	it('names file, line and field for an example the pattern does not match as stated', () => {
		const r = parseSignatures(good.replace('host: db', 'host: dbx'), 'bad.yaml');
		expect(r.signatures).toEqual([]);
		expect(r.errors[0]).toMatchObject({ file: 'bad.yaml', line: 9, field: 'signatures.0.examples.0.host' });
		expect(r.errors[0]?.message).toContain('"db"');
	});

	it('rejects unknown classes, unknown groups, broken and empty-matching patterns', () => {
		expect(
			parseSignatures(good.replace('class: refused', 'class: gremlins'), 'x.yaml').errors[0]?.field,
		).toBe('signatures.0.class');
		expect(parseSignatures(good.replace('(?<address>', '(?<secret>'), 'x.yaml').errors[0]?.message).toMatch(
			/unknown group secret/,
		);
		expect(
			parseSignatures(good.replace('connect to (', 'connect to (('), 'x.yaml').errors[0]?.message,
		).toMatch(/invalid pattern/);
		expect(
			parseSignatures(good.replace('"connect to (?<address>\\\\S+) refused"', '"x*y?"'), 'x.yaml').errors.map(
				(e) => e.message,
			),
		).toContain('matches an empty line');
	});

	it('reports YAML syntax errors with their line', () => {
		expect(parseSignatures('runtime: [', 'y.yaml').errors[0]?.message).toMatch(/^YAML:/);
	});

	it("puts a person's own folder first: its signatures win over built-in ones of the same line", () => {
		const own = mkdtempSync(path.join(os.tmpdir(), 'sig-'));
		writeFileSync(
			path.join(own, 'mine.yaml'),
			`runtime: Our worker
signatures:
  - id: my-refused
    class: refused
    source: our own worker's client library
    pattern: "can't connect to remote host \\\\((?<host>[^)]+)\\\\): Connection refused"
    examples:
      - line: "nc: can't connect to remote host (db): Connection refused"
        host: db
`,
		);
		const both = loadSignatures([DIR, own]);
		expect(both.errors).toEqual([]);
		expect(
			matchLine(both.signatures, "nc: can't connect to remote host (db): Connection refused")?.signature,
		).toBe('my-refused');
	});
});

describe('splitAddress', () => {
	it.each([
		['postgres://app:secret@orders-db:6432/orders', 'orders-db', '6432'],
		['jdbc:postgresql://pg.internal/app', 'pg.internal', '5432'],
		['mongodb+srv://cluster0.example.net/app', 'cluster0.example.net', '27017'],
		['mongodb://a.db:27018,b.db:27019/app', 'a.db', '27018'],
		['amqp://guest:guest@rabbit', 'rabbit', '5672'],
		['kafka-1:9092', 'kafka-1', '9092'],
		['[fd00::5]:8443', 'fd00::5', '8443'],
		['https://api.payments.internal/v2', 'api.payments.internal', '443'],
		['cache', 'cache', ''],
	])('%s -> %s %s', (value, host, port) => {
		expect(splitAddress(value)).toMatchObject({ host, port });
	});
});

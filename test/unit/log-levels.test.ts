import { describe, expect, it } from 'vitest';
import { timeArg } from '../../src/cli/commands/logs.js';
import { EntryGrouper } from '../../src/model/log-entries.js';
import {
	compactText,
	expandedText,
	levelOfText,
	lineFacts,
	matchesField,
	parseFieldFilter,
	parseLogfmt,
	parseStructured,
} from '../../src/model/log-levels.js';
import { LogBuffer } from '../../src/model/log-lines.js';
import { normalizeStamp } from '../../src/model/log-query.js';
import { displayLines } from '../../src/model/log-view.js';
import { redactLogText } from '../../src/model/redact.js';

describe('the level a log line states', () => {
	const cases: [string, string | null][] = [
		// log4j / logback / slf4j
		['2026-12-01 10:00:00.123 ERROR [main] c.e.OrderService - payment failed', 'error'],
		['10:00:00.123 [http-nio-8080-exec-1] WARN  o.h.e.j.s.SqlExceptionHelper - SQL Error: 0', 'warn'],
		['2026-12-01T10:00:00Z INFO  starting server on :8080', 'info'],
		['DEBUG o.s.web.servlet.DispatcherServlet - Completed 200 OK', 'debug'],
		['TRACE entering handler', 'trace'],
		// java.util.logging, Python, Go
		['SEVERE: Servlet.service() for servlet [dispatcher] threw exception', 'error'],
		['ERROR:root:could not connect to the broker', 'error'],
		['WARNING:urllib3.connectionpool:Retrying (Retry(total=2))', 'warn'],
		['E1201 10:00:00.000000       1 reflector.go:138] failed to list *v1.Pod', 'error'],
		['W1201 10:00:00.000000       1 warnings.go:70] deprecated', 'warn'],
		['I1201 10:00:00.000000       1 main.go:12] listening', 'info'],
		['10:00AM ERR failed to open db error="dial tcp 10.0.0.5:5432: connect: connection refused"', 'error'],
		['10:00AM WRN slow query duration=3s', 'warn'],
		['level=eror ts=2026-12-01T10:00:00Z caller=main.go:40 msg="scrape failed"', 'error'],
		// Serilog, nginx, Apache, syslog
		['[10:00:00 ERR] Unhandled exception in request', 'error'],
		['[10:00:00 VRB] entering', 'trace'],
		[
			'2026/12/01 10:00:00 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream',
			'error',
		],
		['2026/12/01 10:00:00 [notice] 1#1: start worker processes', 'info'],
		[
			'[Tue Dec 01 10:00:00.000000 2026] [proxy:error] [pid 8] AH00940: HTTP: disabled connection for (db)',
			'error',
		],
		['[Tue Dec 01 10:00:00.000000 2026] [mpm_event:notice] [pid 1] AH00489: Apache configured', 'info'],
		['<3>kernel: something broke', 'error'],
		['<12>app: disk at 91%', 'warn'],
		['<30>systemd: started', 'info'],
		// PostgreSQL, in English and translated
		['2026-12-01 10:00:00.000 UTC [61] FATAL:  password authentication failed for user "app"', 'fatal'],
		['2026-12-01 10:00:00.000 UTC [61] LOG:  database system is ready to accept connections', null],
		['2026-12-01 10:00:00.000 CET [61] FEHLER:  Relation »orders« existiert nicht', 'error'],
		['2026-12-01 10:00:00.000 MSK [61] ОШИБКА:  отношение "orders" не существует', 'error'],
		['2026-12-01 10:00:00.000 CST [61] 错误:  关系 "orders" 不存在', 'error'],
		// Lines that start with their verdict
		['Error: connect ECONNREFUSED 127.0.0.1:5432', 'error'],
		['npm ERR! code ELIFECYCLE', 'error'],
		['panic: runtime error: index out of range [5] with length 3', 'fatal'],
		['fatal: not a git repository', 'fatal'],
		['Exception in thread "main" java.lang.IllegalStateException: boom', 'error'],
		['Traceback (most recent call last):', 'error'],
		// Words that are not levels
		['GET /api/errors 200 12ms', null],
		['retrying: ERR_CONNECTION_REFUSED handled', null],
		['Processed 3 ERRORS_REPORTED rows', null],
		['no error found, all good', null],
		['informational banner', null],
	];
	it.each(cases)('%s → %s', (line, level) => {
		expect(lineFacts(line).level).toBe(level);
	});

	it('reads the level of JSON lines from the field each library names it in, words or numbers', () => {
		expect(lineFacts('{"level":"error","msg":"db down"}').level).toBe('error');
		expect(lineFacts('{"level":50,"time":1,"msg":"pino error"}').level).toBe('error');
		expect(lineFacts('{"level":30,"msg":"pino info"}').level).toBe('info');
		expect(lineFacts('{"severity":"WARNING","message":"gcp style"}').level).toBe('warn');
		expect(lineFacts('{"@t":"2026-12-01T10:00:00Z","@l":"Error","@mt":"Serilog compact"}').level).toBe(
			'error',
		);
		expect(lineFacts('{"log":{"level":"debug"},"message":"ecs"}').level).toBe('debug');
		expect(lineFacts('{"t":{"$date":"2026"},"s":"E","c":"NETWORK","msg":"mongo"}').level).toBe('error');
		expect(lineFacts('{"levelname":"CRITICAL","event":"structlog"}').level).toBe('fatal');
		// A JSON line without a level field is no error for saying "error" in its text.
		expect(lineFacts('{"path":"/errors","status":200}').level).toBe(null);
	});

	it('reads logfmt lines and refuses text that only contains an equals sign', () => {
		expect(parseLogfmt('time=2026-12-01T10:00:00Z level=warn msg="disk almost full" used=91%')).toEqual({
			time: '2026-12-01T10:00:00Z',
			level: 'warn',
			msg: 'disk almost full',
			used: '91%',
		});
		expect(parseLogfmt('msg="quoted \\"inner\\" text" n=1')).toEqual({ msg: 'quoted "inner" text', n: '1' });
		expect(parseLogfmt('a=b but then prose')).toBeNull();
		expect(parseLogfmt('x=1')).toBeNull();
		expect(levelOfText('the value x=1 is odd')).toBeNull();
	});

	it('shows a structured line message first, then its other fields, and expands it whole', () => {
		const s = parseStructured(
			'{"time":"2026-12-01T10:00:00Z","level":"error","msg":"payment failed","user_id":42,"err":"timeout after 5s"}',
		);
		expect(s).not.toBeNull();
		if (!s) return;
		expect(compactText(s)).toBe('payment failed  user_id=42  err="timeout after 5s"');
		expect(expandedText(s)).toEqual([
			'{',
			'  "time": "2026-12-01T10:00:00Z",',
			'  "level": "error",',
			'  "msg": "payment failed",',
			'  "user_id": 42,',
			'  "err": "timeout after 5s"',
			'}',
		]);
		// Not every brace is JSON: a broken line stays text.
		expect(parseStructured('{"level":"error", broken')).toBeNull();
	});

	it('filters by a field: structured values, nested keys, the level by any spelling, plain text as key=value', () => {
		const f = (line: string, search: string) => {
			const filter = parseFieldFilter(search);
			if (!filter) throw new Error(`no filter in ${search}`);
			return matchesField(lineFacts(line), line, filter);
		};
		expect(f('{"level":"info","user_id":42}', 'user_id=42')).toBe(true);
		expect(f('{"level":"info","user_id":43}', 'user_id=42')).toBe(false);
		expect(f('{"http":{"status":500}}', 'http.status=500')).toBe(true);
		expect(f('level=error msg=x user=ana', 'user=ana')).toBe(true);
		expect(f('{"level":50,"msg":"pino"}', 'level=error')).toBe(true);
		expect(f('2026 WARN disk', 'level=warn')).toBe(true);
		expect(f('2026 WARN disk', 'level=error')).toBe(false);
		expect(f('plain text with user_id=42 inside', 'user_id=42')).toBe(true);
		expect(parseFieldFilter('connection refused')).toBeNull();
	});
});

describe('multi-line entries', () => {
	const group = (text: string) => {
		const grouper = new EntryGrouper();
		const entries: string[][] = [];
		for (const line of text.split('\n')) {
			if (grouper.continues(line, lineFacts(line).level)) entries.at(-1)?.push(line);
			else entries.push([line]);
		}
		return entries.map((e) => e.length);
	};

	it('keeps a Java stack trace with its cause chain under the line that logged it', () => {
		const java = [
			'2026-12-01 10:00:00 ERROR c.e.Orders - order 7 failed',
			'java.lang.IllegalStateException: payment gateway said no',
			'\tat com.example.Orders.pay(Orders.java:42)',
			'\tat com.example.Orders.main(Orders.java:7)',
			'Caused by: java.net.ConnectException: Connection refused',
			'\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
			'\t... 3 more',
			'2026-12-01 10:00:01 INFO c.e.Orders - next order',
		].join('\n');
		expect(group(java)).toEqual([7, 1]);
	});

	it('keeps a Python traceback whole, also one logged by logging.exception, and ends it at the exception line', () => {
		const python = [
			'ERROR:root:could not process job 12',
			'Traceback (most recent call last):',
			'  File "/app/worker.py", line 8, in <module>',
			'    run()',
			'  File "/app/worker.py", line 5, in run',
			'    1 / 0',
			'ZeroDivisionError: division by zero',
			'INFO:root:next job',
		].join('\n');
		expect(group(python)).toEqual([7, 1]);
		const bare = [
			'Traceback (most recent call last):',
			'  File "x.py", line 1, in <module>',
			"KeyError: 'db'",
			'started',
		];
		expect(group(bare.join('\n'))).toEqual([3, 1]);
	});

	it('keeps a Go panic with its goroutines, and PostgreSQL and java.util.logging records with their second lines', () => {
		const go = [
			'panic: runtime error: invalid memory address or nil pointer dereference',
			'[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f0c2]',
			'',
			'goroutine 1 [running]:',
			'main.connect(0x0)',
			'\t/app/main.go:14 +0x22',
			'main.main()',
			'\t/app/main.go:9 +0x1d',
		];
		expect(group(go.join('\n'))).toEqual([8]);
		const pg = [
			'2026-12-01 10:00:00.000 UTC [61] ERROR:  duplicate key value violates unique constraint "users_pkey"',
			'2026-12-01 10:00:00.000 UTC [61] DETAIL:  Key (id)=(1) already exists.',
			'2026-12-01 10:00:00.000 UTC [61] STATEMENT:  INSERT INTO users VALUES (1)',
			'2026-12-01 10:00:01.000 UTC [62] LOG:  checkpoint starting',
		];
		expect(group(pg.join('\n'))).toEqual([3, 1]);
		const jul = [
			'Dec 01, 2026 10:00:00 AM com.example.Main connect',
			'SEVERE: cannot reach the database',
			'Dec 01, 2026 10:00:01 AM com.example.Main run',
			'INFO: retrying',
		];
		expect(group(jul.join('\n'))).toEqual([2, 2]);
	});

	it('gives every line of an entry its level in the buffer, so a filter keeps it whole, and counts error entries per second', () => {
		let now = 1_000_000;
		const buffer = new LogBuffer(100, () => now);
		buffer.push(
			'stderr',
			'Dec 01, 2026 10:00:00 AM com.example.Main connect\nSEVERE: cannot reach the database\njava.net.ConnectException: refused\n\tat Main.connect(Main.java:3)\n',
		);
		now += 1000;
		buffer.push('stdout', '{"level":"info","msg":"ok"}\n{"level":"error","msg":"bad"}\n');
		const lines = buffer.all();
		expect(lines.map((l) => l.entry.level)).toEqual(['error', 'error', 'error', 'error', 'info', 'error']);
		expect(new Set(lines.slice(0, 4).map((l) => l.entry)).size).toBe(1);
		expect(buffer.ratesOver(3)).toEqual({ lines: [0, 4, 2], errors: [0, 1, 1] });
	});
});

describe('--since and --until', () => {
	it('take a duration back from now, a time, or epoch seconds, as a fixed-width stamp', () => {
		const now = Date.parse('2026-12-01T10:00:00Z') / 1000;
		expect(timeArg('10m', now, '--since').stamp).toBe('2026-12-01T09:50:00.000000000Z');
		expect(timeArg('2026-12-01T09:00:00.5Z', now, '--since').stamp).toBe('2026-12-01T09:00:00.500000000Z');
		expect(timeArg(String(now - 1), now, '--until').stamp).toBe('2026-12-01T09:59:59.000000000Z');
		expect(() => timeArg('yesterday-ish', now, '--since')).toThrow(/--since expects a duration/);
		expect(normalizeStamp('2026-12-01T10:00:00.12Z')).toBe('2026-12-01T10:00:00.120000000Z');
	});
});

describe('levels and entries in the harder cases', () => {
	it('reads no level from numbers in prose or indexes, and reads exceptions printed on their own', () => {
		expect(lineFacts('compression level: 3 applied').level).toBeNull();
		expect(lineFacts('walking the tree, level=1').level).toBeNull();
		expect(lineFacts('ERROR cannot read items[i] of undefined').level).toBe('error');
		expect(lineFacts('value of x[F] is 3').level).toBeNull();
		expect(lineFacts('[W] disk almost full').level).toBe('warn');
		expect(lineFacts('java.io.IOException: Broken pipe').level).toBe('error');
		expect(lineFacts("TypeError: Cannot read properties of undefined (reading 'id')").level).toBe('error');
	});

	it('keeps chained Python exceptions in one entry, long Java traces whole, and lets an indented error stand alone', () => {
		const entries = (lines: string[]) => {
			const grouper = new EntryGrouper();
			const out: number[] = [];
			for (const line of lines) {
				if (grouper.continues(line, lineFacts(line).level)) out[out.length - 1] = (out.at(-1) ?? 0) + 1;
				else out.push(1);
			}
			return out;
		};
		expect(
			entries([
				'Traceback (most recent call last):',
				'  File "a.py", line 2, in <module>',
				"KeyError: 'db'",
				'',
				'During handling of the above exception, another exception occurred:',
				'',
				'Traceback (most recent call last):',
				'  File "a.py", line 4, in <module>',
				'RuntimeError: no database',
				'next line',
			]),
		).toEqual([9, 1]);
		const frames = Array.from({ length: 400 }, (_, i) => `  at com.example.Frame${i}(Frame.java:${i})`);
		expect(entries(['ERROR boom', 'java.lang.IllegalStateException: x', ...frames])).toEqual([402]);
		expect(entries(['INFO starting', '  ERROR nested failure', '  detail'])).toEqual([1, 2]);
	});

	it('takes a value with pattern characters as a pattern, not a field', () => {
		expect(parseFieldFilter('status=5\\d\\d')).toBeNull();
		expect(parseFieldFilter('version=1.2.3')).toEqual({ key: 'version', value: '1.2.3' });
	});
});

describe('secrets in log lines', () => {
	const cases: [string, string][] = [
		[
			'connecting to postgres://app:s3cret@db:5432/orders',
			'connecting to postgres://app:********@db:5432/orders',
		],
		[
			'{"level":"info","password":"hunter2","user":"ana"}',
			'{"level":"info","password":"********","user":"ana"}',
		],
		[
			'login password=abc123 user=bob api_key: AKIA1234, region=eu',
			'login password=******** user=bob api_key: ********, region=eu',
		],
		['Authorization: Bearer eyJhbGciOi.x.y sent', 'Authorization: Bearer ******** sent'],
		// A quoted key's value stays valid JSON; keys that only contain a secret word are not secrets.
		[
			'{"token":123,"max_tokens":256,"prompt_tokens":12}',
			'{"token":"********","max_tokens":256,"prompt_tokens":12}',
		],
		['token_expires_in=3600 access_token=abc.def', 'token_expires_in=3600 access_token=********'],
		[
			'{"headers":{"authorization":"Bearer eyJ.x.y","x-api-key":"k-123"}}',
			'{"headers":{"authorization":"Bearer ********","x-api-key":"********"}}',
		],
		['Cookie: session_id=abc123', 'Cookie: ********'],
		// What the diagnosis needs stays: the failure, who failed, paths, a URL with @ in its path.
		[
			'FATAL:  password authentication failed for user "app"',
			'FATAL:  password authentication failed for user "app"',
		],
		['GET http://localhost:5173/@vite/client 200', 'GET http://localhost:5173/@vite/client 200'],
		['cwd: /app, pwd: /app', 'cwd: /app, pwd: /app'],
		// A pair inside the value of another: "level: key=value".
		['fatal: password=Tr0ub4dor3 rejected by db', 'fatal: password=******** rejected by db'],
		['error: db.token=abc; retrying at: 12:30:01', 'error: db.token=********; retrying at: 12:30:01'],
		['url: http://example.test:8080/x', 'url: http://example.test:8080/x'],
	];
	it.each(cases)('%s', (line, masked) => {
		expect(redactLogText(line)).toBe(masked);
	});

	it('stays fast on a 4 KB line of one long word (no quadratic backtracking)', () => {
		const hostile = [
			`${'a'.repeat(4096)}`,
			`${'a-'.repeat(2048)}`,
			`key${'.'.repeat(4093)}`,
			`x${'://'.repeat(1300)}`,
		];
		const started = performance.now();
		for (let i = 0; i < 50; i++) for (const line of hostile) redactLogText(line);
		expect(performance.now() - started).toBeLessThan(500);
	});
});

describe('lines read with the engine timestamps', () => {
	it('are read after their timestamps: levels, JSON and traces as without them', () => {
		const buffer = new LogBuffer(100);
		buffer.push(
			'stderr',
			[
				'2026-12-01T10:00:00.1Z 2026-12-01 10:00:00 ERROR c.e.Billing - failed',
				'2026-12-01T10:00:00.2Z java.lang.IllegalStateException: closed',
				'2026-12-01T10:00:00.3Z   at com.example.Billing.post(Billing.java:1)',
				'2026-12-01T10:00:01.4Z {"level":"warn","msg":"slow"}',
				'',
			].join('\n'),
		);
		const lines = buffer.all();
		expect(lines.map((l) => [l.entry.level, l.continues])).toEqual([
			['error', false],
			['error', true],
			['error', true],
			['warn', false],
		]);
		expect(displayLines(lines[3] as (typeof lines)[number], false)).toEqual([
			'2026-12-01T10:00:01.4Z WARN  slow',
		]);
	});
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	appendEvidence,
	collectEvidence,
	configuredTargets,
	failingNow,
	parseTimedLines,
	type TimedLine,
} from '../../src/model/evidence.js';
import { mayWrite, resolveUser } from '../../src/model/permissions.js';
import { planRuns } from '../../src/playbooks/route.js';
import { loadSignatures } from '../../src/playbooks/signature-loader.js';
import { ROOT } from '../helpers/cli.js';

const { signatures } = loadSignatures([path.join(ROOT, 'playbooks', 'signatures')]);
const NOW = 1_800_000_000;
const at = (secondsAgo: number, text: string): TimedLine => ({ text, time: NOW - secondsAgo });
const started = (secondsAgo: number) => new Date((NOW - secondsAgo) * 1000).toISOString();

describe('collectEvidence: one match per error entry', () => {
	it("quotes an error's first line, not the indented code line Node.js prints under it", () => {
		const entry = (t: number) => [
			at(t, 'call to payments-gateway:8443 failed: Error: unable to verify the first certificate'),
			at(t, '    at TLSSocket.onConnectSecure (node:_tls_wrap:1699:34)'),
			at(t, '    at TLSSocket.emit (node:events:524:28) {'),
			at(t, "  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'"),
			at(t, '}'),
		];
		const evidence = collectEvidence([...entry(6), ...entry(3)], signatures);
		expect(evidence.matches.map((m) => m.line)).toEqual([
			'call to payments-gateway:8443 failed: Error: unable to verify the first certificate',
			'call to payments-gateway:8443 failed: Error: unable to verify the first certificate',
		]);
		// A code line alone (its first line unrecognised) still counts.
		const lone = collectEvidence(
			[at(2, 'request failed'), at(2, "  code: 'DEPTH_ZERO_SELF_SIGNED_CERT'")],
			signatures,
		);
		expect(lone.matches).toHaveLength(1);
	});
});

describe('failingNow: running services that fail by their own account', () => {
	const refused = 'Error: connect ECONNREFUSED 172.18.0.4:5432';

	it('flags errors that keep coming after the start-up', () => {
		const lines = [at(40, 'starting'), at(30, refused), at(20, refused), at(10, refused), at(1, refused)];
		expect(failingNow(collectEvidence(lines, signatures), started(60), NOW)).toBe(true);
	});

	it('does not flag one transient error at start-up followed by success', () => {
		const lines = [at(118, refused), at(116, 'retrying in 2s'), at(114, 'connected'), at(10, 'query ok')];
		expect(failingNow(collectEvidence(lines, signatures), started(120), NOW)).toBe(false);
	});

	it('does not flag errors older than five minutes, nor noisy healthy lines', () => {
		const old = [at(900, refused), at(700, refused), at(400, refused), at(5, 'query ok')];
		expect(failingNow(collectEvidence(old, signatures), started(1000), NOW)).toBe(false);
		const noise = [
			at(30, '172.18.0.1 - - [30/Nov/2026:12:00:01 +0000] "GET /x HTTP/1.1" 404 153'),
			at(20, 'WARN slow query took 1200 ms'),
			at(10, 'INFO: processed 200 jobs, 0 errors, 0 failed'),
		];
		expect(failingNow(collectEvidence(noise, signatures), started(1000), NOW)).toBe(false);
	});

	it('counts a fault as over once the app has worked on without it for a while', () => {
		const fixed = [
			at(100, refused),
			at(90, refused),
			at(80, refused),
			at(50, 'query ok'),
			at(40, 'query ok'),
		];
		expect(failingNow(collectEvidence(fixed, signatures), started(200), NOW)).toBe(false);
		// Silent since the last error is not recovered: nothing says it works.
		const silent = [at(100, refused), at(90, refused), at(80, refused)];
		expect(failingNow(collectEvidence(silent, signatures), started(200), NOW)).toBe(true);
	});

	it('reads the engine timestamps, and keeps the state across incremental reads', () => {
		const lines = parseTimedLines(
			`2026-12-01T10:00:00.123456789Z ${refused}\n2026-12-01T10:00:03.5Z ${refused}\nno time here\n`,
		);
		expect(lines.map((l) => l.time)).toEqual([
			Date.parse('2026-12-01T10:00:00.123Z') / 1000,
			Date.parse('2026-12-01T10:00:03.500Z') / 1000,
			null,
		]);
		const first = collectEvidence([at(30, refused)], signatures);
		const later = collectEvidence([at(20, refused), at(10, 'ok'), at(5, 'ok')], signatures);
		const both = appendEvidence(first, later, NOW - 300);
		expect(both.matches).toHaveLength(2);
		expect(both.linesAfterLastMatch).toBe(2);
	});
});

describe('configuredTargets: every service the environment names', () => {
	it('reads URLs and DSNs of any scheme under any name, host:port values and *_HOST-like names', () => {
		const env = [
			'PAYMENTS_GATEWAY_URL=http://pay-gw:9000/charge',
			'LEDGER_DSN=jdbc:postgresql://ledger-db:6543/ledger',
			'EVENTS=amqp://user:****@rabbit/vhost',
			'CACHE_ADDR=sessions-cache:6379',
			'KAFKA_BROKERS=kafka-1:9092,kafka-2:9092',
			'SEARCH_HOST=es',
			'SEARCH_PORT=9201',
			'PGHOST=pg',
			'PGPORT=5433',
			'HOSTNAME=abc123',
			'BIND_ADDR=0.0.0.0',
			'LOG_LEVEL=debug',
			'CONFIG=/etc/app/config.yaml',
			'SOCKET=unix:///var/run/app.sock',
			'WORKERS=4',
		];
		expect(configuredTargets(env).map((t) => `${t.host}:${t.port} ${t.from}`)).toEqual([
			'pay-gw:9000 $PAYMENTS_GATEWAY_URL',
			'ledger-db:6543 $LEDGER_DSN',
			'rabbit:5672 $EVENTS',
			'sessions-cache:6379 $CACHE_ADDR',
			'kafka-1:9092 $KAFKA_BROKERS',
			'es:9201 $SEARCH_HOST',
			'pg:5433 $PGHOST',
		]);
	});
});

describe('planRuns: the evidence decides the order and the inputs', () => {
	const running = {
		state: 'running' as const,
		health: null,
		exitCode: 0,
		oomKilled: false,
		restartCount: 0,
		error: '',
		startedAt: started(100),
		labels: {},
	};
	const match = (line: string) => collectEvidence([at(1, line)], signatures).matches;

	it('sends a refused connection to the network checks first, with the configured name for the logged address', () => {
		const targets = configuredTargets(['INVENTORY_SERVICE=inventory:8081', 'AUDIT_URL=http://audit:80']);
		const plan = planRuns(running, match('dial tcp 172.20.0.2:8081: connect: connection refused'), targets);
		expect(plan[0]).toMatchObject({
			playbook: 'network',
			inputs: { target: 'inventory', port: '8081', symptom: 'refused' },
		});
		// Then the other configured service, without the symptom.
		expect(plan[1]).toMatchObject({
			playbook: 'network',
			inputs: { target: 'audit', port: '80', symptom: '' },
		});
	});

	it('sends a crash on EACCES to the storage checks after crash, with the path', () => {
		const exited = { ...running, state: 'exited' as const, exitCode: 1 };
		const plan = planRuns(
			exited,
			match("PermissionError: [Errno 13] Permission denied: '/srv/out/x.csv'"),
			[],
		);
		expect(plan.map((p) => p.playbook)).toEqual(['crash', 'storage-permission']);
		expect(plan[1]?.inputs).toMatchObject({ path: '/srv/out/x.csv', symptom: 'permission' });
	});

	it('keeps an exec failure in the crash checks, naming the file, not a path to write', () => {
		const exited = { ...running, state: 'exited' as const, exitCode: 1 };
		const plan = planRuns(exited, match('exec /docker-entrypoint.sh: no such file or directory'), []);
		expect(plan.map((p) => p.playbook)).toEqual(['crash']);
		expect(plan[0]?.inputs).toMatchObject({ file: '/docker-entrypoint.sh', symptom: 'exec-not-found' });
		expect(plan[0]?.inputs.path).toBeUndefined();
	});

	it('gives an error that names no host to the configured service on the port of the server that speaks', () => {
		const targets = configuredTargets([
			'CACHE_URL=redis://cache:6379/0',
			'DATABASE_URL=postgres://shop:****@pg-main:5432/shop',
		]);
		const plan = planRuns(running, match('FATAL:  password authentication failed for user "shop"'), targets);
		expect(plan[0]).toMatchObject({
			playbook: 'network',
			inputs: { target: 'pg-main', port: '5432', symptom: 'auth' },
		});
	});

	it("tries the server's usual port when neither the line nor the configuration gives one", () => {
		const auth = match('pq: password authentication failed for user "billing"');
		expect(
			planRuns(running, auth, configuredTargets(['PGHOST=accounts-db', 'PGUSER=billing']))[0],
		).toMatchObject({
			playbook: 'network',
			inputs: { target: 'accounts-db', port: '5432', symptom: 'auth' },
		});
		// The host from libpq's own prefix, the port the configuration gives winning over the usual one.
		const prefixed = match(
			'connection to server at "ledger-pg" (10.0.0.7), port 6432 failed: FATAL:  password authentication failed for user "l"',
		);
		expect(planRuns(running, prefixed, [])[0]?.inputs).toMatchObject({ target: 'ledger-pg', port: '6432' });
		const mssql = match("Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user 'sa'.");
		expect(planRuns(running, mssql, configuredTargets(['DB_SERVER=ledger-sql']))[0]?.inputs).toMatchObject({
			target: 'ledger-sql',
			port: '1433',
			symptom: 'auth',
		});
		const redis = match('NOAUTH Authentication required.');
		expect(planRuns(running, redis, configuredTargets(['REDIS_HOST=sessions']))[0]?.inputs).toMatchObject({
			target: 'sessions',
			port: '6379',
		});
	});

	it('takes the service from the URL the line was calling when the signature names no host', () => {
		const line =
			'level=error msg="token refresh failed" err="Post \\"https://auth:9443/token\\": tls: failed to verify certificate: x509: certificate signed by unknown authority"';
		const targets = configuredTargets(['CACHE_URL=redis://cache:6379/0', 'QUEUE_URL=amqp://mq:5672']);
		expect(planRuns(running, match(line), targets)[0]).toMatchObject({
			playbook: 'network',
			inputs: { target: 'auth', port: '9443', symptom: 'tls' },
		});
		// Without a port in the URL, its scheme's.
		expect(
			planRuns(
				running,
				match('Get "https://billing.internal/v1": x509: certificate signed by unknown authority'),
				[],
			)[0]?.inputs,
		).toMatchObject({ target: 'billing.internal', port: '443' });
	});

	it('lets --input win over the evidence', () => {
		const plan = planRuns(running, match('Error: getaddrinfo ENOTFOUND payment-gw'), [], { target: 'db' });
		expect(plan.find((p) => p.playbook === 'network')?.inputs.target).toBe('db');
	});
});

describe('file permissions from metadata', () => {
	const passwd = 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n';
	it('resolves --user by name, uid, and uid:gid, and writes as the kernel decides', () => {
		expect(resolveUser('', passwd)).toMatchObject({ uid: 0 });
		expect(resolveUser('app', passwd)).toMatchObject({ uid: 1000, gid: 1000 });
		expect(resolveUser('1000:2000', passwd)).toMatchObject({ uid: 1000, gid: 2000 });
		expect(resolveUser('ghost', passwd)).toBeNull();
		const app = { uid: 1000, gid: 1000, name: 'app' };
		expect(mayWrite(app, { uid: 0, gid: 0, mode: 0o755 })).toBe(false);
		expect(mayWrite(app, { uid: 1000, gid: 0, mode: 0o755 })).toBe(true);
		expect(mayWrite(app, { uid: 0, gid: 1000, mode: 0o775 })).toBe(true);
		expect(mayWrite(app, { uid: 0, gid: 0, mode: 0o777 })).toBe(true);
		expect(mayWrite({ uid: 0, gid: 0, name: 'root' }, { uid: 5, gid: 5, mode: 0o500 })).toBe(true);
	});
});

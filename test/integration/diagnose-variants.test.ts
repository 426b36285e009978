import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, type Engine } from '../../src/engine/index.js';
import { diagnose } from '../../src/playbooks/diagnose.js';
import { loadPlaybooks } from '../../src/playbooks/loader.js';
import { dockmedic, ROOT } from '../helpers/cli.js';
import {
	BASE_IMAGE,
	docker,
	dockerStatus,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	testEngine,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';
import { diagnoseJson } from '../helpers/labs.js';

const GROUP = uniqueName('variants');
const label = `${TEST_LABEL}.group=${GROUP}`;
const L = ['--label', label];
const n = (name: string) => `${GROUP}-${name}`;
const NOSHELL_IMAGE = `dockmedic-test/noshell:${GROUP}`;
let engine: Engine;
const playbooks = loadPlaybooks([path.join(ROOT, 'playbooks')]).playbooks;
/** Runs a shell script in a labelled container of the group and waits for it to exit. */
const runToExit = (name: string, script: string, options: string[] = []) =>
	dockerStatus(
		'run',
		...L,
		'--label',
		`${TEST_LABEL}=1`,
		'--name',
		name,
		...options,
		BASE_IMAGE,
		'sh',
		'-c',
		script,
	);

beforeAll(async () => {
	engine = await testEngine();
	// An image with no shell and no tools: one static binary under another name, as distroless images are.
	const root = mkdtempSync(path.join(os.tmpdir(), 'noshell-'));
	mkdirSync(path.join(root, 'app'));
	execFileSync('cp', ['/bin/busybox', path.join(root, 'app', 'httpd')]);
	execFileSync('sh', [
		'-c',
		`tar -C ${root} -c . | docker import -c 'LABEL ${TEST_LABEL}=1' - ${NOSHELL_IMAGE}`,
	]);
	await docker('network', 'create', '--label', `${TEST_LABEL}=1`, '--label', label, n('orders'));
	await docker('network', 'create', '--label', `${TEST_LABEL}=1`, '--label', label, n('edge'));
	await runContainer(n('orders-db'), [...L, '--network', n('orders')], ['httpd', '-f', '-p', '5432']);
});

afterAll(async () => {
	await removeLabelled(label);
	await dockerStatus('rmi', NOSHELL_IMAGE);
});

const helpersLeft = async () => (await docker('ps', '-aq', '--filter', 'label=dockmedic.helper')).trim();

describe('diagnosis beyond the labs', () => {
	it('reads the target from DATABASE_URL and finds the missing shared network', async () => {
		await runContainer(n('orders-api'), [
			...L,
			'--network',
			n('edge'),
			'-e',
			`DATABASE_URL=postgres://orders:s3cret@${n('orders-db')}:5432/orders`,
		]);
		const { report } = await diagnoseJson(n('orders-api'));
		expect(report.cause?.id).toBe('network-not-shared');
		expect(report.cause?.fix).toContain(`docker network connect ${n('orders')} ${n('orders-api')}`);
		expect(JSON.stringify(report)).not.toContain('s3cret');
	});

	it('names the container a mistyped target probably meant, and says so plainly when none is close', async () => {
		const typo = n('orders-bd');
		await runContainer(n('typo-api'), [
			...L,
			'--network',
			n('orders'),
			'-e',
			`DB_HOST=${typo}`,
			'-e',
			'DB_PORT=5432',
		]);
		const typoed = (await diagnoseJson(n('typo-api'))).report.cause;
		expect(typoed?.id).toBe('dns-unresolvable');
		expect(typoed?.explanation).toContain(`similar container names are ${n('orders-db')}`);

		await runContainer(
			n('lost-api'),
			[...L, '--network', n('orders'), '-e', 'CACHE_URL=redis://session-store-primary:6379/0'],
			[
				'sh',
				'-c',
				'while true; do echo "level=error msg=\\"cache ping failed\\" err=\\"dial tcp: lookup session-store-primary on 127.0.0.11:53: no such host\\""; sleep 1; done',
			],
		);
		await waitFor(async () => (await docker('logs', n('lost-api'))).includes('no such host'));
		const lost = (await diagnoseJson(n('lost-api'))).report.cause;
		expect(lost?.id).toBe('dns-unresolvable');
		expect(lost?.explanation).toContain('No container has a similar name');
		expect(lost?.explanation).not.toMatch(/names( are)?[ :]*\.?\s*$/m);

		// The same for one that stopped on it.
		await runToExit(n('mailer-typo'), `echo "Error: getaddrinfo ENOTFOUND ${n('orders-bd')}" >&2; exit 1`);
		const stopped = (await diagnoseJson(n('mailer-typo'))).report.cause;
		expect(stopped?.id).toBe('dns-unresolvable');
		expect(stopped?.explanation).toContain(`similar container names are ${n('orders-db')}`);
		expect(stopped?.explanation).not.toMatch(/names: \./);
	});

	it('says what the engine answered when it could not start a container, instead of "no problem found"', async () => {
		const gone = n('gone-net');
		await docker('network', 'create', '--label', `${TEST_LABEL}=1`, '--label', label, gone);
		await docker(
			'create',
			'--label',
			`${TEST_LABEL}=1`,
			...L,
			'--name',
			n('stranded'),
			'--network',
			gone,
			BASE_IMAGE,
			'sleep',
			'60',
		);
		await docker('network', 'rm', gone);
		expect((await dockerStatus('start', n('stranded'))).code).not.toBe(0);
		const { report } = await diagnoseJson(n('stranded'));
		expect(report.status).toBe('inconclusive');
		expect(report.note).toMatch(new RegExp(`could not start ${n('stranded')}: network ${gone} not found`));
		const text = await dockmedic(['diagnose', n('stranded')]);
		expect(text.stdout.split('\n')[0]).toContain(`network ${gone} not found`);
	});

	it("sizes the fix of an OOM kill from the container's own limit, not from a fixed figure", async () => {
		const hungry = 'sleep 1; x=$(head -c 96m /dev/zero | tr "\\0" a); echo "$x" | wc -c';
		await runToExit(n('resizer'), hungry, ['-m', '24m', '--memory-swap', '24m']);
		const cause = (await diagnoseJson(n('resizer'))).report.cause;
		expect(cause?.id).toBe('oom-killed');
		expect(cause?.explanation).toContain('its limit of 24MiB');
		expect(cause?.fix[0]).toContain(`docker update --memory 48m --memory-swap 48m ${n('resizer')}`);
	});

	it('names the peer that listens on loopback only, and has that one recreated', async () => {
		await runContainer(
			n('inventory'),
			[...L, '--network', n('orders')],
			['httpd', '-f', '-p', '127.0.0.1:7070'],
		);
		await runContainer(
			n('storefront'),
			[...L, '--network', n('orders'), '-e', `INVENTORY_URL=http://${n('inventory')}:7070/items`],
			[
				'sh',
				'-c',
				`while true; do echo "dial tcp ${n('inventory')}:7070: connect: connection refused"; sleep 1; done`,
			],
		);
		await waitFor(async () => (await docker('logs', n('storefront'))).includes('refused'));
		const cause = (await diagnoseJson(n('storefront'))).report.cause;
		expect(cause?.id).toBe('listening-on-loopback');
		expect(cause?.summary).toMatch(new RegExp(`^${n('inventory')} listens on 127.0.0.1 only`));
		expect(cause?.fix.join('\n')).toContain(`then recreate ${n('inventory')}`);
	});

	it('names the pids limit or the open-files limit a stopped container died of, from its logs and its limits', async () => {
		await runToExit(
			n('spawner'),
			'for i in 1 2 3 4 5 6 7 8; do sleep 300 & done; sleep 1 || { echo "worker pool: fork failed: Resource temporarily unavailable" >&2; exit 3; }',
			['--pids-limit', '6'],
		);
		const pids = (await diagnoseJson(n('spawner'))).report.cause;
		expect(pids?.id).toBe('pids-limit-reached');
		expect(pids?.summary).toContain('its pids limit is 6');
		expect(pids?.fix[0]).toContain(`docker update --pids-limit 512 ${n('spawner')}`);

		await runToExit(
			n('segments'),
			'echo "java.io.FileNotFoundException: /var/index/seg_88.dat (Too many open files)" >&2; exit 1',
		);
		const fds = (await diagnoseJson(n('segments'))).report.cause;
		expect(fds?.id).toBe('fd-limit-reached');
		expect(fds?.explanation).toContain('Too many open files');
	});

	it('finds the empty bind mount behind a script the interpreter cannot open, whatever the runtime says it with', async () => {
		const empty = mkdtempSync(path.join(os.tmpdir(), 'code-'));
		await runToExit(
			n('py-job'),
			`echo "/usr/local/bin/python3: can't open file '/srv/job/run.py': [Errno 2] No such file or directory" >&2; exit 2`,
			['-v', `${empty}:/srv/job`],
		);
		const cause = (await diagnoseJson(n('py-job'))).report.cause;
		expect(cause?.id).toBe('mount-source-missing');
		expect(cause?.summary).toContain(`cannot find /srv/job/run.py: the bind mount source ${empty} is empty`);
	});

	it('falls back to a helper container for an image without a shell, and leaves no helper behind', async () => {
		await docker(
			'run',
			'-d',
			...L,
			'--label',
			`${TEST_LABEL}=1`,
			'--name',
			n('noshell'),
			'--network',
			n('edge'),
			'-e',
			`REDIS_URL=redis://${n('orders-db')}:6379`,
			NOSHELL_IMAGE,
			'/app/httpd',
			'-f',
			'-p',
			'8080',
		);
		const { report } = await diagnoseJson(n('noshell'));
		expect(report.cause?.id).toBe('network-not-shared');
		const dns = report.steps.find((s) => s.id === 'dns');
		expect(dns?.status).toBe('warn');
		expect(dns?.evidence.join()).toContain('does not resolve');
		expect(await helpersLeft()).toBe('');
	});

	it('finds a permission problem for another user and another path', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'reports-'));
		execFileSync('chmod', ['700', dir]);
		await runContainer(
			n('reports'),
			[...L, '--user', '2000:2000', '-v', `${dir}:/var/lib/reports`],
			[
				'sh',
				'-c',
				'while true; do touch /var/lib/reports/r.csv || echo "cannot write /var/lib/reports/r.csv" >&2; sleep 2; done',
			],
		);
		const { report } = await diagnoseJson(n('reports'));
		expect(report.cause?.id).toBe('mount-permission-denied');
		expect(report.cause?.summary).toContain('uid 2000');
		expect(report.cause?.fix[0]).toBe(`chown -R 2000:2000 ${dir}   # on the host, for a bind mount`);
	});

	it('diagnoses a stopped container from inspect and logs alone', async () => {
		await runToExit(n('importer'), 'echo "FATAL: environment variable S3_BUCKET is not set" >&2; exit 1');
		const { code, report } = await diagnoseJson(n('importer'));
		expect(code).toBe(1);
		expect(report.cause?.id).toBe('missing-config');
		expect(report.cause?.summary).toContain('S3_BUCKET');
		// Said more tersely, as many applications do.
		await runToExit(n('mailer'), 'echo "FATAL: QUEUE_URL is not set" >&2; exit 2');
		const terse = await diagnoseJson(n('mailer'));
		expect(terse.report.cause?.id).toBe('missing-config');
		expect(terse.report.cause?.fix).toContain(
			'docker run ... -e QUEUE_URL=VALUE ...   # the same run command, with the missing setting',
		);
	});

	it('prints no terminal control sequence from hostile log content, in text, markdown or json', async () => {
		// The crash message carries a title change, a screen clear, a hyperlink, a bell and a NUL.
		await runToExit(
			n('hostile'),
			'printf "\\033]0;owned\\007\\033[2J\\033]8;;http://x\\007FATAL: DB_PASSWORD is not set\\000\\n" >&2; exit 1',
		);
		const { dockmedic } = await import('../helpers/cli.js');
		for (const format of ['text', 'markdown', 'json']) {
			const result = await dockmedic(['diagnose', n('hostile'), '--format', format]);
			expect(result.code).toBe(1);
			expect(result.stdout).toContain('DB_PASSWORD');
			expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
		}
	});

	it('names a volume that hides files the image ships', async () => {
		const image = `dockmedic-test/site:${GROUP}`;
		await runContainer(n('site-build'), L, [
			'sh',
			'-c',
			'mkdir -p /srv/site && echo hi > /srv/site/index.html && sleep 3600',
		]);
		await waitFor(
			async () =>
				(await dockerStatus('exec', n('site-build'), 'test', '-f', '/srv/site/index.html')).code === 0,
		);
		await docker('commit', '-c', `LABEL ${TEST_LABEL}=1`, n('site-build'), image);
		try {
			const empty = mkdtempSync(path.join(os.tmpdir(), 'site-'));
			await dockerStatus(
				'run',
				...L,
				'--label',
				`${TEST_LABEL}=1`,
				'--name',
				n('site'),
				'-v',
				`${empty}:/srv/site`,
				image,
				'sh',
				'-c',
				'[ -f /srv/site/index.html ] || { echo "/srv/site/index.html: no such file" >&2; exit 1; }',
			);
			const { report } = await diagnoseJson(n('site'));
			expect(report.cause?.id).toBe('volume-shadows-image');
			expect(await helpersLeft()).toBe('');
		} finally {
			await dockerStatus('rm', '-f', n('site'), n('site-build'));
			await dockerStatus('rmi', '-f', image);
		}
	});

	it('names a port that listens but is not published when asked about it', async () => {
		await runContainer(n('admin'), [...L, '--expose', '9000'], ['httpd', '-f', '-p', '9000']);
		const result = await diagnose(n('admin'), {
			engine,
			playbooks,
			helperImage: BASE_IMAGE,
			playbookId: 'network',
			inputs: { publish: '9000' },
		});
		expect(result.cause?.id).toBe('port-not-published');
	});

	it('cuts off a probe that blocks at its timeout, says so, and goes on', async () => {
		await runContainer(n('busy'), L);
		// The stats probe waits about a second for its second sample: a 200 ms budget must cut it off.
		const result = await diagnose(n('busy'), {
			engine,
			playbooks,
			helperImage: BASE_IMAGE,
			playbookId: 'resources',
			stepTimeoutMs: 200,
		});
		const usage = result.steps.find((s) => s.id === 'usage');
		expect(usage?.status).toBe('error');
		expect(usage?.evidence[0]).toMatch(/timed out after 0\.2 s/);
		expect(result.steps.find((s) => s.id === 'fds')?.status).toBe('pass');
		expect(result.status).toBe('inconclusive');
	});

	it('names a TLS dependency it does not trust from the x509 error it logs, once the port answers', async () => {
		await runContainer(
			n('statements'),
			[...L, '--network', n('orders'), '-e', `LEDGER_ENDPOINT=https://${n('orders-db')}:5432/v1`],
			[
				'sh',
				'-c',
				'while true; do echo "level=error msg=\\"ledger call failed\\" err=\\"Get \\\\\\"$LEDGER_ENDPOINT\\\\\\": tls: failed to verify certificate: x509: certificate signed by unknown authority\\"" >&2; sleep 1; done',
			],
		);
		const { report } = await waitFor(async () => {
			const d = await diagnoseJson(n('statements'));
			return d.report.status === 'finding' ? d : undefined;
		}, 20_000);
		expect(report.cause?.id).toBe('tls-untrusted');
		expect(report.cause?.summary).toBe(
			`${n('statements')} reaches ${n('orders-db')}, but does not trust its TLS certificate`,
		);
		expect(report.steps.find((s) => s.id === 'tcp')?.evidence.join()).toContain(
			`TCP ${n('orders-db')}:5432 connects`,
		);
	});

	it('never calls healthy a running service whose logs keep reporting errors no check explains', async () => {
		await runContainer(n('indexer'), L, [
			'sh',
			'-c',
			'while true; do echo "Exception in thread \\"worker-3\\" java.lang.OutOfMemoryError: Java heap space" >&2; sleep 2; done',
		]);
		// Past its first seconds, the errors count as going on.
		const { code, report } = await waitFor(
			async () => {
				const d = await diagnoseJson(n('indexer'));
				return d.report.status === 'inconclusive' ? d : undefined;
			},
			40_000,
			1000,
		);
		expect(code).toBe(1);
		const last = report.steps.at(-1);
		expect(last?.id).toBe('unexplained-errors');
		expect(last?.evidence.join('\n')).toContain('java.lang.OutOfMemoryError: Java heap space');
		const text = await import('../helpers/cli.js').then(({ dockmedic }) =>
			dockmedic(['diagnose', n('indexer')]),
		);
		expect(text.stdout).toMatch(
			/inconclusive \(its logs report errors no check explains: .*OutOfMemoryError/,
		);
	});

	it('reports a missing container with exit 2 and a clear message', async () => {
		const { dockmedic } = await import('../helpers/cli.js');
		const result = await dockmedic(['diagnose', n('nope')]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`No such container: ${n('nope')}`);
		await expect(diagnose(n('nope'), { engine, playbooks, helperImage: BASE_IMAGE })).rejects.toSatisfy((e) =>
			describeError(e).includes('No such container'),
		);
	});
});

describe('helper containers left behind by a killed run', () => {
	it('are swept when their owner process is gone, and kept while it lives', async () => {
		const { hostname } = await import('node:os');
		const orphan = `${GROUP}-orphan-helper`;
		const owned = `${GROUP}-owned-helper`;
		await runContainer(orphan, [...L, '--label', `dockmedic.helper=${hostname()}:999999`]);
		await runContainer(owned, [...L, '--label', `dockmedic.helper=${hostname()}:${process.pid}`]);
		const { dockmedic } = await import('../helpers/cli.js');
		await dockmedic(['diagnose', owned, '--format', 'json']);
		expect((await dockerStatus('inspect', orphan)).code).not.toBe(0);
		expect((await dockerStatus('inspect', owned)).code).toBe(0);
	});
});

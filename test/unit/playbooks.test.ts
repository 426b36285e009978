import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/model/causes.js';
import { redactEnvEntry } from '../../src/model/redact.js';
import { resolveInputs } from '../../src/playbooks/inputs.js';
import { loadPlaybooks, parsePlaybook, yamlFiles } from '../../src/playbooks/loader.js';
import { matches } from '../../src/playbooks/match.js';
import { render, renderCommand } from '../../src/playbooks/template.js';
import { triage } from '../../src/playbooks/triage.js';
import { ROOT } from '../helpers/cli.js';

const builtin = loadPlaybooks([path.join(ROOT, 'playbooks')]);

const minimal = `id: sample
title: Sample playbook
description: A playbook used by the loader tests.
applies_to: { states: [running] }
steps:
  - id: first
    title: First step
    why: Because the test needs one step.
    probe: { kind: container-state }
    command: docker inspect {{container}}
    verdicts:
      - when: { exitCode: 1 }
        cause: app-error-exit
causes:
  app-error-exit:
    summary: it failed
    explanation: because
    fix: ['docker logs {{container}}']
`;

describe('the built-in playbooks', () => {
	it('all load without error: the six the issue names, and swarm', () => {
		expect(builtin.errors).toEqual([]);
		expect(builtin.playbooks.map((p) => p.id).sort()).toEqual([
			'crash',
			'health',
			'logging',
			'network',
			'resources',
			'storage-permission',
			'swarm',
		]);
	});

	it('together can name every cause in the shared vocabulary', () => {
		const named = new Set(
			builtin.playbooks.flatMap((p) =>
				p.steps.flatMap((s) => s.verdicts.flatMap((v) => (v.cause ? [v.cause] : []))),
			),
		);
		const missing = Object.keys(CAUSES).filter((id) => !named.has(id as keyof typeof CAUSES));
		expect(missing).toEqual([]);
	});

	it('use only cause ids from the shared vocabulary (docs/causes.md, a copy of shared/CAUSES.md), and know every one', () => {
		const ids = (file: string) =>
			Object.fromEntries(
				[...readFileSync(file, 'utf8').matchAll(/^\| `([a-z-]+)` \| (\w+) \|/gm)].map((m) => [m[1], m[2]]),
			);
		expect(ids(path.join(ROOT, 'docs', 'causes.md'))).toEqual(CAUSES);
		// Beside the shared folder (CI, the team's machines), the copy must not have drifted from it.
		const shared = path.join(ROOT, '..', 'shared', 'CAUSES.md');
		if (existsSync(shared)) expect(ids(shared)).toEqual(CAUSES);
	});
});

describe('loading a playbook file', () => {
	it('accepts a valid playbook', () => {
		const result = parsePlaybook(minimal, 'sample.yaml');
		expect(result.errors).toEqual([]);
		expect(result.playbook?.steps[0]?.timeout_s).toBe(10);
	});

	it('names file, line and field for an unknown probe kind', () => {
		const result = parsePlaybook(minimal.replace('kind: container-state', 'kind: rm-rf'), 'bad.yaml');
		expect(result.playbook).toBeUndefined();
		expect(result.errors[0]).toMatchObject({ file: 'bad.yaml', line: 9, field: 'steps.0.probe.kind' });
	});

	it('reports YAML syntax errors with their line', () => {
		const result = parsePlaybook(`${minimal}\n  broken: [unclosed\n`, 'syntax.yaml');
		expect(result.errors[0]?.message).toMatch(/^YAML:/);
		expect(result.errors[0]?.line).toBeGreaterThan(20);
	});

	it('rejects causes without an entry, unknown cause ids, backward jumps and unknown keys', () => {
		const noEntry = parsePlaybook(minimal.replace('cause: app-error-exit', 'cause: segfault'), 'x.yaml');
		expect(noEntry.errors.map((e) => e.message).join()).toContain(
			'cause "segfault" has no entry under causes',
		);
		const unknown = parsePlaybook(minimal.replace('cause: app-error-exit', 'cause: gremlins'), 'x.yaml');
		expect(unknown.errors[0]?.field).toBe('steps.0.verdicts.0.cause');
		const backward = parsePlaybook(minimal.replace('cause: app-error-exit', 'next: first'), 'x.yaml');
		expect(backward.errors.map((e) => e.message).join()).toContain('"first" is not a later step');
		const extra = parsePlaybook(
			minimal.replace('title: First step', 'title: First step\n    run: rm -rf /'),
			'x.yaml',
		);
		expect(extra.errors[0]?.message).toMatch(/Unrecognized key/i);
	});

	it('refuses alias bombs and oversized files without expanding them', () => {
		const bomb = [
			'a: &a [x, x, x, x, x, x, x, x, x, x]',
			...'bcdefghij'
				.split('')
				.map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
		].join('\n');
		const started = Date.now();
		const result = parsePlaybook(bomb, 'bomb.yaml');
		expect(Date.now() - started).toBeLessThan(1000);
		expect(result.errors[0]?.message).toMatch(/alias/i);
		expect(parsePlaybook(`# ${'x'.repeat(300 * 1024)}`, 'huge.yaml').errors[0]?.message).toContain(
			'larger than',
		);
	});

	it('keeps loading the other files when one is broken', () => {
		const result = loadPlaybooks([path.join(ROOT, 'playbooks'), path.join(ROOT, 'test/fixtures/playbooks')]);
		expect(result.playbooks.length).toBe(builtin.playbooks.length);
		expect(result.errors[0]?.file).toMatch(/broken\.yaml$/);
		expect(result.errors[0]?.line).toBe(9);
	});

	it('never throws, whatever the text', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 400 }), (text) => {
				const result = parsePlaybook(text, 'fuzz.yaml');
				expect(result.playbook !== undefined || result.errors.length > 0).toBe(true);
			}),
			{ numRuns: 300 },
		);
	});
});

describe("checking a step against its probe's parameters and facts", () => {
	const errorsOf = (text: string) => parsePlaybook(text, 'x.yaml').errors;

	it('passes every shipped playbook, each file on its own', () => {
		for (const file of yamlFiles(path.join(ROOT, 'playbooks')))
			expect({ file, errors: parsePlaybook(readFileSync(file, 'utf8'), file).errors }).toEqual({
				file,
				errors: [],
			});
	});

	it('refuses a verdict that reads a fact the probe never gives, with its line and the facts it does give', () => {
		const errors = errorsOf(minimal.replace('when: { exitCode: 1 }', 'when: { exitcode: 1 }'));
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ file: 'x.yaml', line: 12, field: 'steps.0.verdicts.0.when.exitcode' });
		expect(errors[0]?.message).toContain('"exitcode" is not a fact of this step');
		expect(errors[0]?.message).toContain('exitCode, signal, oomKilled');
	});

	it('refuses {{step.fact}} in a text when the step has no such fact, or there is no such step', () => {
		const misspelt = errorsOf(
			minimal.replace('summary: it failed', 'summary: "it failed: {{first.exitcode}}"'),
		);
		expect(misspelt[0]).toMatchObject({ line: 16, field: 'causes.app-error-exit.summary' });
		expect(misspelt[0]?.message).toContain('step "first" has no fact "exitcode"');
		const noStep = errorsOf(minimal.replace('explanation: because', 'explanation: "{{frist.exitCode}}"'));
		expect(noStep[0]).toMatchObject({ line: 17 });
		expect(noStep[0]?.message).toContain('no step "frist"');
		// The docker CLI's own Go templates are not ours, and are left alone.
		expect(
			errorsOf(
				minimal.replace(
					'docker inspect {{container}}',
					"docker inspect -f '{{json .State}}{{end}}' {{container}}",
				),
			),
		).toEqual([]);
	});

	it("refuses a fact read before its step has run: in the step's own command, or from a later step", () => {
		const own = errorsOf(minimal.replace('docker inspect {{container}}', 'docker inspect {{first.state}}'));
		expect(own[0]).toMatchObject({ line: 10, field: 'steps.0.command' });
		expect(own[0]?.message).toContain('before step "first" has run');
		const twoSteps = minimal.replace(
			'causes:',
			[
				'  - id: second',
				'    title: Second step',
				'    why: Because the test needs a second one.',
				'    probe: { kind: health }',
				'    command: docker inspect {{container}}',
				'causes:',
			].join('\n'),
		);
		expect(errorsOf(twoSteps)).toEqual([]);
		const later = errorsOf(
			twoSteps.replace('when: { exitCode: 1 }', 'when: { exitCode: 1, second.failing: true }'),
		);
		expect(later[0]).toMatchObject({ line: 12, field: 'steps.0.verdicts.0.when.second.failing' });
	});

	it("knows the facts a step's parameters name (the logs probe's pattern_NAME)", () => {
		const logs = minimal
			.replace('{ kind: container-state }', '{ kind: logs, tail: 20, pattern_fd: "(too many open files)" }')
			.replace('when: { exitCode: 1 }', 'when: { fd: { exists: true } }');
		expect(errorsOf(logs)).toEqual([]);
		expect(errorsOf(logs.replace('when: { fd:', 'when: { fds:'))[0]?.message).toContain(
			'the logs probe gives readable, lineCount, readError, errorLine, errorPaths, fd',
		);
	});

	it('refuses a parameter the probe does not take, a missing one, or one of the wrong type, with its line', () => {
		const probe = (text: string) =>
			errorsOf(
				minimal.replace('{ kind: container-state }', text).replace('when: { exitCode: 1 }', 'when: {}'),
			);
		expect(probe('{ kind: container-state, tail: 5 }')[0]).toMatchObject({
			line: 9,
			field: 'steps.0.probe',
			message: 'unknown parameter "tail": this probe takes none',
		});
		expect(probe('{ kind: tcp, host: db, port: "{{inputs.port}}" }')).toEqual([]);
		expect(probe('{ kind: tcp, host: db, port: eighty }')[0]).toMatchObject({
			line: 9,
			field: 'steps.0.probe.port',
			message: 'a whole number, or a {{placeholder}}',
		});
		expect(probe('{ kind: tcp, port: 80 }')[0]).toMatchObject({ field: 'steps.0.probe.host' });
		expect(probe('{ kind: logs, tial: "50" }')[0]?.message).toBe(
			'unknown parameter "tial": this probe takes tail, paths_from, pattern_NAME',
		);
		expect(probe('{ kind: logs, pattern_x: "(unclosed" }')[0]?.message).toMatch(/^not a regular expression/);
		expect(probe('{ kind: logs, pattern_readable: "x" }')[0]?.message).toBe(
			'"readable" is already a fact of the logs probe',
		);
	});
});

describe('loading mutated copies of the real playbooks', () => {
	const files = ['crash', 'network', 'storage-permission', 'health', 'resources', 'logging'].map((id) =>
		readFileSync(path.join(ROOT, 'playbooks', `${id}.yaml`), 'utf8'),
	);
	const noise = fc.constantFrom(
		'',
		'  ',
		': x',
		'- ',
		'&a',
		'*a',
		'{{',
		'kind: rm',
		'cause: nope',
		'"',
		'#',
		'\t',
	);

	it('never throws, and either loads a valid playbook or names a line inside the file', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...files),
				fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'duplicate', 'append'), noise), {
					minLength: 1,
					maxLength: 4,
				}),
				(text, edits) => {
					const lines = text.split('\n');
					for (const [at, edit, extra] of edits) {
						const i = at % lines.length;
						if (edit === 'delete') lines.splice(i, 1);
						else if (edit === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
						else lines[i] = `${lines[i] ?? ''}${extra}`;
					}
					const result = parsePlaybook(lines.join('\n'), 'mutated.yaml');
					if (result.playbook) {
						expect(result.errors).toEqual([]);
						for (const step of result.playbook.steps)
							for (const verdict of step.verdicts)
								if (verdict.cause) expect(Object.keys(CAUSES)).toContain(verdict.cause);
					} else {
						expect(result.errors.length).toBeGreaterThan(0);
						for (const error of result.errors) {
							expect(error.file).toBe('mutated.yaml');
							expect(error.message.length).toBeGreaterThan(0);
							if (error.line !== null) {
								expect(error.line).toBeGreaterThanOrEqual(1);
								expect(error.line).toBeLessThanOrEqual(lines.length + 1);
							}
						}
					}
				},
			),
			{ numRuns: 400 },
		);
	});
});

describe('templates, matchers, inputs and triage', () => {
	const scope = {
		container: 'web',
		inputs: { target: 'db; rm -rf /' },
		dns: { addresses: ['10.0.0.2', '10.0.0.3'] },
	};

	it('quotes container-supplied values as one shell word in commands, and leaves Go templates alone', () => {
		expect(renderCommand('docker exec {{container}} nslookup {{inputs.target}}', scope)).toBe(
			"docker exec web nslookup 'db; rm -rf /'",
		);
		expect(renderCommand("docker inspect -f '{{json .State}}' {{container}}", scope)).toBe(
			"docker inspect -f '{{json .State}}' web",
		);
		expect(render('{{dns.addresses}}', scope)).toBe('10.0.0.2, 10.0.0.3');
	});

	it('fills {{a|b}} with the first name that has a value', () => {
		const withLogs = { ...scope, logs: { missing_env: '' }, env: {} };
		expect(render('{{logs.missing_env|inputs.target}}', withLogs)).toBe('db; rm -rf /');
		expect(render('{{env.name|dns.addresses}}', withLogs)).toBe('10.0.0.2, 10.0.0.3');
		expect(render('{{env.name|logs.missing_env}}', withLogs)).toBe('');
		expect(renderCommand('docker logs {{nothing.here|container}}', withLogs)).toBe(
			'docker logs {{nothing.here|container}}',
		);
	});

	it('matches values, lists, comparisons, patterns and presence', () => {
		expect(matches(137, [137, 143])).toBe(true);
		expect(matches(0.3, { gte: 0.2 })).toBe(true);
		expect(matches('unable to find user x', { matches: 'find user' })).toBe(true);
		expect(matches(null, { exists: true })).toBe(false);
		expect(matches('x', { exists: true })).toBe(true);
		expect(matches(1, { not: 0 })).toBe(true);
	});

	it('takes inputs from plain variables first, then URLs, and explicit values over both', () => {
		const playbook = builtin.playbooks.find((p) => p.id === 'network');
		if (!playbook) throw new Error('network playbook missing');
		expect(resolveInputs(playbook, ['DB_HOST=db', 'DB_PORT=5432']).values).toEqual({
			target: 'db',
			port: '5432',
		});
		expect(resolveInputs(playbook, ['DATABASE_URL=postgres://app:secret@orders-db/orders']).values).toEqual({
			target: 'orders-db',
			port: '5432',
		});
		expect(resolveInputs(playbook, ['REDIS_URL=redis://cache:6380/0']).values).toEqual({
			target: 'cache',
			port: '6380',
		});
		expect(resolveInputs(playbook, ['DB_HOST=db'], { target: 'other' }).values.target).toBe('other');
	});

	it('picks the crash playbook for stopped and restarting containers, health first when unhealthy', () => {
		const base = {
			health: null,
			exitCode: 0,
			oomKilled: false,
			restartCount: 0,
			error: '',
			startedAt: null,
			labels: {},
		};
		expect(triage({ ...base, state: 'exited', exitCode: 1 })).toEqual(['crash']);
		expect(triage({ ...base, state: 'restarting' })).toEqual(['crash']);
		expect(triage({ ...base, state: 'created', error: 'x' })).toEqual(['crash']);
		expect(triage({ ...base, state: 'running', health: 'unhealthy' })[0]).toBe('health');
		expect(triage({ ...base, state: 'running' })[0]).toBe('network');
		// A Swarm task: what its service recorded first, then the container's own checks.
		const task = { ...base, labels: { 'com.docker.swarm.service.name': 'web' } };
		expect(triage({ ...task, state: 'exited', exitCode: 3 })).toEqual(['swarm', 'crash']);
	});
});

describe('masking secrets', () => {
	it('masks secret-looking keys and passwords inside URLs, and leaves the rest', () => {
		expect(redactEnvEntry('DB_PASSWORD=hunter2')).toBe('DB_PASSWORD=********');
		expect(redactEnvEntry('GITHUB_TOKEN=ghp_x')).toBe('GITHUB_TOKEN=********');
		// Empty is no secret, and often the finding: a ${VAR} Compose left blank.
		expect(redactEnvEntry('DB_PASSWORD=')).toBe('DB_PASSWORD=');
		expect(redactEnvEntry('DATABASE_URL=postgres://app:s3cret@db:5432/orders')).toBe(
			'DATABASE_URL=postgres://app:********@db:5432/orders',
		);
		expect(redactEnvEntry('MIRRORS=http://a:1@x,https://b:2@y')).toBe(
			'MIRRORS=http://a:********@x,https://b:********@y',
		);
		expect(redactEnvEntry('REDIS_URL=redis://cache:6379/0')).toBe('REDIS_URL=redis://cache:6379/0');
		expect(redactEnvEntry('MODE=batch')).toBe('MODE=batch');
	});

	it('shows where an auth or token service is, never what could carry a secret', () => {
		expect(redactEnvEntry('AUTH_ENDPOINT=https://auth:9443/token')).toBe(
			'AUTH_ENDPOINT=https://auth:9443/********',
		);
		expect(redactEnvEntry('OAUTH_URL=https://client:s3cret@idp.internal')).toBe(
			'OAUTH_URL=https://********@idp.internal',
		);
		expect(redactEnvEntry('AUTH_HOST=auth.internal:8080')).toBe('AUTH_HOST=auth.internal:8080');
		// A webhook URL's path is its secret; a token is never an address.
		expect(redactEnvEntry('SLACK_TOKEN_URL=https://hooks.slack.com/services/T0/B0/XyZ')).toBe(
			'SLACK_TOKEN_URL=https://hooks.slack.com/********',
		);
		expect(redactEnvEntry('AUTH_TOKEN=eyJhbGciOi.x.y')).toBe('AUTH_TOKEN=********');
		expect(redactEnvEntry('AUTH_SERVER=not an address!')).toBe('AUTH_SERVER=********');
	});
});

describe('what the crash playbook reads from the last log lines', () => {
	const crash = builtin.playbooks.find((p) => p.id === 'crash');
	const pattern = crash?.steps.find((s) => s.id === 'logs')?.probe.pattern_missing_env;
	const missingEnv = (line: string) => {
		const match = new RegExp(String(pattern), 'i').exec(line);
		return match?.slice(1).find((g) => g !== undefined) ?? null;
	};

	it('finds the variable an application says is not set, however it phrases it', () => {
		expect(missingEnv('FATAL: required environment variable SMTP_URL is not set')).toBe('SMTP_URL');
		expect(missingEnv('FATAL: QUEUE_URL is not set')).toBe('QUEUE_URL');
		expect(missingEnv('DB_HOST must be set')).toBe('DB_HOST');
		expect(missingEnv('error: $API_TOKEN is empty')).toBe('API_TOKEN');
	});

	it('ignores errors that name no variable, and words that are not variable names', () => {
		expect(missingEnv('ERROR: connection refused')).toBeNull();
		expect(missingEnv('Error is not set')).toBeNull();
		expect(missingEnv('validation failed: user_id is required')).toBeNull();
	});
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic, ROOT } from '../helpers/cli.js';
import { removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';

const GROUP = uniqueName('pbcli');
const label = `${TEST_LABEL}.group=${GROUP}`;
const fixtures = path.join(ROOT, 'test/fixtures/playbooks');

/** A user playbook: does the container run as root? (a site policy, added without touching dockmedic) */
const USER_PLAYBOOK = `id: runs-as-root
title: Container runs as root
description: A site rule added by the operator, from their own config folder.
applies_to: { states: [running] }
steps:
  - id: user
    title: Which user does the main process run as?
    why: The site policy forbids root in containers.
    probe: { kind: env, name: RUN_AS }
    command: docker inspect -f '{{.Config.User}}' {{container}}
    verdicts:
      - when: { present: false }
        cause: missing-config
causes:
  missing-config:
    summary: "{{container}} has no RUN_AS setting"
    explanation: The site policy requires RUN_AS.
    fix: ['docker rm -f {{container}}']
`;

let config: string;
beforeAll(async () => {
	config = mkdtempSync(path.join(os.tmpdir(), 'xdg-'));
	mkdirSync(path.join(config, 'dockmedic', 'playbooks'), { recursive: true });
	writeFileSync(path.join(config, 'dockmedic', 'playbooks', 'site.yaml'), USER_PLAYBOOK);
	await runContainer(`${GROUP}-app`, ['--label', label]);
});
afterAll(() => removeLabelled(label));

describe('playbooks on the command line', () => {
	it('validates a file: problems as file:line: field: message, exit 1; a good one exit 0', async () => {
		const bad = await dockmedic(['playbooks', 'validate', path.join(fixtures, 'broken.yaml')]);
		expect(bad.code).toBe(1);
		expect(bad.stdout).toMatch(/broken\.yaml:9: steps\.0\.probe\.kind: /);
		const good = await dockmedic(['playbooks', 'validate', path.join(ROOT, 'playbooks/network.yaml')]);
		expect(good.code).toBe(0);
		expect(good.stdout).toContain('valid playbook "network"');
	});

	it('lists the others when one file is broken, naming the broken one on stderr', async () => {
		const result = await dockmedic(['playbooks', 'list', '--playbooks', fixtures]);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^network\s/m);
		expect(result.stderr).toMatch(/playbook skipped: .*broken\.yaml:9/);
	});

	it("loads the operator's playbooks from XDG_CONFIG_HOME and runs one on request", async () => {
		const env = { XDG_CONFIG_HOME: config };
		expect((await dockmedic(['playbooks', 'list'], env)).stdout).toMatch(/^runs-as-root\s/m);
		expect((await dockmedic(['playbooks', 'show', 'runs-as-root'], env)).stdout).toContain(
			'why: The site policy forbids root in containers.',
		);
		const result = await dockmedic(
			['diagnose', `${GROUP}-app`, '--playbook', 'runs-as-root', '--format', 'json'],
			env,
		);
		expect(result.code, result.stderr).toBe(1);
		expect(JSON.parse(result.stdout).cause.summary).toBe(`${GROUP}-app has no RUN_AS setting`);
		const unknown = await dockmedic(['diagnose', `${GROUP}-app`, '--playbook', 'nope']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('There is no playbook "nope"');
	});

	it('writes an incident note in Markdown', async () => {
		const result = await dockmedic(['diagnose', `${GROUP}-app`, '--format', 'markdown']);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`^## ${GROUP}-app: no problem found`));
		expect(result.stdout).toContain('### Evidence');
		expect(result.stdout).toContain('by hand: `docker');
	});
});

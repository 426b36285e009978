import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.js';
import type { ContainerDetails } from '../../src/model/container.js';
import { parsePlaybook } from '../../src/playbooks/loader.js';
import { applyRemedy, type REMEDIES, remedyReport } from '../../src/playbooks/remedies/index.js';
import { type PlaybookOutcome, runPlaybook } from '../../src/playbooks/runner.js';

const playbook = (remedy: string) => `id: sample
title: Sample playbook
description: A playbook used by the remedy tests.
applies_to: { states: [exited] }
steps:
  - id: state
    title: How did it end?
    why: Because the test needs one step.
    probe: { kind: container-state }
    command: docker inspect {{container}}
    verdicts:
      - when: { state: exited }
        cause: app-error-exit
causes:
  app-error-exit:
    summary: it failed
    explanation: because
    fix: ['docker start {{container}}']
    remedy: ${remedy}
`;

/** An engine that records the calls a remedy makes. */
function recorder() {
	const calls: unknown[][] = [];
	const record =
		(name: string) =>
		async (...args: unknown[]) => {
			calls.push([name, ...args]);
		};
	const engine = {
		networks: { connect: record('networks.connect') },
		containers: { act: record('containers.act'), update: record('containers.update') },
	} as unknown as Engine;
	return { engine, calls };
}

describe('remedies', () => {
	it('each shows the docker command a person would run, each value quoted as one word', () => {
		expect(
			remedyReport('network-connect', { network: 'checkout-backend', container: 'checkout-web' }).command,
		).toBe('docker network connect checkout-backend checkout-web');
		expect(remedyReport('start', { container: 'db; rm -rf /' }).command).toBe("docker start 'db; rm -rf /'");
		expect(remedyReport('restart', { container: 'web' }).command).toBe('docker restart web');
		expect(remedyReport('update-pids', { container: 'web', limit: '512' }).command).toBe(
			'docker update --pids-limit 512 web',
		);
		expect(remedyReport('update-cpus', { container: 'web', cpus: '' }).command).toBe(
			"docker update --cpus '' web",
		);
	});

	it('each makes its one engine call and says what it did', async () => {
		const { engine, calls } = recorder();
		const apply = (action: (typeof REMEDIES)[number]['action'], args: Record<string, string>) =>
			applyRemedy(engine, remedyReport(action, args));
		expect(await apply('network-connect', { network: 'back', container: 'web' })).toBe(
			'Connected web to back.',
		);
		expect(await apply('start', { container: 'db' })).toBe('Started db.');
		expect(await apply('restart', { container: 'web' })).toBe('Restarted web.');
		expect(await apply('update-pids', { container: 'web', limit: '512' })).toBe(
			'Raised the pids limit of web to 512.',
		);
		expect(await apply('update-cpus', { container: 'web', cpus: '1.5' })).toBe(
			'Set the CPU limit of web to 1.5.',
		);
		expect(calls).toEqual([
			['networks.connect', 'back', 'web'],
			['containers.act', 'start', 'db'],
			['containers.act', 'restart', 'web'],
			['containers.update', 'web', { pidsLimit: 512 }],
			['containers.update', 'web', { nanoCpus: 1_500_000_000 }],
		]);
	});

	it('refuses to run with an argument that came out empty, before any engine call', async () => {
		const { engine, calls } = recorder();
		await expect(
			applyRemedy(engine, remedyReport('network-connect', { network: '', container: 'web' })),
		).rejects.toThrow('The remedy network-connect lacks "network".');
		expect(calls).toEqual([]);
	});

	it("are checked in the playbook against the remedy's own arguments, with the line", () => {
		const errors = (remedy: string) => parsePlaybook(playbook(remedy), 'x.yaml').errors;
		expect(errors('{ action: start }')).toEqual([]);
		expect(errors('{ action: update-pids, args: { limit: "{{state.restartCount}}" } }')).toEqual([]);
		expect(errors('{ action: reboot }')[0]).toMatchObject({
			line: 19,
			field: 'causes.app-error-exit.remedy.action',
		});
		expect(errors('{ action: start, args: { network: x } }')[0]).toMatchObject({
			line: 19,
			message: 'unknown argument "network": this remedy takes container',
		});
		expect(errors('{ action: network-connect, args: {} }')[0]).toMatchObject({
			field: 'causes.app-error-exit.remedy.args.network',
		});
		expect(errors('{ action: update-cpus, args: { cpus: lots } }')[0]?.message).toBe(
			'a number of CPUs such as 1.5, or a {{placeholder}}',
		);
		expect(errors('{ action: start, args: { container: "{{state.name}}" } }')[0]?.message).toContain(
			'step "state" has no fact "name"',
		);
	});

	it('act on the diagnosed container unless the playbook names another', async () => {
		const subject = {
			id: 'c1',
			name: 'web',
			state: 'exited',
			exitCode: 1,
			oomKilled: false,
			restartCount: 0,
			error: '',
			startedAt: null,
			finishedAt: null,
			labels: {},
			config: { env: [] },
			hostConfig: { restartPolicy: { name: 'no' }, memoryBytes: 0 },
		} as unknown as ContainerDetails;
		const outcome = async (remedy: string) => {
			const parsed = parsePlaybook(playbook(remedy), 'x.yaml').playbook;
			if (!parsed) throw new Error('the sample playbook does not load');
			const run = runPlaybook(parsed, { engine: {} as Engine, subject, helperImage: 'busybox' });
			for (;;) {
				const next = await run.next();
				if (next.done) return (next.value as PlaybookOutcome).cause?.remedy;
			}
		};
		expect(await outcome('{ action: start }')).toEqual({
			action: 'start',
			args: { container: 'web' },
			command: 'docker start web',
		});
		expect(await outcome('{ action: start, args: { container: db } }')).toMatchObject({
			command: 'docker start db',
		});
	});
});

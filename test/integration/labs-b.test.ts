import { describe, expect, it } from 'vitest';
import { docker, dockerStatus, inspectState } from '../helpers/docker.js';
import { describeLabLifecycles, expectNothingLeft, lab, symptoms } from '../helpers/labs.js';

/** Crash, health, logging and resource scenarios. */
const cases: Record<string, () => Promise<void>> = {
	'worker-missing-env': () => symptoms.restartsWithCode('email-worker', 1),
	'cart-bad-mode': () => symptoms.exited('cart-service', 1),
	'exporter-command-typo': () => symptoms.exited('metrics-exporter', 127),
	'report-oom': () => symptoms.exited('report-builder', 137, { oomKilled: true }),
	'legacy-web-daemonizes': () => symptoms.restartsWithCode('legacy-web', 0),
	'audit-unknown-user': async () => {
		const [info] = JSON.parse(await docker('inspect', 'audit-log')) as {
			State: { Status: string; Error: string };
		}[];
		expect(info?.State.Status).toBe('created');
		expect(info?.State.Error).toMatch(/unable to find user auditor/);
	},
	'catalog-health-path': () => symptoms.health('catalog-api', 'unhealthy'),
	'pricing-health-curl': () => symptoms.health('pricing-api', 'unhealthy', 127),
	'payments-no-logs': async () => {
		const r = await dockerStatus('logs', 'payments-gateway');
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(/does not support reading/);
	},
	'session-logs-in-file': async () => {
		expect((await inspectState('session-store')).State.Status).toBe('running');
		const r = await dockerStatus('logs', 'session-store');
		expect(r.stdout + r.stderr).toBe('');
	},
	'resizer-cpu-throttled': async () => {
		const cpu = await docker('stats', '--no-stream', '--format', '{{.CPUPerc}}', 'image-resizer');
		expect(Number.parseFloat(cpu)).toBeLessThan(15);
	},
	'thumbnail-pids-limit': async () => {
		const r = await dockerStatus('exec', 'thumbnail-pool', 'sh', '-c', 'sleep 0 & sleep 0 & wait');
		expect(r.code).not.toBe(0);
	},
};

describeLabLifecycles(cases);

describe('lab commands', () => {
	it('lists at least 16 scenarios with their cause ids, covering every category', async () => {
		const result = await lab('list', '--format', 'json');
		const list = JSON.parse(result.stdout) as {
			id: string;
			cause: string;
			title: string;
			category: string;
		}[];
		expect(list.length).toBeGreaterThanOrEqual(16);
		expect(new Set(list.map((s) => s.category))).toEqual(
			new Set(['network', 'storage', 'crash', 'health', 'logging', 'resources']),
		);
		for (const s of list) expect(s.title.length).toBeGreaterThan(10);
	});

	it('is safe to start twice and to reset twice, and says so', async () => {
		expect((await lab('start', 'cart-bad-mode')).code).toBe(0);
		const again = await lab('start', 'cart-bad-mode');
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('already running');
		expect((await lab('reset', 'cart-bad-mode')).stdout).toContain('container cart-service');
		const twice = await lab('reset', 'cart-bad-mode');
		expect(twice.stdout).toContain('Nothing to remove');
		await expectNothingLeft('cart-bad-mode');
	});

	it('explains unknown labs and verifying a lab that is not running, with exit 2', async () => {
		const unknown = await lab('start', 'no-such-lab');
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('There is no lab "no-such-lab"');
		const notRunning = await lab('verify', 'db-localhost');
		expect(notRunning.code).toBe(2);
		expect(notRunning.stderr).toContain('is not running');
	});

	it('gives hints one at a time', async () => {
		const first = await lab('hint', 'report-oom');
		expect(first.stdout.trim().split('\n')).toHaveLength(1);
		const second = await lab('hint', 'report-oom');
		expect(second.stdout.trim().split('\n')).toHaveLength(2);
	});
});

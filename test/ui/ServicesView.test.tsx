import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskSummary } from '../../src/model/swarm.js';
import { App, type DiagnoseService } from '../../src/ui/App.js';
import type { ServiceRow, SwarmService } from '../../src/ui/swarm-service.js';
import { resolveTheme } from '../../src/ui/theme.js';
import { press, waitForFrame } from '../helpers/frames.js';
import { DOWN, ESC } from '../helpers/keys.js';
import { FIXED_NOW, ListSource, makeRow } from '../helpers/list-source.js';

const theme = resolveTheme({ NO_COLOR: '1', LANG: 'C.UTF-8' });
const task = (slot: number, state: string, error: string, at: string, containerId: string): TaskSummary => ({
	id: `t-${slot}-${at}`,
	serviceId: 's',
	slot,
	node: 'node-1',
	desiredState: state === 'running' ? 'running' : 'shutdown',
	state,
	message: '',
	error,
	containerId,
	exitCode: state === 'failed' ? 3 : null,
	updatedAt: at,
});
const services: ServiceRow[] = [
	{ id: 'a', name: 'api', image: 'shop/api', mode: 'replicated', desired: 2, running: 2, tasks: [] },
	{
		id: 'b',
		name: 'worker',
		image: 'shop/worker',
		mode: 'replicated',
		desired: 1,
		running: 0,
		tasks: [
			task(1, 'failed', 'task: non-zero exit (3)', '2026-01-01T10:00:05Z', 'c-new'),
			task(1, 'failed', 'task: non-zero exit (3)', '2026-01-01T10:00:00Z', 'c-old'),
		],
	},
];

let instance: ReturnType<typeof render> | undefined;
afterEach(() => instance?.unmount());

describe('the Swarm services view', () => {
	it('opens on S with replicas and the last failed task, lists the selected service tasks, and diagnoses it on d', async () => {
		const asked: string[] = [];
		const swarm: SwarmService = {
			services: async () => services,
			taskToDiagnose: async (s) => {
				asked.push(s.name);
				return { id: 'c-new', name: 'worker.1.x' };
			},
		};
		const diagnosed: string[] = [];
		const diagnose: DiagnoseService = async (id) => {
			diagnosed.push(id);
			return new Promise(() => {});
		};
		instance = render(
			<App
				containers={new ListSource([makeRow({ name: 'web' })])}
				endpoint="x"
				theme={theme}
				now={FIXED_NOW}
				swarm={swarm}
				diagnose={diagnose}
			/>,
		);
		await waitForFrame(instance, 'web');
		let frame = await press(instance, 'S', /› api\s+2\/2/);
		expect(frame).toMatch(/› api\s+2\/2/);
		expect(frame).toMatch(/worker\s+0\/1\s+worker\.1 on node-1: failed "task: non-zero exit \(3\)"/);
		expect(frame).toContain('Esc/S back to containers');
		frame = await press(instance, DOWN, 'Tasks of worker, newest first:');
		expect(frame).toMatch(/› worker/);
		expect(frame).toContain('Tasks of worker, newest first:');
		expect(frame.indexOf('2026-01-01 10:00:05')).toBeLessThan(frame.indexOf('2026-01-01 10:00:00'));
		await press(instance, 'd', (frame) => frame.includes('Diagnosing worker.1.x') && diagnosed.length > 0);
		expect(asked).toEqual(['worker']);
		expect(diagnosed).toEqual(['c-new']);
		expect(instance.lastFrame()).toContain('Diagnosing worker.1.x');
		await press(instance, ESC, 'NAME');
		expect(instance.lastFrame()).toContain('NAME');
	});

	it('does nothing on S where no Swarm service is offered', async () => {
		instance = render(
			<App
				containers={new ListSource([makeRow({ name: 'web' })])}
				endpoint="x"
				theme={theme}
				now={FIXED_NOW}
			/>,
		);
		await waitForFrame(instance, 'showing 1 (all)');
		instance.stdin.write('S');
		// Proof that S was taken and ignored: a key after it still acts on the list (the services view ignores a).
		await press(instance, 'a', 'showing 1 (running)');
		expect(instance.lastFrame()).toContain('web');
		expect(instance.lastFrame()).not.toContain('REPLICAS');
	});
});

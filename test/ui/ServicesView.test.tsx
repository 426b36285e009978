import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskSummary } from '../../src/model/swarm.js';
import { App, type DiagnoseService } from '../../src/ui/App.js';
import type { ServiceRow, SwarmService } from '../../src/ui/swarm-service.js';
import { resolveTheme } from '../../src/ui/theme.js';
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
const settle = () => new Promise((r) => setTimeout(r, 60));

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
		await settle();
		instance.stdin.write('S');
		await settle();
		let frame = instance.lastFrame() ?? '';
		expect(frame).toMatch(/› api\s+2\/2/);
		expect(frame).toMatch(/worker\s+0\/1\s+worker\.1 on node-1: failed "task: non-zero exit \(3\)"/);
		expect(frame).toContain('Esc/S back to containers');
		instance.stdin.write(DOWN);
		await settle();
		frame = instance.lastFrame() ?? '';
		expect(frame).toMatch(/› worker/);
		expect(frame).toContain('Tasks of worker, newest first:');
		expect(frame.indexOf('2026-01-01 10:00:05')).toBeLessThan(frame.indexOf('2026-01-01 10:00:00'));
		instance.stdin.write('d');
		await settle();
		expect(asked).toEqual(['worker']);
		expect(diagnosed).toEqual(['c-new']);
		expect(instance.lastFrame()).toContain('Diagnosing worker.1.x');
		instance.stdin.write(ESC);
		await settle();
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
		await settle();
		instance.stdin.write('S');
		await settle();
		expect(instance.lastFrame()).toContain('web');
		expect(instance.lastFrame()).not.toContain('REPLICAS');
	});
});

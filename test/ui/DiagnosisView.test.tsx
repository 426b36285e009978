import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnosis, StepRecord } from '../../src/playbooks/diagnosis.js';
import { App, type DiagnoseService } from '../../src/ui/App.js';
import { resolveTheme } from '../../src/ui/theme.js';
import { press, waitForFrame } from '../helpers/frames.js';
import { ENTER, ESC } from '../helpers/keys.js';
import { FIXED_NOW, ListSource, makeRow } from '../helpers/list-source.js';

const theme = resolveTheme({ NO_COLOR: '1', LANG: 'C.UTF-8' });
const step = (id: string, title: string, status: StepRecord['status'], evidence: string[]): StepRecord => ({
	playbook: 'network',
	id,
	title,
	why: `Why ${title.toLowerCase()}`,
	status,
	evidence,
	command: `docker exec checkout-web ${id}`,
	durationMs: 5,
});
const steps = [
	step('dns', 'Does the name resolve?', 'warn', ['checkout-db does not resolve (NXDOMAIN)']),
	step('peer', 'Is there such a container?', 'fail', ['checkout-db exists on checkout-backend']),
];
const result: Diagnosis = {
	container: 'checkout-web',
	playbook: 'network',
	playbooksRun: ['network'],
	status: 'finding',
	cause: {
		id: 'network-not-shared',
		summary: 'checkout-db shares no network with checkout-web',
		explanation: 'Names resolve only on a shared network.',
		fix: ['docker network connect checkout-backend checkout-web'],
	},
	steps,
	inputs: { target: 'checkout-db' },
	durationMs: 20,
};

/** Reports the steps one by one, as the real run does, then the result. */
const diagnoseService: DiagnoseService = async (_id, onStep) => {
	for (const s of steps) onStep(s);
	return result;
};

let instance: ReturnType<typeof render> | undefined;
afterEach(() => instance?.unmount());

describe('walking a diagnosis in the console', () => {
	it('starts on d, reveals a step per Enter with why, command and evidence, and ends at the cause and fix', async () => {
		const source = new ListSource([
			makeRow({ name: 'checkout-web', state: 'running', restartCount: 2 }),
			makeRow({ name: 'checkout-db' }),
		]);
		instance = render(
			<App
				containers={source}
				endpoint="unix:///var/run/docker.sock"
				theme={theme}
				now={FIXED_NOW}
				diagnose={diagnoseService}
			/>,
		);
		const screen = instance;
		// The list marks the container triage would diagnose, and puts it first (sorted by state, trouble first).
		await waitForFrame(screen, /› checkout-web[^\n]*\n\s+checkout-db/);
		expect(instance.lastFrame()).toMatch(/› checkout-web[^\n]*\n\s+checkout-db/);
		await press(screen, 'j', '! checkout-web');
		expect(instance.lastFrame()).toContain('! checkout-web');
		let frame = await press(screen, 'kd', 'checkout-db does not resolve (NXDOMAIN)');
		expect(frame).toContain('Diagnosing checkout-web');
		expect(frame).toContain('Why does the name resolve?');
		expect(frame).toContain('By hand: docker exec checkout-web dns');
		expect(frame).toContain('checkout-db does not resolve (NXDOMAIN)');
		expect(frame).not.toContain('Root cause');
		frame = await press(screen, ENTER, 'checkout-db exists on checkout-backend');
		expect(frame).toContain('[warn] Does the name resolve?');
		expect(frame).toContain('checkout-db exists on checkout-backend');
		frame = await press(screen, ENTER, 'Root cause: network-not-shared');
		expect(frame).toContain('Root cause: network-not-shared');
		expect(frame).toContain('docker network connect checkout-backend checkout-web');
		await press(screen, ESC, 'NAME');
		expect(instance.lastFrame()).toContain('NAME');
		expect(instance.lastFrame()).not.toContain('Diagnosing');
	});

	it('acts on what a burst of keys put on screen: "/web", Enter and d typed at once diagnose the filtered container', async () => {
		const seen: string[] = [];
		const recording: DiagnoseService = async (id, onStep, onRunning) => {
			seen.push(id);
			return diagnoseService(id, onStep, onRunning);
		};
		const source = new ListSource([
			makeRow({ name: 'aaa-db', state: 'exited', exitCode: 1 }),
			makeRow({ name: 'checkout-web' }),
		]);
		instance = render(
			<App containers={source} endpoint="x" theme={theme} now={FIXED_NOW} diagnose={recording} />,
		);
		await waitForFrame(instance, 'checkout-web');
		await press(
			instance,
			'/checkout\rd',
			(frame) => frame.includes('Diagnosing checkout-web') && seen.length > 0,
		);
		expect(seen).toEqual(['id-checkout-web']);
		expect(instance.lastFrame()).toContain('Diagnosing checkout-web');
	});

	it('shows the check that is running with its elapsed time, and stays usable while it hangs', async () => {
		const hanging: DiagnoseService = (_id, onStep, onRunning) => {
			onStep(steps[0] as StepRecord);
			onRunning({ title: 'Is there such a container?', startedAt: Date.now(), timeoutMs: 10_000 });
			return new Promise<Diagnosis>(() => {});
		};
		instance = render(
			<App
				containers={new ListSource([makeRow({ name: 'checkout-web' })])}
				endpoint="x"
				theme={theme}
				now={FIXED_NOW}
				diagnose={hanging}
			/>,
		);
		await waitForFrame(instance, 'checkout-web');
		await press(instance, `d${ENTER}`, 'Running: Is there such a container?');
		expect(instance.lastFrame()).toContain('Running: Is there such a container? 0 s (gives up after 10 s)');
		// The clock ticks by itself. Timers may run late on a loaded machine, and the time shown is counted
		// from the start, so a late tick can go from 0 s straight to 2 s: wait up to 5 s for any second past 0.
		const ticked = /Running: Is there such a container\? [1-9]\d* s \(gives up after 10 s\)/;
		await waitForFrame(instance, ticked, { timeoutMs: 5000 });
		expect(instance.lastFrame()).toMatch(ticked);
		await press(instance, ESC, 'NAME');
		expect(instance.lastFrame()).not.toContain('Diagnosing');
	});

	it('shows a failed diagnosis as a message, not a crash', async () => {
		const failing: DiagnoseService = async () => {
			throw new Error('No such container: checkout-web.');
		};
		instance = render(
			<App
				containers={new ListSource([makeRow({ name: 'checkout-web' })])}
				endpoint="x"
				theme={theme}
				now={FIXED_NOW}
				diagnose={failing}
			/>,
		);
		await waitForFrame(instance, 'checkout-web');
		await press(instance, 'd', 'No such container: checkout-web.');
		expect(instance.lastFrame()).toContain('No such container: checkout-web.');
	});

	it('ends an inconclusive diagnosis with why: the error lines no check explains', async () => {
		const unexplained: Diagnosis = {
			...result,
			status: 'inconclusive',
			cause: null,
			note: 'its logs report errors no check explains: java.lang.OutOfMemoryError: Java heap space',
		};
		instance = render(
			<App
				containers={new ListSource([makeRow({ name: 'checkout-web' })])}
				endpoint="unix:///var/run/docker.sock"
				theme={theme}
				now={FIXED_NOW}
				diagnose={async (_id, onStep) => {
					for (const s of steps) onStep(s);
					return unexplained;
				}}
			/>,
		);
		await waitForFrame(instance, 'checkout-web');
		await press(instance, 'd', 'checkout-db does not resolve (NXDOMAIN)');
		const frame = await press(instance, 'e', 'Inconclusive:');
		expect(frame).toContain('Inconclusive: its logs report errors no check explains');
		expect(frame).toContain('OutOfMemoryError');
		expect(frame).not.toContain('some checks could not run');
	});
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { DockmedicError } from '../../src/engine/index.js';
import type { ContainerDetails } from '../../src/model/container.js';
import type { RunEvent } from '../../src/playbooks/diagnosis.js';
import { PROBES, type ProbeRegistry } from '../../src/playbooks/probes/index.js';
import type { ProbeContext, ProbeEngine, ProbeResult } from '../../src/playbooks/probes/probe.js';

/** What a fake probe does when run. */
type Probe = (ctx: ProbeContext) => Promise<ProbeResult>;

import { type RunOptions, runPlaybook } from '../../src/playbooks/runner.js';
import type { Playbook, PlaybookStep } from '../../src/playbooks/schema.js';

afterEach(() => {
	vi.useRealTimers();
});

const subject = { id: 'c1', name: 'web', labels: {}, config: { env: [] } } as unknown as ContainerDetails;

/** A step whose fake probe is picked by the step's id (passed as the probe's `step` parameter). */
function step(id: string, over: Partial<PlaybookStep> = {}): PlaybookStep {
	return {
		id,
		title: `step ${id}`,
		why: 'a step of the fake playbook',
		probe: { kind: 'env', step: id },
		command: `docker inspect ${id}`,
		requires: [],
		only_if: {},
		timeout_s: 10,
		verdicts: [],
		...over,
	};
}

function playbook(...steps: PlaybookStep[]): Playbook {
	const cause = (summary: string) => ({ summary, explanation: 'because', fix: ['docker logs web'] });
	return {
		id: 'fake',
		title: 'fake playbook',
		description: 'a playbook run on fake probes',
		applies_to: { states: ['running'] },
		inputs: {},
		steps,
		causes: {
			'oom-killed': cause('out of memory'),
			'app-error-exit': cause('the application exited with an error'),
			'disk-full': cause('the disk is full'),
		},
	};
}

/** Every probe kind answers through one fake, which runs the behaviour given for the step and notes the call. */
function fakeProbes(byStep: Record<string, Probe>, calls: string[]): ProbeRegistry {
	const probe: Probe = (ctx) => {
		const id = String(ctx.params.step);
		calls.push(id);
		const behaviour = byStep[id];
		if (!behaviour) throw new Error(`no fake probe for step ${id}`);
		return behaviour(ctx);
	};
	return Object.fromEntries(
		PROBES.map(({ kind }) => [kind, { ...PROBES[0], kind, run: probe }]),
	) as unknown as ProbeRegistry;
}

const facts =
	(found: Record<string, unknown>): Probe =>
	async () => ({ facts: found, evidence: ['seen'] });

/** Walks a playbook to its end; a walk that loops fails instead of hanging the test. */
async function walk(pb: Playbook, probes: ProbeRegistry, over: Partial<RunOptions> = {}) {
	const events: RunEvent[] = [];
	const generator = runPlaybook(pb, {
		engine: {} as ProbeEngine,
		subject,
		helperImage: 'busybox',
		probes,
		...over,
	});
	for (let next = await generator.next(); ; next = await generator.next()) {
		if (next.done) return { outcome: next.value, events };
		events.push(next.value);
		if (events.length > 100) throw new Error('the walk does not end');
	}
}

const statuses = (outcome: { steps: readonly { id: string; status: string }[] }) =>
	outcome.steps.map((s) => `${s.id}:${s.status}`);

describe('the playbook runner', () => {
	it('takes the first verdict whose conditions hold, in the order written, and ends on its cause', async () => {
		const calls: string[] = [];
		const pb = playbook(
			step('a', {
				verdicts: [
					{ when: { code: 2 }, cause: 'oom-killed' },
					{ when: { code: 1 }, cause: 'app-error-exit' },
					{ when: {}, cause: 'disk-full' },
				],
			}),
			step('b'),
		);
		const { outcome } = await walk(pb, fakeProbes({ a: facts({ code: 1 }), b: facts({}) }, calls));
		expect(outcome.status).toBe('finding');
		expect(outcome.cause?.id).toBe('app-error-exit');
		expect(outcome.cause?.summary).toBe('the application exited with an error');
		expect(statuses(outcome)).toEqual(['a:fail']);
		expect(calls).toEqual(['a']);
	});

	it('ends on a healthy or inconclusive verdict; a note warns and the walk goes on', async () => {
		const calls: string[] = [];
		const probes = fakeProbes({ a: facts({ x: 1 }), b: facts({}), c: facts({}) }, calls);
		const healthy = await walk(
			playbook(
				step('a', { verdicts: [{ when: {}, note: 'x is {{a.x}}' }] }),
				step('b', { verdicts: [{ when: {}, healthy: true }] }),
				step('c', { verdicts: [{ when: {}, cause: 'disk-full' }] }),
			),
			probes,
		);
		expect(healthy.outcome.status).toBe('healthy');
		expect(statuses(healthy.outcome)).toEqual(['a:warn', 'b:pass']);
		expect(healthy.outcome.steps[0]?.evidence).toEqual(['seen', 'x is 1']);
		const inconclusive = await walk(
			playbook(step('a', { verdicts: [{ when: {}, inconclusive: true }] }), step('b')),
			probes,
		);
		expect(inconclusive.outcome.status).toBe('inconclusive');
		expect(statuses(inconclusive.outcome)).toEqual(['a:warn']);
		expect(calls).toEqual(['a', 'b', 'a']);
	});

	it('jumps forward with next, past the steps between', async () => {
		const calls: string[] = [];
		const pb = playbook(step('a', { verdicts: [{ when: {}, next: 'c' }] }), step('b'), step('c'));
		const { outcome } = await walk(pb, fakeProbes({ a: facts({}), b: facts({}), c: facts({}) }, calls));
		expect(calls).toEqual(['a', 'c']);
		expect(statuses(outcome)).toEqual(['a:pass', 'c:pass']);
		expect(outcome.status).toBe('healthy');
	});

	it('cannot loop on a next that points backwards or at its own step: the walk goes on in order and ends', async () => {
		const calls: string[] = [];
		// The schema refuses these jumps; a playbook built without it must still end.
		const pb = playbook(
			step('a'),
			step('b', { verdicts: [{ when: {}, next: 'a' }] }),
			step('c', { verdicts: [{ when: {}, next: 'c' }] }),
			step('d', { verdicts: [{ when: {}, next: 'nowhere' }] }),
			step('e'),
		);
		const same = facts({});
		const { outcome } = await walk(pb, fakeProbes({ a: same, b: same, c: same, d: same, e: same }, calls));
		expect(calls).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(outcome.status).toBe('healthy');
	});

	it('skips a step whose required value is missing or whose only_if does not hold, without probing it', async () => {
		const calls: string[] = [];
		const pb = playbook(
			step('a'),
			step('b', { requires: ['inputs.target'] }),
			step('c', { only_if: { 'a.kind': 'tcp' } }),
			step('d', { requires: ['a.kind'], only_if: { 'a.kind': 'udp' } }),
		);
		const { outcome, events } = await walk(
			pb,
			fakeProbes({ a: facts({ kind: 'udp' }), b: facts({}), c: facts({}), d: facts({}) }, calls),
		);
		expect(calls).toEqual(['a', 'd']);
		expect(statuses(outcome)).toEqual(['a:pass', 'b:skipped', 'c:skipped', 'd:pass']);
		expect(outcome.steps[1]?.evidence).toEqual(['skipped: no inputs.target']);
		expect(outcome.steps[2]?.evidence).toEqual(['skipped: does not apply here']);
		expect(
			events.filter((e) => e.type === 'step-started').map((e) => e.type === 'step-started' && e.id),
		).toEqual(['a', 'd']);
		expect(outcome.status).toBe('healthy');
	});

	it("cuts off a probe at its step's timeout, records the step as an error, and goes on", async () => {
		vi.useFakeTimers();
		const calls: string[] = [];
		const pb = playbook(step('a', { timeout_s: 2, verdicts: [{ when: {}, cause: 'disk-full' }] }), step('b'));
		const hung: Probe = () => new Promise(() => {});
		const walking = walk(pb, fakeProbes({ a: hung, b: facts({}) }, calls));
		await vi.advanceTimersByTimeAsync(1999);
		expect(calls).toEqual(['a']);
		await vi.advanceTimersByTimeAsync(1);
		expect(calls).toEqual(['a', 'b']);
		const { outcome, events } = await walking;
		expect(statuses(outcome)).toEqual(['a:error', 'b:pass']);
		expect(outcome.steps[0]?.evidence).toEqual(['env probe timed out after 2.0 s']);
		expect(events.find((e) => e.type === 'step-started')).toMatchObject({ id: 'a', timeoutMs: 2000 });
		expect(outcome.status).toBe('inconclusive');
	});

	it('gives every step the stepTimeoutMs it is told instead of its own', async () => {
		vi.useFakeTimers();
		const calls: string[] = [];
		const pb = playbook(step('a', { timeout_s: 30 }), step('b'));
		const walking = walk(pb, fakeProbes({ a: () => new Promise(() => {}), b: facts({}) }, calls), {
			stepTimeoutMs: 50,
		});
		await vi.advanceTimersByTimeAsync(50);
		expect(calls).toEqual(['a', 'b']);
		const { outcome } = await walking;
		expect(outcome.steps[0]?.evidence).toEqual(['env probe timed out after 0.1 s']);
	});

	it("records a probe that throws as an error with its message's first line, skips its verdicts, and goes on", async () => {
		const calls: string[] = [];
		const pb = playbook(
			step('a', { verdicts: [{ when: {}, cause: 'disk-full' }] }),
			step('b', { verdicts: [{ when: {}, cause: 'oom-killed' }] }),
			step('c'),
		);
		const throwsAtOnce: Probe = () => {
			throw new DockmedicError('the engine said no', { tryMessage: 'try again later' });
		};
		const rejects: Probe = async () => {
			throw new Error('connection reset');
		};
		const { outcome } = await walk(pb, fakeProbes({ a: throwsAtOnce, b: rejects, c: facts({}) }, calls));
		expect(calls).toEqual(['a', 'b', 'c']);
		expect(statuses(outcome)).toEqual(['a:error', 'b:error', 'c:pass']);
		expect(outcome.steps[0]?.evidence).toEqual(['the engine said no']);
		expect(outcome.steps[1]?.evidence).toEqual(['connection reset']);
		expect(outcome.status).toBe('inconclusive');
		expect(outcome.cause).toBeNull();
	});
});

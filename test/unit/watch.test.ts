import { describe, expect, it } from 'vitest';
import { WatchMetrics } from '../../src/cli/watch-metrics.js';
import type { ContainerDetails } from '../../src/model/container.js';
import {
	AlertBook,
	EventCursor,
	markdownOf,
	recoveredNow,
	slackTextOf,
	triggerOf,
	type WatchMessage,
} from '../../src/model/watch.js';

const event = (action: string, attributes: Record<string, string> = {}) => ({
	id: 'c1',
	name: 'web',
	action,
	time: 0,
	attributes,
});

describe('what the watch alerts on', () => {
	it('takes a death with a non-zero code, an OOM kill and a failing health check; not a clean or asked-for stop', () => {
		expect(triggerOf(event('die', { exitCode: '3' }), false)).toBe('died');
		expect(triggerOf(event('die', { exitCode: '0' }), false)).toBeNull();
		expect(triggerOf(event('die', { exitCode: '143' }), true)).toBeNull();
		expect(triggerOf(event('oom'), false)).toBe('oom');
		expect(triggerOf(event('health_status: unhealthy'), false)).toBe('unhealthy');
		expect(triggerOf(event('health_status: healthy'), false)).toBeNull();
		expect(triggerOf(event('start'), false)).toBeNull();
	});

	it('is quiet at first, alerts once per container until it recovers, and holds back past the rate, counting', () => {
		const book = new AlertBook({ quietUntil: 1000, perMinute: 2 });
		expect(book.wants('a', 500)).toBe(false);
		expect(book.wants('a', 1000)).toBe(true);
		expect(book.admit('a', 'oom-killed', 'oom', 1000)).toBe(true);
		expect(book.wants('a', 2000)).toBe(false);
		expect(book.admit('b', 'x', 'died', 1100)).toBe(true);
		expect(book.admit('c', 'y', 'died', 1200)).toBe(false);
		expect(book.takeSuppressed()).toBe(1);
		expect(book.admit('d', 'z', 'died', 61_001)).toBe(true);
		expect(book.close('a')).toBe(true);
		expect(book.close('a')).toBe(false);
		expect(book.wants('a', 70_000)).toBe(true);
	});

	it('counts a container recovered once it runs well for the stable time', () => {
		const state = { running: true, restarting: false, health: 'healthy', startedAt: '2026-12-01T10:00:00Z' };
		const at = Date.parse('2026-12-01T10:00:30Z');
		expect(recoveredNow(state, 30_000, at)).toBe(true);
		expect(recoveredNow(state, 31_000, at)).toBe(false);
		expect(recoveredNow({ ...state, health: 'unhealthy' }, 1000, at)).toBe(false);
		expect(recoveredNow({ ...state, running: false }, 1000, at)).toBe(false);
	});

	it('writes an alert as a Markdown section and a Slack message', () => {
		const alert: WatchMessage = {
			type: 'alert',
			time: '2026-12-01T10:00:00.000Z',
			host: 'db-host',
			container: 'orders-db',
			id: 'c1',
			trigger: 'oom',
			cause: 'oom-killed',
			summary: 'orders-db was killed for memory',
			evidence: ['State.OOMKilled=true'],
			fix: 'docker update --memory 512m orders-db',
			suppressed: 2,
		};
		expect(markdownOf(alert)).toBe(
			'## 2026-12-01T10:00:00.000Z orders-db on db-host: oom-killed\n\nSeen: oom. orders-db was killed for memory\n\nEvidence:\n\n- State.OOMKilled=true\n\nFix: docker update --memory 512m orders-db\n\n(2 more alerts were held back by the rate limit.)\n\n',
		);
		expect(slackTextOf(alert)).toBe(
			':rotating_light: *orders-db* on db-host: *oom-killed* (oom)\norders-db was killed for memory\n> State.OOMKilled=true\nFix: docker update --memory 512m orders-db',
		);
	});
});

describe('the metrics the watch serves', () => {
	const details = (name: string, over: Record<string, unknown> = {}) =>
		({
			name,
			state: 'running',
			restartCount: 2,
			oomKilled: false,
			health: null,
			hostConfig: { nanoCpus: 500_000_000 },
			...over,
		}) as unknown as ContainerDetails;

	it('escapes label values, and an engine’s next scan replaces its series (a removed container goes)', async () => {
		const metrics = new WatchMetrics();
		metrics.update(
			'db-host',
			[
				{ details: details('we"ird\\name\n'), sample: null },
				{ details: details('web'), sample: null },
			],
			[{ container: 'web', cause: 'port-not-published' }],
		);
		let text = await metrics.registry.metrics();
		expect(text).toContain('dockmedic_container_restarts{host="db-host",container="we\\"ird\\\\name\\n"} 2');
		expect(text).toContain(
			'dockmedic_container_finding{host="db-host",container="web",cause="port-not-published"} 1',
		);
		metrics.update('db-host', [{ details: details('web'), sample: null }], []);
		text = await metrics.registry.metrics();
		expect(text).not.toContain('we\\"ird');
		expect(text).not.toContain('dockmedic_container_finding{');
		expect(text).toContain('dockmedic_container_cpu_limit_cores{host="db-host",container="web"} 0.5');
	});
});

describe('reading the events stream again after it broke', () => {
	const event = (id: string, action: string, timeNano: number) => ({
		id,
		action,
		name: id,
		time: Math.floor(timeNano / 1e9),
		timeNano,
		attributes: {},
	});

	it('opens live the first time, then from a minute before the break, never before the start', () => {
		const cursor = new EventCursor(1_000_000);
		expect(cursor.resumeFrom(1_010_000)).toBeUndefined();
		cursor.broke(1_030_000);
		expect(cursor.resumeFrom(1_032_000)).toBe(1000);
		cursor.broke(5_000_000);
		expect(cursor.resumeFrom(5_002_000)).toBe(4940);
		// Down for an hour: what the engine replays is capped to the last ten minutes.
		expect(cursor.resumeFrom(8_600_000)).toBe(8000);
	});

	it('tells each death once, whatever order the engine replays them in', () => {
		const cursor = new EventCursor(0);
		const oom = event('a', 'oom', 2_000_000_500);
		const die = event('a', 'die', 2_000_000_100);
		expect(cursor.advance(oom)).toBe(true);
		// Earlier than the event before it: the engine does not emit in time order.
		expect(cursor.advance(die)).toBe(true);
		// Replayed after a break.
		expect(cursor.advance(die)).toBe(false);
		expect(cursor.advance(oom)).toBe(false);
		expect(cursor.advance(event('a', 'die', 9_000_000_000))).toBe(true);
		// Events the watch does not act on are not remembered.
		const exec = event('a', 'exec_start: sh', 2_000_000_200);
		expect(cursor.advance(exec)).toBe(true);
		expect(cursor.advance(exec)).toBe(true);
	});
});

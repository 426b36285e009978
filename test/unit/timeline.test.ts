import { describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../../src/model/container.js';
import { parseDuration, timelineOf } from '../../src/model/timeline.js';
import { toJson, toMarkdown, toText } from '../../src/model/timeline-report.js';

const event = (action: string, time: number, attributes: Record<string, string> = {}): ContainerEvent => ({
	id: 'c1',
	name: 'worker',
	action,
	time: Math.floor(time),
	timeNano: time * 1e9,
	attributes,
});

/** A crash loop: three runs a second and a half apart, each writing two lines and dying with 3. */
const loop = [
	event('create', 100),
	event('start', 100.2),
	event('die', 101.5, { exitCode: '3' }),
	event('start', 101.8),
	event('die', 103.0, { exitCode: '3' }),
	event('exec_create: sh', 102),
	event('exec_start: sh -c ps', 102.1),
	event('start', 103.3),
	event('die', 104.6, { exitCode: '3' }),
	event('kill', 105, { signal: '15' }),
	event('health_status: unhealthy', 105.5),
];
const lines = [100.1, 101.6, 103.2].flatMap((t, run) => [
	{ text: `run ${run} starting`, time: t },
	{ text: `run ${run}: fatal: queue closed`, time: t + 1.2 },
]);

describe('the timeline', () => {
	it('puts the events on one axis, each death with the lines its own run wrote, and the loop rate', () => {
		const t = timelineOf('worker', [...loop].reverse(), { since: 0, until: 3600 }, lines);
		expect(t.entries.map((e) => e.summary)).toEqual([
			'created',
			'started',
			'died: exit code 3 (application-defined error)',
			'started',
			'exec: sh -c ps',
			'died: exit code 3 (application-defined error)',
			'started',
			'died: exit code 3 (application-defined error)',
			'sent signal 15 (SIGTERM)',
			'health: unhealthy',
		]);
		// Each death with its own run's lines, even though runs start and die in the same second.
		expect(t.entries.filter((e) => e.action === 'die').map((e) => e.lastLines)).toEqual([
			['run 0 starting', 'run 0: fatal: queue closed'],
			['run 1 starting', 'run 1: fatal: queue closed'],
			['run 2 starting', 'run 2: fatal: queue closed'],
		]);
		expect([t.deaths, t.restarts, t.secondsBetweenDeaths, t.deathsPerHour]).toEqual([3, 2, 2, 3]);
	});

	it('reports as text, JSON (RFC 3339 times) and Markdown', () => {
		const t = timelineOf('worker', loop, { since: 0, until: 3600 }, lines);
		expect(toText(t)).toContain(
			'worker: 1970-01-01T00:00:00.000Z to 1970-01-01T01:00:00.000Z: 3 deaths, 2 restarts',
		);
		expect(toText(t)).toContain('| run 1: fatal: queue closed');
		const json = toJson(t);
		expect(json.entries[2]).toEqual({
			time: '1970-01-01T00:01:41.500Z',
			action: 'die',
			summary: 'died: exit code 3 (application-defined error)',
			bad: true,
			lastLines: ['run 0 starting', 'run 0: fatal: queue closed'],
		});
		expect(toMarkdown(t)).toMatch(/\| 1970-01-01T00:01:41\.500Z \| \*\*died: exit code 3/);
		expect(timelineOf('idle', [], { since: 0, until: 60 }).deathsPerHour).toBeNull();
	});

	it('reads durations as a person writes them', () => {
		expect([
			parseDuration('90s'),
			parseDuration('30m'),
			parseDuration('1h'),
			parseDuration('2d'),
			parseDuration('45'),
		]).toEqual([90, 1800, 3600, 172_800, 45]);
		expect(parseDuration('an hour')).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import { nextTriageDelay, type TriageRead } from '../../src/model/triage-pace.js';

const BASE = 15_000;
const read = (over: Partial<TriageRead>): TriageRead => ({
	newLines: 0,
	spanS: 15,
	failing: false,
	onScreen: true,
	previousDelayMs: BASE,
	...over,
});

describe('log triage pacing', () => {
	it('reads a busy container on screen, and a failing one anywhere, every base interval', () => {
		expect(nextTriageDelay(read({ newLines: 15 }), BASE)).toBe(BASE);
		expect(nextTriageDelay(read({ failing: true, onScreen: false, previousDelayMs: 120_000 }), BASE)).toBe(
			BASE,
		);
	});

	it('backs off from a quiet container, doubling, to 4x on screen and 8x off screen', () => {
		const delays: number[] = [];
		let previous: number | null = null;
		for (let i = 0; i < 5; i++) {
			previous = nextTriageDelay(read({ previousDelayMs: previous }), BASE);
			delays.push(previous);
		}
		expect(delays).toEqual([15_000, 30_000, 60_000, 60_000, 60_000]);
		expect(nextTriageDelay(read({ onScreen: false, previousDelayMs: 60_000 }), BASE)).toBe(120_000);
		expect(nextTriageDelay(read({ onScreen: false, previousDelayMs: 120_000 }), BASE)).toBe(120_000);
	});

	it('reads a busy container off screen at 4x, unless its rate would fill the tail sooner', () => {
		expect(nextTriageDelay(read({ onScreen: false, newLines: 60, spanS: 60 }), BASE)).toBe(60_000);
		// 8 lines a second fill 160 lines (the tail with a fifth to spare) in 20 s.
		expect(nextTriageDelay(read({ onScreen: false, newLines: 480, spanS: 60 }), BASE)).toBe(20_000);
		// A flood is still read no more often than the base interval.
		expect(nextTriageDelay(read({ onScreen: false, newLines: 200, spanS: 1 }), BASE)).toBe(BASE);
	});

	it('starts a first read of a quiet container at the base interval', () => {
		expect(nextTriageDelay(read({ previousDelayMs: null }), BASE)).toBe(BASE);
	});
});

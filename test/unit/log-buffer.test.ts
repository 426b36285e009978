import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../src/model/log-lines.js';
import { screenRows } from '../../src/model/log-view.js';
import { displayWidth } from '../../src/model/text-width.js';

/** Numbered lines "line N", cut into chunks at arbitrary places (mid-line too). */
function chunked(total: number, cuts: number[]): string[] {
	const text = Array.from({ length: total }, (_, i) => `line ${i}\n`).join('');
	const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
	const chunks: string[] = [];
	let at = 0;
	for (const p of [...points, text.length]) {
		if (p > at) chunks.push(text.slice(at, p));
		at = p;
	}
	return chunks;
}

describe('the log buffer', () => {
	it('keeps exactly the newest lines within the budget, in order, whole, and counts the rest as dropped', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 400 }),
				fc.array(fc.nat(), { maxLength: 60 }),
				fc.integer({ min: 1, max: 50 }),
				fc.boolean(),
				(total, cuts, budget, readBetween) => {
					const buffer = new LogBuffer(budget);
					for (const chunk of chunked(total, cuts)) {
						buffer.push('stdout', chunk);
						// Reading between pushes (a render) must not change what is kept.
						if (readBetween) buffer.all();
					}
					const kept = buffer.all().map((l) => l.text);
					expect(kept.length).toBeLessThanOrEqual(budget);
					// Every kept line is whole and they are consecutive, ending with the newest.
					const numbers = kept.map((t) => Number(/^line (\d+)$/.exec(t)?.[1]));
					expect(numbers.every(Number.isInteger)).toBe(true);
					expect(numbers).toEqual(kept.map((_, i) => total - kept.length + i));
					expect(buffer.dropped + kept.length).toBe(total);
					// At least the last ~90 % of the budget is always there (trimming is in batches).
					expect(kept.length).toBeGreaterThanOrEqual(Math.min(total, budget - Math.floor(budget / 10)));
				},
			),
			{ numRuns: 300 },
		);
	});

	it('holds on to the cut lines only, not to the megabyte lines they were cut from', () => {
		v8.setFlagsFromString('--expose-gc');
		const gc = vm.runInNewContext('gc') as () => void;
		const buffer = new LogBuffer(5000);
		gc();
		const before = process.memoryUsage().heapUsed;
		// 100 lines of 1 MB, each in a chunk of its own with a short line after it: 100 MB went by.
		for (let i = 0; i < 100; i++)
			buffer.push('stdout', `${String(i).repeat(1 << 20)}\nshort line number ${i}\n`);
		gc();
		const held = process.memoryUsage().heapUsed - before;
		expect(buffer.size).toBe(200);
		// 100 cut lines of 4096 characters and 100 short ones are well under 10 MB; the chunks were 100 MB.
		expect(held).toBeLessThan(10 * 1024 * 1024);
	});

	it('keeps the newest line of a flood, with its stream', () => {
		const buffer = new LogBuffer(100);
		for (let i = 0; i < 1000; i++) buffer.push('stderr', `${'x'.repeat(10)} ${i}\n`);
		expect(buffer.all().at(-1)?.text).toBe('xxxxxxxxxx 999');
		expect(buffer.all().at(-1)?.stream).toBe('stderr');
		expect(buffer.size + buffer.dropped).toBe(1000);
	});

	it('wraps lines into rows of the width in terminal columns, the newest rows kept, never splitting a character', () => {
		const line = (text: string) => ({
			stream: 'stdout' as const,
			text,
			level: null,
			entry: { level: null },
			continues: false,
			seq: 0,
		});
		const wrap = (lines: ReturnType<typeof line>[], width: number, rows: number) =>
			screenRows(lines, { width, rows, wrap: true });
		// An emoji and a CJK character take two columns each.
		const rows = wrap([line('old'), line('abcdefghij'), line('😀😀😀😀😀'), line('')], 4, 5);
		expect(rows.map((r) => [r.text, r.continued])).toEqual([
			['ij', true],
			['😀😀', false],
			['😀😀', true],
			['😀', true],
			['', false],
		]);
		expect(wrap([line('数据库连接失败: db')], 6, 5).map((r) => r.text)).toEqual([
			'数据库',
			'连接失',
			'败: db',
		]);
		const unit = fc.constantFrom('a', 'b', ' ', ':', '中', '文', '😀', 'é', 'e\u0301', '👩‍💻');
		fc.assert(
			fc.property(
				fc.array(fc.string({ unit, maxLength: 40 }), { maxLength: 20 }),
				fc.integer({ min: 2, max: 12 }),
				fc.integer({ min: 1, max: 30 }),
				(texts, width, count) => {
					const got = wrap(texts.map(line), width, count);
					expect(got.length).toBeLessThanOrEqual(count);
					for (const row of got) expect(displayWidth(row.text)).toBeLessThanOrEqual(width);
					// Put back together, the rows are the newest lines (the oldest perhaps only its end).
					const rebuilt: string[] = [];
					for (const row of got) {
						if (row.continued && rebuilt.length) rebuilt[rebuilt.length - 1] += row.text;
						else rebuilt.push(row.text);
					}
					const whole = rebuilt.slice(got[0]?.continued ? 1 : 0);
					expect(whole).toEqual(whole.length ? texts.slice(-whole.length) : []);
					if (got[0]?.continued)
						expect(texts[texts.length - whole.length - 1]?.endsWith(rebuilt[0] ?? '')).toBe(true);
				},
			),
		);
	});
});

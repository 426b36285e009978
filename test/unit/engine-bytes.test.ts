import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demultiplex } from '../../src/engine/demux.js';
import { lowerVersion } from '../../src/engine/engine.js';
import { splitLines } from '../../src/model/log-lines.js';
import { listeningSockets, parseProcNetTcp } from '../../src/model/proc-net.js';
import { sanitizeLine } from '../../src/model/sanitize.js';

const frame = (stream: 1 | 2, text: string) => {
	const body = Buffer.from(text);
	const header = Buffer.alloc(8);
	header[0] = stream;
	header.writeUInt32BE(body.length, 4);
	return Buffer.concat([header, body]);
};

describe('bytes from the engine', () => {
	it('demultiplexes frames into runs of one stream, and keeps an incomplete frame for later', () => {
		const whole = Buffer.concat([frame(1, 'a\n'), frame(1, 'b\n'), frame(2, 'oops\n'), frame(1, 'c')]);
		const { chunks, rest } = demultiplex(whole.subarray(0, whole.length - 3), false);
		expect(chunks.map((c) => [c.stream, c.data.toString()])).toEqual([
			['stdout', 'a\nb\n'],
			['stderr', 'oops\n'],
		]);
		expect(rest.length).toBe(6);
		expect(demultiplex(Buffer.from('raw tty'), true).chunks[0]?.data.toString()).toBe('raw tty');
	});

	it('hands over every byte of each stream in order, however the frames are cut across reads', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom<1 | 2>(1, 2), fc.string({ maxLength: 20 })), { maxLength: 30 }),
				fc.array(fc.nat(), { maxLength: 10 }),
				(frames, cuts) => {
					const whole = Buffer.concat(frames.map(([stream, text]) => frame(stream, text)));
					const points = [...new Set(cuts.map((c) => c % (whole.length + 1))), whole.length].sort(
						(a, b) => a - b,
					);
					const got = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
					let pending: Buffer = Buffer.alloc(0);
					let at = 0;
					for (const point of points) {
						const { chunks, rest } = demultiplex(Buffer.concat([pending, whole.subarray(at, point)]), false);
						for (const chunk of chunks) got[chunk.stream].push(chunk.data);
						pending = rest;
						at = point;
					}
					const said = (stream: 1 | 2) =>
						frames
							.filter(([s]) => s === stream)
							.map(([, text]) => text)
							.join('');
					expect(Buffer.concat(got.stdout).toString()).toBe(said(1));
					expect(Buffer.concat(got.stderr).toString()).toBe(said(2));
					expect(pending.length).toBe(0);
				},
			),
		);
	});

	it('negotiates the lower API version', () => {
		expect(lowerVersion('1.41', '1.45')).toBe('1.41');
		expect(lowerVersion('1.47', '1.45')).toBe('1.45');
		expect(lowerVersion('1.9', '1.10')).toBe('1.9');
	});

	it('parses /proc/net/tcp listeners, loopback or not, IPv4 and IPv6', () => {
		const text = [
			'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
			'   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1',
			'   1: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2',
			'   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 0 0 0 0 0 3',
		].join('\n');
		expect(parseProcNetTcp(text)).toEqual([
			{ address: '127.0.0.1', port: 8080, state: 'LISTEN', loopback: true },
			{ address: '0.0.0.0', port: 5432, state: 'LISTEN', loopback: false },
			{ address: '::1', port: 80, state: 'LISTEN', loopback: true },
		]);
	});

	it("leaves out Docker's embedded DNS listener, which is the engine's and on every user-defined network", () => {
		const text = [
			'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
			'   0: 0B00007F:B59D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1',
			'   1: 00000000:1F96 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2',
			'   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3',
		].join('\n');
		expect(listeningSockets(text).map((s) => `${s.address}:${s.port}`)).toEqual([
			'0.0.0.0:8086',
			'127.0.0.1:8080',
		]);
	});
});

describe('hostile log content (property-based)', () => {
	it('never lets an escape, a control character or NUL through, and is idempotent', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
				const clean = sanitizeLine(text);
				expect(clean).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/);
				expect(sanitizeLine(clean)).toBe(clean);
			}),
			{ numRuns: 500 },
		);
	});

	it('splits any chunking of a text into the same lines, each bounded', () => {
		fc.assert(
			fc.property(fc.array(fc.string({ maxLength: 50 }), { maxLength: 20 }), (chunks) => {
				let carry = '';
				const lines: string[] = [];
				for (const chunk of chunks) {
					const result = splitLines(carry, chunk);
					lines.push(...result.lines);
					carry = result.carry;
				}
				const whole = splitLines('', chunks.join(''));
				expect(lines).toEqual(whole.lines);
				for (const line of lines) expect(line.length).toBeLessThanOrEqual(4096);
			}),
		);
	});

	it('cuts a 1 MB line instead of keeping it whole', () => {
		const { lines, carry } = splitLines('', 'x'.repeat(1_000_000));
		expect(lines[0]?.length).toBe(4096);
		expect(carry).toBe('');
	});
});

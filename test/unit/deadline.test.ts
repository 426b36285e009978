import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTimeout, nullOnTimeout, withDeadline } from '../../src/util/deadline.js';

afterEach(() => {
	vi.useRealTimers();
});

describe('a deadline', () => {
	it('gives the result of work that ends in time, and never aborts its signal', async () => {
		vi.useFakeTimers();
		let signal: AbortSignal | undefined;
		const result = await withDeadline(1000, async (s) => {
			signal = s;
			return 42;
		});
		expect(result).toBe(42);
		await vi.advanceTimersByTimeAsync(2000);
		expect(signal?.aborted).toBe(false);
	});

	it('rejects at the deadline with the timeout shape, and aborts the signal, even for work that ignores it', async () => {
		vi.useFakeTimers();
		let signal: AbortSignal | undefined;
		const run = withDeadline(500, (s) => {
			signal = s;
			return new Promise<never>(() => {});
		});
		const settled = run.catch((error: unknown) => error);
		await vi.advanceTimersByTimeAsync(499);
		expect(signal?.aborted).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		const error = await settled;
		expect(isTimeout(error)).toBe(true);
		expect(error).toMatchObject({
			code: 'DOCKMEDIC_TIMEOUT',
			timeoutMs: 500,
			message: 'timed out after 500 ms',
		});
		expect(signal?.aborted).toBe(true);
	});

	it('counts work that ends at once on the abort as timed out, with the caller-given message', async () => {
		vi.useFakeTimers();
		const run = withDeadline(
			100,
			(signal) => new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve('cut'))),
			'probe timed out',
		);
		const settled = run.catch((error: unknown) => error);
		await vi.advanceTimersByTimeAsync(100);
		expect(await settled).toMatchObject({ code: 'DOCKMEDIC_TIMEOUT', message: 'probe timed out' });
	});

	it('passes on other failures as they are; nullOnTimeout turns only a timeout into null', async () => {
		const failure = new Error('refused');
		await expect(withDeadline(1000, async () => Promise.reject(failure))).rejects.toBe(failure);
		await expect(withDeadline(1000, async () => Promise.reject(failure)).catch(nullOnTimeout)).rejects.toBe(
			failure,
		);
		await expect(
			withDeadline(1, () => new Promise<never>(() => {})).catch(nullOnTimeout),
		).resolves.toBeNull();
	});
});

import type { ContainerEvent } from '../model/container.js';
import { demultiplex, type OutputChunk } from './demux.js';

/**
 * Reads a container's output stream (exec or logs) until it ends or the signal aborts, handing over its
 * demultiplexed chunks; a frame split across reads is carried over to the next one.
 */
export function consumeOutput(
	stream: NodeJS.ReadableStream & { destroy?: () => void },
	signal: AbortSignal,
	tty: boolean,
	onChunks: (chunks: OutputChunk[]) => void,
): Promise<void> {
	let pending: Buffer = Buffer.alloc(0);
	return readUntilDone(stream, signal, (data) => {
		const { chunks, rest } = demultiplex(pending.length ? Buffer.concat([pending, data]) : data, tty);
		pending = rest;
		onChunks(chunks);
	});
}

/** Reads newline-separated records from a stream until it ends or the signal aborts. */
export function consumeLines(
	stream: NodeJS.ReadableStream & { destroy?: () => void },
	signal: AbortSignal,
	onLine: (line: string) => void,
): Promise<void> {
	let buffered = '';
	return readUntilDone(stream, signal, (chunk) => {
		buffered += chunk.toString('utf8');
		let newline = buffered.indexOf('\n');
		while (newline >= 0) {
			const line = buffered.slice(0, newline).trim();
			buffered = buffered.slice(newline + 1);
			if (line) onLine(line);
			newline = buffered.indexOf('\n');
		}
	});
}

/**
 * Hands every chunk of a stream to onData until the stream ends, fails, or the signal aborts
 * (which destroys the stream). Always resolves: the owner decides what an early end means.
 */
export function readUntilDone(
	stream: NodeJS.ReadableStream & { destroy?: () => void },
	signal: AbortSignal,
	onData: (chunk: Buffer) => void,
): Promise<void> {
	return new Promise<void>((resolve) => {
		const finish = () => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		};
		const onAbort = () => {
			stream.destroy?.();
			finish();
		};
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		// Whatever has arrived, taken at once: the engine sends a followed log one line per HTTP chunk,
		// and handing a flood over chunk by chunk cost more than the lines themselves.
		stream.on('readable', () => {
			for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) onData(chunk as Buffer);
		});
		stream.on('end', finish);
		stream.on('close', finish);
		stream.on('error', finish);
	});
}

/** A stream's whole text. Rejects when the stream fails; the signal's abort destroys it. */
export function readText(
	stream: NodeJS.ReadableStream & { destroy?: () => void },
	signal: AbortSignal,
): Promise<string> {
	return new Promise((resolve, reject) => {
		let buffered = '';
		const onAbort = () => stream.destroy?.();
		signal.addEventListener('abort', onAbort, { once: true });
		stream.on('data', (chunk: Buffer) => {
			buffered += chunk.toString('utf8');
		});
		stream.on('end', () => {
			signal.removeEventListener('abort', onAbort);
			resolve(buffered);
		});
		stream.on('error', (error) => {
			signal.removeEventListener('abort', onAbort);
			reject(error);
		});
	});
}

/** Reads up to `limit` bytes of a stream, then stops it (a directory's archive can be large). */
export function readAtMost(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		let size = 0;
		const done = () => {
			(stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
			resolve(Buffer.concat(parts).subarray(0, limit));
		};
		stream.on('data', (chunk: Buffer) => {
			parts.push(chunk);
			size += chunk.length;
			if (size >= limit) done();
		});
		stream.on('end', done);
		stream.on('error', (error) => (size > 0 ? done() : reject(error)));
	});
}

export function parseEvent(line: string): ContainerEvent | undefined {
	try {
		const raw = JSON.parse(line) as {
			id?: string;
			Action?: string;
			status?: string;
			time?: number;
			timeNano?: number;
			Actor?: { ID?: string; Attributes?: Record<string, string> };
		};
		const id = raw.Actor?.ID ?? raw.id;
		const action = raw.Action ?? raw.status;
		if (!id || !action) return undefined;
		const attributes = raw.Actor?.Attributes ?? {};
		return {
			id,
			action,
			name: attributes.name ?? '',
			time: raw.time ?? 0,
			...(raw.timeNano ? { timeNano: raw.timeNano } : {}),
			attributes,
		};
	} catch {
		return undefined;
	}
}

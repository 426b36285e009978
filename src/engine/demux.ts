/** One chunk of container output, from stdout or stderr. */
export type OutputChunk = { readonly stream: 'stdout' | 'stderr'; readonly data: Buffer };

/**
 * Splits the engine's multiplexed stream format (8-byte header: stream type, 3 zero bytes,
 * big-endian length) into chunks. TTY containers are not multiplexed: pass tty=true.
 * An incomplete trailing frame is returned as `rest` for the next call.
 */
export function demultiplex(buffer: Buffer, tty: boolean): { chunks: OutputChunk[]; rest: Buffer } {
	if (tty)
		return { chunks: buffer.length ? [{ stream: 'stdout', data: buffer }] : [], rest: Buffer.alloc(0) };
	const chunks: OutputChunk[] = [];
	let offset = 0;
	while (offset + 8 <= buffer.length) {
		const type = buffer[offset];
		const length = buffer.readUInt32BE(offset + 4);
		if (offset + 8 + length > buffer.length) break;
		chunks.push({
			stream: type === 2 ? 'stderr' : 'stdout',
			data: buffer.subarray(offset + 8, offset + 8 + length),
		});
		offset += 8 + length;
	}
	return { chunks, rest: buffer.subarray(offset) };
}

/** Everything one stream said, as text. */
export function streamText(chunks: readonly OutputChunk[], stream: OutputChunk['stream']): string {
	return Buffer.concat(chunks.filter((c) => c.stream === stream).map((c) => c.data)).toString('utf8');
}

/** One chunk of container output, from stdout or stderr. */
export type OutputChunk = { readonly stream: 'stdout' | 'stderr'; readonly data: Buffer };

/**
 * Splits the engine's multiplexed stream format (8-byte header: stream type, 3 zero bytes,
 * big-endian length) into chunks, one per run of frames from the same stream: the engine frames
 * every line on its own, and a flood handed over frame by frame cost an object per line.
 * TTY containers are not multiplexed: pass tty=true.
 * An incomplete trailing frame is returned as `rest` for the next call.
 */
export function demultiplex(buffer: Buffer, tty: boolean): { chunks: OutputChunk[]; rest: Buffer } {
	if (tty)
		return { chunks: buffer.length ? [{ stream: 'stdout', data: buffer }] : [], rest: Buffer.alloc(0) };
	const chunks: OutputChunk[] = [];
	let offset = 0;
	for (;;) {
		const stream = streamAt(buffer, offset);
		// The complete frames of one stream from here on, measured first so the run is copied once.
		let end = offset;
		let size = 0;
		while (end + 8 <= buffer.length && streamAt(buffer, end) === stream) {
			const length = buffer.readUInt32BE(end + 4);
			if (end + 8 + length > buffer.length) break;
			size += length;
			end += 8 + length;
		}
		if (end === offset) break;
		const data = Buffer.allocUnsafe(size);
		for (let at = 0, frame = offset; frame < end; ) {
			const length = buffer.readUInt32BE(frame + 4);
			at += buffer.copy(data, at, frame + 8, frame + 8 + length);
			frame += 8 + length;
		}
		chunks.push({ stream, data });
		offset = end;
	}
	return { chunks, rest: buffer.subarray(offset) };
}

function streamAt(buffer: Buffer, offset: number): OutputChunk['stream'] {
	return buffer[offset] === 2 ? 'stderr' : 'stdout';
}

/** Everything one stream said, as text. */
export function streamText(chunks: readonly OutputChunk[], stream: OutputChunk['stream']): string {
	return Buffer.concat(chunks.filter((c) => c.stream === stream).map((c) => c.data)).toString('utf8');
}

/** What a path in a container's filesystem is, read from the first header of the engine's tar archive of it. */

/** Owner, group, mode and kind of a path, and the start of a file's content. */
export type PathStat = {
	readonly uid: number;
	readonly gid: number;
	readonly mode: number;
	readonly type: 'file' | 'dir' | 'link' | 'other';
	readonly head: Buffer;
};

/** Bytes of one tar header: a read of 512 + n bytes holds the header and up to n bytes of a file's content. */
export const TAR_HEADER_BYTES = 512;

/** The path a tar archive starts with, from its first bytes; null when they hold no whole header. */
export function pathStatOf(bytes: Buffer, contentBytes: number): PathStat | null {
	if (bytes.length < TAR_HEADER_BYTES) return null;
	const octal = (offset: number, length: number) =>
		Number.parseInt(
			bytes
				.subarray(offset, offset + length)
				.toString('latin1')
				.replace(/\0.*$/s, '')
				.trim() || '0',
			8,
		);
	const flag = String.fromCharCode(bytes[156] ?? 0);
	const type =
		flag === '5' ? 'dir' : flag === '2' ? 'link' : flag === '0' || flag === '\0' ? 'file' : 'other';
	const size = type === 'file' ? octal(124, 12) : 0;
	return {
		uid: octal(108, 8),
		gid: octal(116, 8),
		mode: octal(100, 8) & 0o7777,
		type,
		head: bytes.subarray(TAR_HEADER_BYTES, TAR_HEADER_BYTES + Math.min(size, contentBytes)),
	};
}

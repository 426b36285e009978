/**
 * Checksum manifests of tar archives, for `dockmedic backup` and its restore check.
 *
 * The Docker Engine's archive endpoint (GET /containers/{id}/archive?path=/data) answers with a tar whose
 * entries sit under the directory's base name (`data/`, `data/a.txt`, …). A manifest records every entry
 * below that directory (the directory itself as `.`): its type, permission bits, owner, size and, for
 * files, the SHA-256 of its contents, hashed as the bytes stream past (never a whole file in memory).
 *
 * Archives are untrusted input: an entry that would land outside its directory (`..`, an absolute path),
 * a NUL in a name, an entry beneath a symbolic link of the same archive, or a second entry of the same
 * path is refused with an ArchiveError rather than recorded or passed on.
 *
 * No I/O here apart from the streams handed in and out.
 */
import { createHash } from 'node:crypto';
import { Duplex, Transform } from 'node:stream';
import { type Extract, extract, type Header, type Pack, pack } from 'tar-stream';

export type ManifestEntry = {
	/** Relative to the archive's top directory, `/`-separated, no `./`, no trailing `/`; `.` is the top itself. */
	readonly path: string;
	/** Hard links, devices and FIFOs are 'other' (a hard link with its target in `linkname`). */
	readonly type: 'file' | 'directory' | 'symlink' | 'other';
	/** Bytes of content: 0 for everything but files. */
	readonly size: number;
	/** Permission bits only (including set-id and sticky bits), e.g. 0o644. */
	readonly mode: number;
	readonly uid: number;
	readonly gid: number;
	/** Lower-case hex SHA-256 of a file's contents; null for everything else. */
	readonly sha256: string | null;
	/** A symlink's target as stored (may be absolute); a hard link's target as a manifest path. */
	readonly linkname?: string;
};

export type Manifest = {
	/** Sorted by path in byte order (what `LC_ALL=C sort` gives). */
	readonly entries: readonly ManifestEntry[];
	readonly files: number;
	/** Total size of the files. */
	readonly bytes: number;
};

export type ManifestOptions = {
	/** The top directory the archive endpoint adds (`data` or `data/`): entries outside it are refused. */
	readonly stripPrefix?: string;
};

/** Chunks of a tar archive: a Node stream (an HTTP response, a file stream) or any async iterable. */
export type TarSource = AsyncIterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream;

/** An archive that is malformed or unsafe to record or restore. */
export class ArchiveError extends Error {
	override readonly name = 'ArchiveError';
}

/** A manifest's text that cannot be read back; `line` is 1-based (0 when no single line is at fault). */
export class ManifestParseError extends Error {
	override readonly name = 'ManifestParseError';
	constructor(
		readonly line: number,
		problem: string,
	) {
		super(line > 0 ? `manifest line ${line}: ${problem}` : `manifest: ${problem}`);
	}
}

// ---------------------------------------------------------------------------------------------------------
// Reading archives

/**
 * Reads a tar stream to its end; returns the manifest. `stripPrefix` removes the leading directory the
 * archive endpoint adds ("data/"). Paths normalised (no leading ./ or /, no trailing /), sorted.
 * Rejects with an ArchiveError for an unsafe or malformed archive; a Node stream source is then destroyed.
 */
export async function manifestOfTar(tar: TarSource, options: ManifestOptions = {}): Promise<Manifest> {
	const parser = extract();
	const reading = collectManifest(parser, options.stripPrefix);
	const feeding = feed(tar, parser).catch((error: unknown) => {
		parser.destroy(asError(error));
	});
	try {
		const manifest = await reading;
		await feeding;
		return manifest;
	} catch (error) {
		// Stop whatever produces the archive (an engine download, say) rather than read it to its end.
		const stream = tar as { destroy?: (error?: Error) => void };
		if (typeof stream.destroy === 'function') stream.destroy();
		throw error;
	}
}

/**
 * A pass-through that computes the manifest of the tar flowing through it (so a backup is hashed while it
 * is written, not read twice). The bytes pass unchanged. The stream ends only once the manifest is
 * complete, and fails (as does `manifest`) when the archive is unsafe or truncated; `manifest` rejects
 * too when the stream is destroyed before the archive's end.
 */
export function manifestWhileCopying(options: ManifestOptions = {}): {
	readonly stream: Transform;
	readonly manifest: Promise<Manifest>;
} {
	const parser = extract();
	const manifest = collectManifest(parser, options.stripPrefix);
	let failure: Error | undefined;
	const stream = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			if (failure) return callback(failure);
			if (parser.write(chunk)) return callback(null, chunk);
			// Hashing is slower than the copy: hold the copy back rather than queue the archive in memory.
			drained(parser).then(
				() => callback(failure ?? null, chunk),
				(error: unknown) => callback(asError(error)),
			);
		},
		flush(callback) {
			if (!stopped(parser)) parser.end(undefined);
			manifest.then(
				() => callback(),
				(error: unknown) => callback(asError(error)),
			);
		},
		destroy(error, callback) {
			if (!stopped(parser))
				parser.destroy(error ?? new ArchiveError('the copy stopped before the archive ended'));
			callback(error);
		},
	});
	// Handled here so a caller that only watches the stream is not met by an unhandled rejection.
	manifest.catch((error: unknown) => {
		failure = asError(error);
		stream.destroy(failure);
	});
	return { stream, manifest };
}

/**
 * Re-roots a tar stream: entries under `from/` renamed to under `to/` (or to the top when to is ''), for
 * restoring an archive taken at /data into a container path of another base name. `from` itself becomes
 * `to/` (or `./`); hard-link targets move with their entries; contents, modes, owners, times and extended
 * headers (xattrs) are kept. The output fails with an ArchiveError on an unsafe entry or one outside `from`.
 */
export function rerootTar(from: string, to: string): Duplex {
	const source = prefixArgument(from, 'from');
	const target = prefixArgument(to, 'to');
	return Duplex.from(async function* reroot(input: AsyncIterable<Buffer | Uint8Array | string>) {
		const parser = extract();
		const packer = pack();
		const feeding = feed(input, parser).catch((error: unknown) => {
			parser.destroy(asError(error));
		});
		const packing = repack(parser, packer, new EntryChecker(source), target).then(
			() => {
				if (!stopped(packer)) packer.finalize();
			},
			(error: unknown) => {
				packer.destroy(asError(error));
			},
		);
		try {
			for await (const chunk of packer) yield chunk;
			await packing;
			await feeding;
		} finally {
			// Only does anything when the output was abandoned or failed part-way.
			if (!stopped(parser)) parser.destroy();
			if (!stopped(packer)) packer.destroy();
		}
	});
}

// ---------------------------------------------------------------------------------------------------------
// The manifest as text

const HEADER = '# dockmedic archive manifest v1';
const HEADER_PREFIX = '# dockmedic archive manifest ';
const ENTRY_PREFIX = '# entry ';
const SUMMARY = /^# files: (\d+), bytes: (\d+)$/;
const ENTRY = /^# entry (\S+) ([0-7]+) (\d+):(\d+) (\d+) ([^\t]*)(?:\t-> ([^\t]*))?$/;
const CHECKSUM = /^(\\?)([0-9a-f]{64}) [ *](.*)$/;
const TYPES: readonly ManifestEntry['type'][] = ['file', 'directory', 'symlink', 'other'];

/**
 * The manifest as text in `sha256sum` format, one `<sha256>  <path>` line per file (so `sha256sum -c` run
 * in the extracted top directory checks the contents), preceded by `#` lines, which sha256sum skips:
 *
 *     # dockmedic archive manifest v1
 *     # files: 2, bytes: 9
 *     # …free comments…
 *     # entry directory 0755 0:0 0 .
 *     # entry file 0644 1000:1000 5 a.txt
 *     9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  a.txt
 *     # entry symlink 0777 0:0 0 latest<TAB>-> a.txt
 *
 * Every entry has an `# entry <type> <mode> <uid>:<gid> <size> <path>[<TAB>-> <target>]` line (mode in
 * octal); in it `\`, tab, newline, carriage return and other control characters of a name are escaped
 * (`\\`, `\t`, `\n`, `\r`, `\xHH`). Checksum lines escape names as GNU sha256sum does: a leading `\` and
 * `\\`, `\n`, `\r`.
 */
export function manifestText(manifest: Manifest): string {
	const entries = sortedEntries(manifest.entries);
	const { files, bytes } = totals(entries);
	const lines = [
		HEADER,
		`# files: ${files}, bytes: ${bytes}`,
		'# Check the files from inside the extracted top directory with: sha256sum -c <this file>',
		'# Each entry: # entry <type> <mode> <uid>:<gid> <size> <path>[<TAB>-> <link target>]',
	];
	for (const entry of entries) {
		const link = entry.linkname === undefined ? '' : `\t-> ${escapeName(entry.linkname)}`;
		lines.push(
			`${ENTRY_PREFIX}${entry.type} ${octal(entry.mode)} ${entry.uid}:${entry.gid} ${entry.size} ${escapeName(entry.path)}${link}`,
		);
		if (entry.type !== 'file') continue;
		if (entry.sha256 === null || !/^[0-9a-f]{64}$/.test(entry.sha256))
			throw new Error(`manifest file ${escapeName(entry.path)} has no valid sha256`);
		lines.push(checksumLine(entry.sha256, entry.path));
	}
	return `${lines.join('\n')}\n`;
}

/** Reads back what manifestText wrote; throws a ManifestParseError naming the line at fault. */
export function parseManifestText(text: string): Manifest {
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	const entries = new Map<string, { entry: Omit<ManifestEntry, 'sha256'>; line: number }>();
	const checksums = new Map<string, { sha256: string; line: number }>();
	let summary: { files: number; bytes: number; line: number } | undefined;

	lines.forEach((raw, index) => {
		const number = index + 1;
		const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		if (number === 1) {
			if (line === HEADER) return;
			if (line.startsWith(HEADER_PREFIX))
				throw new ManifestParseError(
					number,
					`unsupported manifest version (${line.slice(HEADER_PREFIX.length)})`,
				);
			throw new ManifestParseError(number, `not a dockmedic manifest (expected "${HEADER}")`);
		}
		if (line === '') return;
		if (line.startsWith(ENTRY_PREFIX)) {
			const entry = parseEntryLine(line, number);
			if (entries.has(entry.path))
				throw new ManifestParseError(number, `${escapeName(entry.path)} is listed twice`);
			entries.set(entry.path, { entry, line: number });
			return;
		}
		const totalsLine = SUMMARY.exec(line);
		if (totalsLine) {
			if (summary) throw new ManifestParseError(number, 'a second "# files:" line');
			summary = {
				files: safeNumber(totalsLine[1], number),
				bytes: safeNumber(totalsLine[2], number),
				line: number,
			};
			return;
		}
		if (line.startsWith('#')) return; // a free comment
		const checksum = CHECKSUM.exec(line);
		if (!checksum) throw new ManifestParseError(number, 'expected "<sha256>  <path>" or a "#" comment');
		const [, escaped = '', sha256 = '', name = ''] = checksum;
		const path = escaped ? unescapeChecksumName(name, number) : name;
		if (checksums.has(path))
			throw new ManifestParseError(number, `a second checksum for ${escapeName(path)}`);
		checksums.set(path, { sha256, line: number });
	});

	if (lines.length === 0) throw new ManifestParseError(1, `not a dockmedic manifest (expected "${HEADER}")`);
	for (const [path, { line }] of checksums) {
		const listed = entries.get(path)?.entry;
		if (!listed)
			throw new ManifestParseError(line, `checksum for ${escapeName(path)}, which has no "# entry" line`);
		if (listed.type !== 'file')
			throw new ManifestParseError(line, `checksum for ${escapeName(path)}, which is a ${listed.type}`);
	}
	const result: ManifestEntry[] = [];
	for (const [path, { entry, line }] of entries) {
		let sha256: string | null = null;
		if (entry.type === 'file') {
			const checksum = checksums.get(path);
			if (!checksum) throw new ManifestParseError(line, `file ${escapeName(path)} has no checksum line`);
			sha256 = checksum.sha256;
		}
		result.push({ ...entry, sha256 });
	}
	const sorted = sortedEntries(result);
	const { files, bytes } = totals(sorted);
	if (!summary) throw new ManifestParseError(0, 'no "# files: N, bytes: M" line');
	if (summary.files !== files || summary.bytes !== bytes)
		throw new ManifestParseError(
			summary.line,
			`says ${summary.files} files and ${summary.bytes} bytes, but lists ${files} files and ${bytes} bytes`,
		);
	return { entries: sorted, files, bytes };
}

function parseEntryLine(line: string, number: number): Omit<ManifestEntry, 'sha256'> {
	const match = ENTRY.exec(line);
	if (!match)
		throw new ManifestParseError(
			number,
			'expected "# entry <type> <mode> <uid>:<gid> <size> <path>[<TAB>-> <target>]"',
		);
	const [, type = '', modeText = '', uidText = '', gidText = '', sizeText = '', pathText = '', linkText] =
		match;
	if (!(TYPES as readonly string[]).includes(type))
		throw new ManifestParseError(number, `unknown entry type "${type}" (expected ${TYPES.join(', ')})`);
	const mode = Number.parseInt(modeText, 8);
	if (mode > 0o7777) throw new ManifestParseError(number, `mode ${modeText} has more than permission bits`);
	const path = unescapeName(pathText, number);
	let canonical: string;
	try {
		canonical = safePath(path, 'path');
	} catch (error) {
		throw new ManifestParseError(number, asError(error).message);
	}
	if (canonical !== path)
		throw new ManifestParseError(
			number,
			`path ${escapeName(path)} is not normalised (expected ${escapeName(canonical)})`,
		);
	const size = safeNumber(sizeText, number);
	if (type !== 'file' && size !== 0) throw new ManifestParseError(number, `a ${type} with a size of ${size}`);
	const entry = {
		path,
		type: type as ManifestEntry['type'],
		size,
		mode,
		uid: safeNumber(uidText, number),
		gid: safeNumber(gidText, number),
	};
	if (linkText === undefined) {
		if (type === 'symlink') throw new ManifestParseError(number, 'a symlink without "<TAB>-> <target>"');
		return entry;
	}
	if (type !== 'symlink' && type !== 'other')
		throw new ManifestParseError(number, `a ${type} with a link target`);
	return { ...entry, linkname: unescapeName(linkText, number) };
}

function safeNumber(text: string | undefined, line: number): number {
	const value = Number(text);
	if (!Number.isSafeInteger(value)) throw new ManifestParseError(line, `number ${text} is too large`);
	return value;
}

function octal(mode: number): string {
	return mode.toString(8).padStart(4, '0');
}

/** For `# entry` lines and messages: one line, no raw control characters, tabs free to separate fields. */
function escapeName(name: string): string {
	let escaped = '';
	for (const char of name) {
		if (char === '\\') escaped += '\\\\';
		else if (char === '\n') escaped += '\\n';
		else if (char === '\r') escaped += '\\r';
		else if (char === '\t') escaped += '\\t';
		else if (isControl(char)) escaped += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
		else escaped += char;
	}
	return escaped;
}

function isControl(char: string): boolean {
	const code = char.charCodeAt(0);
	return code < 0x20 || code === 0x7f;
}

function unescapeName(text: string, line: number): string {
	if ([...text].some(isControl)) throw new ManifestParseError(line, 'a raw control character in a name');
	return text.replace(/\\(x[0-9a-fA-F]{2}|[\\nrt]|[\s\S]|$)/g, (whole, code: string) => {
		switch (code) {
			case '\\':
				return '\\';
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 't':
				return '\t';
		}
		if (code.length === 3) return String.fromCharCode(Number.parseInt(code.slice(1), 16));
		throw new ManifestParseError(line, `unknown escape "${whole}" in a name`);
	});
}

/** GNU sha256sum's own form: names holding `\`, newline or CR get a leading `\` and those escaped. */
function checksumLine(sha256: string, path: string): string {
	if (!/[\\\n\r]/.test(path)) return `${sha256}  ${path}`;
	const name = path.replace(/[\\\n\r]/g, (char) => (char === '\\' ? '\\\\' : char === '\n' ? '\\n' : '\\r'));
	return `\\${sha256}  ${name}`;
}

function unescapeChecksumName(text: string, line: number): string {
	return text.replace(/\\([\\nr]|[\s\S]|$)/g, (whole, code: string) => {
		if (code === '\\') return '\\';
		if (code === 'n') return '\n';
		if (code === 'r') return '\r';
		throw new ManifestParseError(line, `unknown escape "${whole}" in a file name`);
	});
}

// ---------------------------------------------------------------------------------------------------------
// Comparing

/**
 * Differences between two manifests, one readable line each, in path order: missing and extra entries,
 * changed type, content, link target, mode or owner. Empty when identical.
 *
 * A hard link is compared as the file it links to: which of a file's names an archive stores as the file
 * and which as links follows directory order, which a restore need not keep.
 */
export function compareManifests(expected: Manifest, actual: Manifest): string[] {
	const wanted = hardLinksResolved(expected);
	const found = hardLinksResolved(actual);
	const paths = sortedPaths(new Set([...wanted.keys(), ...found.keys()]));
	const differences: string[] = [];
	for (const path of paths) {
		const want = wanted.get(path);
		const have = found.get(path);
		const name = escapeName(path);
		if (!have) {
			if (want) differences.push(`missing: ${name} (${describe(want)})`);
			continue;
		}
		if (!want) {
			differences.push(`extra: ${name} (${describe(have)})`);
			continue;
		}
		if (want.type !== have.type) {
			differences.push(`changed type: ${name} (${describe(have)}, expected ${describe(want)})`);
		} else if (want.type === 'file' && (want.sha256 !== have.sha256 || want.size !== have.size)) {
			differences.push(`changed content: ${name} (${contents(have)}, expected ${contents(want)})`);
		} else if (want.linkname !== have.linkname) {
			differences.push(`changed link target: ${name} (${target(have)}, expected ${target(want)})`);
		}
		if (want.mode !== have.mode)
			differences.push(`changed mode: ${name} (${octal(have.mode)}, expected ${octal(want.mode)})`);
		if (want.uid !== have.uid || want.gid !== have.gid)
			differences.push(`changed owner: ${name} (${have.uid}:${have.gid}, expected ${want.uid}:${want.gid})`);
	}
	return differences;
}

function hardLinksResolved(manifest: Manifest): Map<string, ManifestEntry> {
	const byPath = new Map(manifest.entries.map((entry) => [entry.path, entry]));
	const resolved = new Map(byPath);
	for (const entry of manifest.entries) {
		if (entry.type !== 'other' || entry.linkname === undefined) continue;
		const file = byPath.get(entry.linkname);
		if (file?.type !== 'file') continue;
		const { linkname: _linkname, ...link } = entry;
		resolved.set(entry.path, { ...link, type: 'file', size: file.size, sha256: file.sha256 });
	}
	return resolved;
}

function describe(entry: ManifestEntry): string {
	if (entry.type === 'file') return `file, ${entry.size} bytes`;
	if (entry.linkname !== undefined) return `${entry.type} ${target(entry)}`;
	return entry.type;
}

function contents(entry: ManifestEntry): string {
	return `${entry.size} bytes, sha256 ${entry.sha256 === null ? 'none' : `${entry.sha256.slice(0, 12)}…`}`;
}

function target(entry: ManifestEntry): string {
	return entry.linkname === undefined ? 'no target' : `-> ${escapeName(entry.linkname)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Entries and their paths

type PaxHeaders = Record<string, string>;
/** What tar-stream's parser gives: its type is null for type flags it does not know (GNU sparse files, …). */
type EntryHeader = Omit<Header, 'type' | 'pax'> & { type: Header['type'] | null; pax?: PaxHeaders | null };
/** One parsed entry: its header and, read as an async iterable, its contents. */
type Entry = { readonly header: Header } & AsyncIterable<unknown>;
/** What pack.entry() returns: tar-stream's (streamx) writable for one entry's contents. */
type Sink = ReturnType<Pack['entry']>;

function headerOf(entry: Entry): EntryHeader {
	return entry.header as EntryHeader;
}

/** Checks each entry of one archive in turn, and gives its path relative to the top directory. */
class EntryChecker {
	private readonly seen = new Set<string>();
	private readonly symlinks = new Set<string>();

	/** `prefix`: a normalised top directory, or '' for none. */
	constructor(private readonly prefix: string) {}

	check(header: EntryHeader): { path: string; linkname: string | undefined } {
		const path = this.relative(header.name, 'archive entry');
		if (this.seen.has(path)) throw new ArchiveError(`archive entry ${show(header.name)} appears twice`);
		this.notBeneathSymlink(path, 'archive entry', header.name);
		let linkname: string | undefined;
		if (header.type === 'link') {
			const raw = header.linkname ?? '';
			linkname = this.relative(raw, `hard link ${show(header.name)} to`);
			this.notBeneathSymlink(linkname, `hard link ${show(header.name)} to`, raw);
		} else if (header.type === 'symlink') {
			const target = header.linkname ?? '';
			if (target === '') throw new ArchiveError(`symbolic link ${show(header.name)} has no target`);
			if (target.includes('\0'))
				throw new ArchiveError(
					`symbolic link ${show(header.name)} has a NUL byte in its target ${show(target)}`,
				);
			this.symlinks.add(path);
			linkname = target;
		}
		this.seen.add(path);
		return { path, linkname };
	}

	private relative(raw: string, what: string): string {
		const path = safePath(raw, what);
		if (!this.prefix) return path;
		if (path === this.prefix) return '.';
		if (path.startsWith(`${this.prefix}/`)) return path.slice(this.prefix.length + 1);
		throw new ArchiveError(`${what} ${show(raw)} is not under ${show(`${this.prefix}/`)}`);
	}

	/** Extracting `link/x` after a symlink `link` would write wherever the link points. */
	private notBeneathSymlink(path: string, what: string, raw: string): void {
		for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
			const parent = path.slice(0, slash);
			if (this.symlinks.has(parent))
				throw new ArchiveError(
					`unsafe ${what} ${show(raw)}: it lies beneath the symbolic link ${show(parent)}`,
				);
		}
	}
}

/** A name normalised (no `.` or empty segments, `.` for the top), or an ArchiveError if it is unsafe. */
function safePath(raw: string, what: string): string {
	if (raw === '') throw new ArchiveError(`${what} has an empty name`);
	if (raw.includes('\0')) throw new ArchiveError(`unsafe ${what} ${show(raw)}: the name holds a NUL byte`);
	if (raw.startsWith('/')) throw new ArchiveError(`unsafe ${what} ${show(raw)}: an absolute path`);
	const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.');
	if (segments.includes('..'))
		throw new ArchiveError(`unsafe ${what} ${show(raw)}: ".." would lead out of the archive's directory`);
	return segments.join('/') || '.';
}

/** `data`, `data/`, `/data/` or `./data` → `data`; '' or `.` → '' (none). */
function prefixArgument(value: string, what: string): string {
	const path = value.replace(/^\/+/, '');
	if (path === '') return '';
	try {
		const clean = safePath(path, what);
		return clean === '.' ? '' : clean;
	} catch (error) {
		throw new ArchiveError(`bad ${what} directory ${show(value)}: ${asError(error).message}`);
	}
}

function show(name: string): string {
	return JSON.stringify(name);
}

function manifestType(type: EntryHeader['type']): ManifestEntry['type'] {
	switch (type) {
		case 'file':
		case 'contiguous-file':
			return 'file';
		case 'directory':
			return 'directory';
		case 'symlink':
			return 'symlink';
		default:
			return 'other';
	}
}

/** Owner IDs too large for the ustar fields travel in pax headers, which tar-stream leaves unapplied. */
function owner(header: EntryHeader, key: 'uid' | 'gid'): number {
	const pax = header.pax?.[key];
	if (pax !== undefined && /^\d+$/.test(pax)) return Number(pax);
	return header[key] ?? 0;
}

async function collectManifest(parser: Extract, stripPrefix: string | undefined): Promise<Manifest> {
	// No await before the loop: the parser's iterator must listen for errors from the first write on.
	const checker = new EntryChecker(prefixArgument(stripPrefix ?? '', 'stripPrefix'));
	const entries: ManifestEntry[] = [];
	for await (const entry of parser) {
		const header = headerOf(entry);
		const { path, linkname } = checker.check(header);
		const type = manifestType(header.type);
		const hash = type === 'file' ? createHash('sha256') : null;
		let size = 0;
		for await (const chunk of entry as AsyncIterable<Buffer>) {
			hash?.update(chunk);
			size += chunk.length;
		}
		const recorded: ManifestEntry = {
			path,
			type,
			size: type === 'file' ? size : 0,
			mode: (header.mode ?? 0) & 0o7777,
			uid: owner(header, 'uid'),
			gid: owner(header, 'gid'),
			sha256: hash ? hash.digest('hex') : null,
		};
		entries.push(linkname === undefined ? recorded : { ...recorded, linkname });
	}
	const sorted = sortedEntries(entries);
	return { entries: sorted, ...totals(sorted) };
}

const REPACKABLE = new Set<EntryHeader['type']>([
	'file',
	'contiguous-file',
	'directory',
	'symlink',
	'link',
	'character-device',
	'block-device',
	'fifo',
]);

async function repack(parser: Extract, packer: Pack, checker: EntryChecker, target: string): Promise<void> {
	for await (const entry of parser) {
		const header = headerOf(entry);
		const { path, linkname } = checker.check(header);
		if (header.type === null || !REPACKABLE.has(header.type))
			throw new ArchiveError(`archive entry ${show(header.name)} is of an unsupported type (${header.type})`);
		const name = underTarget(target, path);
		const hasData = header.type === 'file' || header.type === 'contiguous-file';
		const renamed: Omit<Header, 'pax'> & { pax: PaxHeaders | undefined } = {
			name: header.type === 'directory' ? `${name}/` : name,
			type: header.type,
			// tar-stream's pack turns a mode of 0 into a default one; a bit above the permission bits it
			// masks off keeps the entry's 0.
			mode: header.mode || 0o100000,
			uid: header.uid,
			gid: header.gid,
			size: hasData ? header.size : 0,
			mtime: header.mtime,
			linkname:
				header.type === 'link' && linkname !== undefined ? underTarget(target, linkname) : header.linkname,
			uname: header.uname,
			gname: header.gname,
			devmajor: header.devmajor,
			devminor: header.devminor,
			pax: withoutNames(header.pax),
		};
		await copyEntry(entry, packer, renamed, hasData);
	}
}

function underTarget(target: string, path: string): string {
	if (!target) return path;
	return path === '.' ? target : `${target}/${path}`;
}

/** Keeps extended headers (xattrs, precise times, large IDs) but not the old names, which pack would reuse. */
function withoutNames(pax: PaxHeaders | null | undefined): PaxHeaders | undefined {
	if (!pax) return undefined;
	const { path: _path, linkpath: _linkpath, ...rest } = pax;
	return Object.keys(rest).length > 0 ? rest : undefined;
}

async function copyEntry(entry: Entry, packer: Pack, header: Header, hasData: boolean): Promise<void> {
	let settle: (error?: Error | null) => void = () => {};
	const written = new Promise<void>((resolve, reject) => {
		settle = (error) => (error ? reject(error) : resolve());
	});
	written.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
	const sink = packer.entry(header, (error) => settle(error));
	for await (const chunk of entry) {
		if (hasData && !sink.write(chunk)) await drained(sink);
	}
	sink.end(undefined);
	await written;
}

// ---------------------------------------------------------------------------------------------------------
// Streams

/** tar-stream's streams (streamx) say they are being destroyed before they emit 'close'. */
type StreamxState = { readonly destroyed: boolean; readonly destroying: boolean };

function stopped(stream: StreamxState): boolean {
	return stream.destroyed || stream.destroying;
}

/** Resolves once a tar-stream writable wants more, or is gone (writes to it are then dropped). */
function drained(stream: Extract | Sink): Promise<void> {
	if (stopped(stream)) return Promise.resolve();
	// streamx's typed emitters differ per stream; both emit 'drain' and 'close' like any emitter.
	const events = stream as unknown as NodeJS.EventEmitter;
	return new Promise((resolve) => {
		const done = () => {
			events.off('drain', done);
			events.off('close', done);
			resolve();
		};
		events.on('drain', done);
		events.on('close', done);
	});
}

/** Writes the archive into the parser with back-pressure; stops early once the parser is gone. */
async function feed(source: TarSource, parser: Extract): Promise<void> {
	for await (const chunk of source as AsyncIterable<Buffer | Uint8Array | string>) {
		if (stopped(parser)) return;
		if (!parser.write(toBuffer(chunk))) await drained(parser);
	}
	if (!stopped(parser)) parser.end(undefined);
}

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
	if (typeof chunk === 'string') return Buffer.from(chunk);
	if (Buffer.isBuffer(chunk)) return chunk;
	return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

// ---------------------------------------------------------------------------------------------------------
// Order and totals

function sortedEntries(entries: readonly ManifestEntry[]): ManifestEntry[] {
	return entries
		.map((entry) => ({ entry, key: Buffer.from(entry.path) }))
		.sort((a, b) => Buffer.compare(a.key, b.key))
		.map(({ entry }) => entry);
}

function sortedPaths(paths: Iterable<string>): string[] {
	return [...paths]
		.map((path) => ({ path, key: Buffer.from(path) }))
		.sort((a, b) => Buffer.compare(a.key, b.key))
		.map(({ path }) => path);
}

function totals(entries: readonly ManifestEntry[]): { files: number; bytes: number } {
	let files = 0;
	let bytes = 0;
	for (const entry of entries) {
		if (entry.type !== 'file') continue;
		files++;
		bytes += entry.size;
	}
	return { files, bytes };
}

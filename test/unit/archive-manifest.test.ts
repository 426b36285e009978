import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Header, pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import {
	ArchiveError,
	compareManifests,
	type Manifest,
	type ManifestEntry,
	ManifestParseError,
	manifestOfTar,
	manifestText,
	manifestWhileCopying,
	parseManifestText,
	rerootTar,
} from '../../src/model/archive-manifest.js';

const MiB = 1024 * 1024;
const mtime = new Date('2024-05-01T12:00:00Z');

type Spec = Partial<Header> & { name: string; data?: Buffer | string; pax?: Record<string, string> };

/** A tar built with tar-stream's pack, as the archive endpoint would send it. */
async function tarOf(specs: readonly Spec[]): Promise<Buffer> {
	const packer = pack();
	const collected = (async () => {
		const chunks: Buffer[] = [];
		for await (const chunk of packer) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks);
	})();
	for (const { data, ...header } of specs) {
		await new Promise<void>((resolve, reject) => {
			const done = (error?: Error | null) => (error ? reject(error) : resolve());
			const full = { mtime, ...header };
			if (data === undefined) packer.entry(full, done).end(undefined);
			else packer.entry(full, data, done);
		});
	}
	packer.finalize();
	return collected;
}

/** Hands the archive over in awkwardly sized pieces, so no entry or header arrives whole. */
async function* inChunks(buffer: Buffer, size = 7001): AsyncGenerator<Buffer> {
	for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}

async function collect(stream: NodeJS.ReadableStream | AsyncIterable<unknown>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** The names and headers of a tar's entries, in archive order. */
async function headersOf(tar: Buffer): Promise<{ header: Header; data: Buffer }[]> {
	const parser = extract();
	const reading = (async () => {
		const found: { header: Header; data: Buffer }[] = [];
		for await (const entry of parser) found.push({ header: entry.header, data: await collect(entry) });
		return found;
	})();
	parser.end(tar);
	return reading;
}

function sha256(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}

/** 5 MiB of bytes that differ along the way (so a skipped or repeated chunk changes the hash). */
function bigData(): Buffer {
	const data = Buffer.alloc(5 * MiB);
	for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
	return data;
}

const volume: Spec[] = [
	{ name: 'data/', type: 'directory', mode: 0o755, uid: 999, gid: 999 },
	{ name: 'data/a.txt', data: 'hello', mode: 0o644, uid: 1000, gid: 1000 },
	{ name: 'data/empty', data: '', mode: 0o600 },
	{ name: 'data/sub/', type: 'directory', mode: 0o750 },
	{ name: 'data/sub/deeper/', type: 'directory', mode: 0o700 },
	{ name: 'data/sub/deeper/b.bin', data: Buffer.from([0, 1, 2, 255]), mode: 0o640, uid: 5, gid: 6 },
	{ name: 'data/latest', type: 'symlink', linkname: 'sub/deeper/b.bin', mode: 0o777 },
	{ name: 'data/hard', type: 'link', linkname: 'data/a.txt', mode: 0o644, uid: 1000, gid: 1000 },
];

function entry(manifest: Manifest, path: string): ManifestEntry | undefined {
	return manifest.entries.find((e) => e.path === path);
}

describe('manifestOfTar', () => {
	it('strips the directory the archive endpoint adds and records every entry below it', async () => {
		const manifest = await manifestOfTar(inChunks(await tarOf(volume)), { stripPrefix: 'data/' });
		expect(manifest.entries.map((e) => e.path)).toEqual([
			'.',
			'a.txt',
			'empty',
			'hard',
			'latest',
			'sub',
			'sub/deeper',
			'sub/deeper/b.bin',
		]);
		expect(entry(manifest, '.')).toEqual({
			path: '.',
			type: 'directory',
			size: 0,
			mode: 0o755,
			uid: 999,
			gid: 999,
			sha256: null,
		});
		expect(entry(manifest, 'a.txt')).toEqual({
			path: 'a.txt',
			type: 'file',
			size: 5,
			mode: 0o644,
			uid: 1000,
			gid: 1000,
			sha256: sha256('hello'),
		});
		expect(entry(manifest, 'sub/deeper/b.bin')).toMatchObject({
			type: 'file',
			size: 4,
			mode: 0o640,
			uid: 5,
			gid: 6,
			sha256: sha256(Buffer.from([0, 1, 2, 255])),
		});
		expect(entry(manifest, 'sub/deeper')).toMatchObject({ type: 'directory', mode: 0o700, sha256: null });
		expect(manifest.files).toBe(3);
		expect(manifest.bytes).toBe(5 + 0 + 4);
	});

	it('hashes an empty file as the empty string', async () => {
		const manifest = await manifestOfTar(inChunks(await tarOf(volume)), { stripPrefix: 'data' });
		expect(entry(manifest, 'empty')).toMatchObject({
			type: 'file',
			size: 0,
			mode: 0o600,
			sha256: sha256(''),
		});
	});

	it('records symlinks with their target, and hard links as "other" with theirs', async () => {
		const manifest = await manifestOfTar(inChunks(await tarOf(volume)), { stripPrefix: 'data' });
		expect(entry(manifest, 'latest')).toEqual({
			path: 'latest',
			type: 'symlink',
			size: 0,
			mode: 0o777,
			uid: 0,
			gid: 0,
			sha256: null,
			linkname: 'sub/deeper/b.bin',
		});
		expect(entry(manifest, 'hard')).toMatchObject({
			type: 'other',
			linkname: 'a.txt',
			sha256: null,
			size: 0,
		});
	});

	it('hashes a 5 MiB file as it streams, to the same SHA-256 as node:crypto', async () => {
		const big = bigData();
		const tar = await tarOf([
			{ name: 'data/', type: 'directory' },
			{ name: 'data/big.bin', data: big },
		]);
		const manifest = await manifestOfTar(inChunks(tar, 65_537), { stripPrefix: 'data/' });
		expect(entry(manifest, 'big.bin')).toMatchObject({ type: 'file', size: big.length, sha256: sha256(big) });
		expect(manifest.bytes).toBe(5 * MiB);
	});

	it('reads a Node stream as well as an async iterable', async () => {
		const tar = await tarOf(volume);
		const fromStream = await manifestOfTar(Readable.from([tar.subarray(0, 1000), tar.subarray(1000)]), {
			stripPrefix: 'data',
		});
		expect(fromStream).toEqual(await manifestOfTar(inChunks(tar), { stripPrefix: 'data' }));
	});

	it('normalises paths without a prefix to strip: no ./, no trailing /, sorted in byte order', async () => {
		const tar = await tarOf([
			{ name: './', type: 'directory' },
			{ name: './z', data: 'z' },
			{ name: './b/', type: 'directory' },
			{ name: 'b//c', data: 'c' },
			{ name: './B', data: 'B' },
		]);
		const manifest = await manifestOfTar(inChunks(tar));
		expect(manifest.entries.map((e) => e.path)).toEqual(['.', 'B', 'b', 'b/c', 'z']);
	});

	it('takes a long name from its pax header', async () => {
		const long = `data/${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
		const manifest = await manifestOfTar(inChunks(await tarOf([{ name: long, data: 'x' }])), {
			stripPrefix: 'data',
		});
		expect(manifest.entries.map((e) => e.path)).toEqual([long.slice('data/'.length)]);
	});

	it('refuses a truncated archive', async () => {
		const tar = await tarOf([{ name: 'data/a', data: Buffer.alloc(4096, 1) }]);
		await expect(manifestOfTar(inChunks(tar.subarray(0, 2048)))).rejects.toThrow(/end of data/i);
	});

	describe('refuses hostile archives', () => {
		const cases: [string, Spec[], RegExp][] = [
			['a ".." entry', [{ name: 'data/../../etc/passwd', data: 'x' }], /"\.\." would lead out/],
			['a ".." in the middle', [{ name: 'data/a/../b', data: 'x' }], /"\.\." would lead out/],
			['an absolute path', [{ name: '/etc/passwd', data: 'x' }], /absolute path/],
			['a NUL in a name', [{ name: 'data/a\u0000b', data: 'x', pax: {} }], /NUL byte/],
			['an entry outside the prefix', [{ name: 'other/a', data: 'x' }], /not under "data\/"/],
			[
				'a hard link leaving the directory',
				[{ name: 'data/h', type: 'link', linkname: '../../etc/shadow' }],
				/hard link "data\/h" to "\.\.\/\.\.\/etc\/shadow".*"\.\."/,
			],
			[
				'an entry written through a symlink',
				[
					{ name: 'data/etc', type: 'symlink', linkname: '/etc' },
					{ name: 'data/etc/passwd', data: 'root::0:0::/:/bin/sh\n' },
				],
				/beneath the symbolic link "etc"/,
			],
			[
				'the same path twice',
				[
					{ name: 'data/a', data: 'one' },
					{ name: 'data/a', data: 'two' },
				],
				/appears twice/,
			],
		];
		for (const [what, specs, message] of cases) {
			it(`such as ${what}`, async () => {
				const tar = await tarOf(specs);
				const reading = manifestOfTar(inChunks(tar), { stripPrefix: 'data' });
				await expect(reading).rejects.toThrow(ArchiveError);
				await expect(reading).rejects.toThrow(message);
			});
		}

		it('and destroys a Node stream it was reading', async () => {
			const tar = await tarOf([{ name: 'data/../x', data: 'x' }, ...volume]);
			const source = Readable.from(inChunks(tar, 512));
			await expect(manifestOfTar(source, { stripPrefix: 'data' })).rejects.toThrow(ArchiveError);
			expect(source.destroyed).toBe(true);
		});
	});
});

describe('the manifest as text', () => {
	const odd: Manifest = {
		entries: [
			{ path: '.', type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0, sha256: null },
			{ path: 'a b.txt', type: 'file', size: 2, mode: 0o4755, uid: 1, gid: 2, sha256: sha256('hi') },
			{ path: 'back\\slash', type: 'file', size: 1, mode: 0o644, uid: 0, gid: 0, sha256: sha256('x') },
			{ path: 'ctl\u0001\u007f', type: 'file', size: 0, mode: 0, uid: 0, gid: 0, sha256: sha256('') },
			{ path: 'line\nbreak\r', type: 'file', size: 1, mode: 0o644, uid: 0, gid: 0, sha256: sha256('y') },
			{
				path: 'link -> here',
				type: 'symlink',
				size: 0,
				mode: 0o777,
				uid: 0,
				gid: 0,
				sha256: null,
				linkname: '/abs\tpath -> x',
			},
			{ path: 'pipe', type: 'other', size: 0, mode: 0o600, uid: 0, gid: 0, sha256: null },
			{
				path: 'tab\there',
				type: 'other',
				size: 0,
				mode: 0o644,
				uid: 0,
				gid: 0,
				sha256: null,
				linkname: 'a b.txt',
			},
		],
		files: 4,
		bytes: 4,
	};

	it('round-trips, odd names included', async () => {
		expect(parseManifestText(manifestText(odd))).toEqual(odd);
		const fromTar = await manifestOfTar(inChunks(await tarOf(volume)), { stripPrefix: 'data' });
		expect(parseManifestText(manifestText(fromTar))).toEqual(fromTar);
	});

	it('is sha256sum -c input: checksum lines for files, everything else in # comments', () => {
		const text = manifestText(odd);
		const lines = text.split('\n');
		expect(lines[0]).toBe('# dockmedic archive manifest v1');
		expect(lines).toContain('# files: 4, bytes: 4');
		expect(text.endsWith('\n')).toBe(true);
		const checksums = lines.filter((line) => line !== '' && !line.startsWith('#'));
		expect(checksums).toEqual([
			`${sha256('hi')}  a b.txt`,
			`\\${sha256('x')}  back\\\\slash`,
			`${sha256('')}  ctl\u0001\u007f`,
			`\\${sha256('y')}  line\\nbreak\\r`,
		]);
		expect(lines).toContain('# entry directory 0755 0:0 0 .');
		expect(lines).toContain('# entry file 4755 1:2 2 a b.txt');
		expect(lines).toContain('# entry file 0000 0:0 0 ctl\\x01\\x7f');
		expect(lines).toContain('# entry symlink 0777 0:0 0 link -> here\t-> /abs\\tpath -> x');
		expect(lines).toContain('# entry other 0644 0:0 0 tab\\there\t-> a b.txt');
		expect(lines).toContain('# entry other 0600 0:0 0 pipe');
	});

	it('reports a malformed line with its number', () => {
		const lines = manifestText(odd).split('\n');
		const at = lines.findIndex((line) => line.endsWith('  a b.txt'));
		lines[at] = 'not a checksum';
		expect(() => parseManifestText(lines.join('\n'))).toThrow(`manifest line ${at + 1}: expected`);
		try {
			parseManifestText(lines.join('\n'));
		} catch (error) {
			expect(error).toBeInstanceOf(ManifestParseError);
			expect((error as ManifestParseError).line).toBe(at + 1);
		}
	});

	it('reports bad entry lines, escapes, missing checksums and wrong totals with their line numbers', () => {
		const text = manifestText(odd);
		const lines = text.split('\n');
		const replace = (index: number, line: string) => lines.map((l, i) => (i === index ? line : l)).join('\n');
		const entryAt = lines.indexOf('# entry other 0600 0:0 0 pipe');
		expect(() => parseManifestText(replace(entryAt, '# entry fifo 0600 0:0 0 pipe'))).toThrow(
			`manifest line ${entryAt + 1}: unknown entry type "fifo"`,
		);
		expect(() => parseManifestText(replace(entryAt, '# entry other 0600 0:0 0 ../pipe'))).toThrow(
			`manifest line ${entryAt + 1}: unsafe path`,
		);
		expect(() => parseManifestText(replace(entryAt, '# entry other 0600 0:0 0 pi\\qpe'))).toThrow(
			`manifest line ${entryAt + 1}: unknown escape`,
		);
		const checksumAt = lines.findIndex((line) => line.endsWith('  a b.txt'));
		expect(() => parseManifestText(replace(checksumAt, '# gone'))).toThrow(
			`manifest line ${checksumAt}: file a b.txt has no checksum line`,
		);
		expect(() => parseManifestText(replace(1, '# files: 5, bytes: 4'))).toThrow(
			'manifest line 2: says 5 files and 4 bytes, but lists 4 files and 4 bytes',
		);
		expect(() => parseManifestText(replace(0, '# something else'))).toThrow(
			'manifest line 1: not a dockmedic',
		);
	});
});

describe('compareManifests', () => {
	async function manifestOf(specs: Spec[]): Promise<Manifest> {
		return manifestOfTar(inChunks(await tarOf(specs)), { stripPrefix: 'data' });
	}

	it('finds nothing between an archive and itself', async () => {
		expect(compareManifests(await manifestOf(volume), await manifestOf(volume))).toEqual([]);
	});

	it('finds a changed byte, a missing and an extra entry, a changed mode, owner, type and link', async () => {
		const changed = volume
			.filter((spec) => spec.name !== 'data/empty')
			.map((spec): Spec => {
				if (spec.name === 'data/sub/deeper/b.bin') return { ...spec, data: Buffer.from([0, 1, 3, 255]) };
				if (spec.name === 'data/a.txt') return { ...spec, mode: 0o600 };
				if (spec.name === 'data/sub/') return { ...spec, uid: 33, gid: 33 };
				if (spec.name === 'data/latest') return { ...spec, linkname: 'a.txt' };
				if (spec.name === 'data/hard') return { name: 'data/hard/', type: 'directory', mode: 0o644 };
				return spec;
			});
		changed.push({ name: 'data/new.txt', data: 'new!' });
		const expected = await manifestOf(volume);
		const actual = await manifestOf(changed);
		const b = sha256(Buffer.from([0, 1, 2, 255])).slice(0, 12);
		const c = sha256(Buffer.from([0, 1, 3, 255])).slice(0, 12);
		expect(compareManifests(expected, actual)).toEqual([
			'changed mode: a.txt (0600, expected 0644)',
			'missing: empty (file, 0 bytes)',
			'changed type: hard (directory, expected file, 5 bytes)',
			'changed owner: hard (0:0, expected 1000:1000)',
			'changed link target: latest (-> a.txt, expected -> sub/deeper/b.bin)',
			'extra: new.txt (file, 4 bytes)',
			'changed owner: sub (33:33, expected 0:0)',
			`changed content: sub/deeper/b.bin (4 bytes, sha256 ${c}…, expected 4 bytes, sha256 ${b}…)`,
		]);
	});

	it('compares a hard link as the file it links to, whichever name the archive stored as the file', async () => {
		const stored = await manifestOf([
			{ name: 'data/a', data: 'same', mode: 0o640 },
			{ name: 'data/b', type: 'link', linkname: 'data/a', mode: 0o640 },
		]);
		const swapped = await manifestOf([
			{ name: 'data/b', data: 'same', mode: 0o640 },
			{ name: 'data/a', type: 'link', linkname: 'data/b', mode: 0o640 },
		]);
		expect(compareManifests(stored, swapped)).toEqual([]);
		const edited = await manifestOf([
			{ name: 'data/b', data: 'SAME', mode: 0o640 },
			{ name: 'data/a', type: 'link', linkname: 'data/b', mode: 0o640 },
		]);
		expect(compareManifests(stored, edited).map((line) => line.split(' (')[0])).toEqual([
			'changed content: a',
			'changed content: b',
		]);
	});

	it('keeps each difference on one line, whatever the name', () => {
		const file = (path: string, data: string): ManifestEntry => ({
			path,
			type: 'file',
			size: data.length,
			mode: 0o644,
			uid: 0,
			gid: 0,
			sha256: sha256(data),
		});
		const differences = compareManifests(
			{ entries: [file('a\nb', 'x')], files: 1, bytes: 1 },
			{ entries: [file('a\nb', 'y')], files: 1, bytes: 1 },
		);
		expect(differences).toHaveLength(1);
		expect(differences[0]).toMatch(/^changed content: a\\nb \(/);
		expect(differences[0]).not.toContain('\n');
	});
});

describe('manifestWhileCopying', () => {
	it('passes the bytes through unchanged and gives the same manifest as manifestOfTar', async () => {
		const tar = await tarOf([...volume, { name: 'data/big.bin', data: bigData() }]);
		const copy = manifestWhileCopying({ stripPrefix: 'data/' });
		const copied: Buffer[] = [];
		await pipeline(
			Readable.from(inChunks(tar, 10_007)),
			copy.stream,
			async (source: AsyncIterable<Buffer>) => {
				for await (const chunk of source) copied.push(chunk);
			},
		);
		expect(Buffer.compare(Buffer.concat(copied), tar)).toBe(0);
		const manifest = await copy.manifest;
		expect(manifest).toEqual(await manifestOfTar(inChunks(tar), { stripPrefix: 'data/' }));
		expect(entry(manifest, 'big.bin')?.sha256).toBe(sha256(bigData()));
	});

	it('fails the copy, and the manifest, on a hostile archive', async () => {
		const tar = await tarOf([{ name: 'data/../../escape', data: 'x' }, ...volume]);
		const copy = manifestWhileCopying({ stripPrefix: 'data' });
		const copying = pipeline(
			Readable.from(inChunks(tar, 512)),
			copy.stream,
			async (source: AsyncIterable<Buffer>) => {
				for await (const _ of source);
			},
		);
		await expect(copying).rejects.toThrow(ArchiveError);
		await expect(copy.manifest).rejects.toThrow(/"\.\." would lead out/);
	});

	it('fails the manifest when the copy stops before the archive ends', async () => {
		const tar = await tarOf(volume);
		const copy = manifestWhileCopying();
		const streamError = new Promise((resolve) => copy.stream.on('error', resolve));
		copy.stream.write(tar.subarray(0, 1024));
		copy.stream.destroy(new Error('disk full'));
		await expect(copy.manifest).rejects.toThrow('disk full');
		expect(await streamError).toMatchObject({ message: 'disk full' });
	});
});

describe('rerootTar', () => {
	async function rerooted(tar: Buffer, from: string, to: string): Promise<Buffer> {
		const output: Buffer[] = [];
		await pipeline(
			Readable.from(inChunks(tar)),
			rerootTar(from, to),
			async (source: AsyncIterable<Buffer>) => {
				for await (const chunk of source) output.push(chunk);
			},
		);
		return Buffer.concat(output);
	}

	it('moves the entries under from/ to under to/, hard-link targets with them', async () => {
		const tar = await tarOf(volume);
		const out = await rerooted(tar, 'data', 'srv');
		const entries = await headersOf(out);
		expect(entries.map((e) => e.header.name)).toEqual([
			'srv/',
			'srv/a.txt',
			'srv/empty',
			'srv/sub/',
			'srv/sub/deeper/',
			'srv/sub/deeper/b.bin',
			'srv/latest',
			'srv/hard',
		]);
		const hard = entries.find((e) => e.header.name === 'srv/hard')?.header;
		expect(hard).toMatchObject({ type: 'link', linkname: 'srv/a.txt' });
		// Symlink targets are file-system paths, not archive names: left alone.
		expect(entries.find((e) => e.header.name === 'srv/latest')?.header.linkname).toBe('sub/deeper/b.bin');
		expect(entries.find((e) => e.header.name === 'srv/a.txt')?.header.mtime).toEqual(mtime);
		// Same contents, modes and owners under the new name.
		expect(await manifestOfTar(inChunks(out), { stripPrefix: 'srv' })).toEqual(
			await manifestOfTar(inChunks(tar), { stripPrefix: 'data' }),
		);
	});

	it('moves them to the top when to is empty', async () => {
		const out = await rerooted(await tarOf(volume), 'data/', '');
		const names = (await headersOf(out)).map((e) => e.header.name);
		expect(names).toEqual([
			'./',
			'a.txt',
			'empty',
			'sub/',
			'sub/deeper/',
			'sub/deeper/b.bin',
			'latest',
			'hard',
		]);
		expect((await headersOf(out)).find((e) => e.header.name === 'hard')?.header.linkname).toBe('a.txt');
	});

	it('renames long (pax) names too, and keeps a 5 MiB file and a mode of 0 intact', async () => {
		const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
		const big = bigData();
		const tar = await tarOf([
			{ name: 'data/', type: 'directory' },
			{ name: `data/${long}`, data: 'long' },
			{ name: 'data/big.bin', data: big },
			// A mode of 0: pack would turn a plain 0 into 0644, a bit above the permission bits keeps it 0.
			{ name: 'data/locked', data: 'secret', mode: 0o100000 },
		]);
		const out = await rerooted(tar, 'data', 'backup');
		expect((await headersOf(out)).map((e) => e.header.name)).toEqual([
			'backup/',
			`backup/${long}`,
			'backup/big.bin',
			'backup/locked',
		]);
		const manifest = await manifestOfTar(inChunks(out), { stripPrefix: 'backup' });
		expect(entry(manifest, 'big.bin')?.sha256).toBe(sha256(big));
		expect(entry(manifest, 'locked')?.mode).toBe(0);
		expect(manifest).toEqual(await manifestOfTar(inChunks(tar), { stripPrefix: 'data' }));
	});

	it('refuses ".." entries rather than passing them on', async () => {
		const tar = await tarOf([
			{ name: 'data/', type: 'directory' },
			{ name: 'data/../../etc/cron.d/x', data: 'x' },
		]);
		await expect(rerooted(tar, 'data', 'srv')).rejects.toThrow(ArchiveError);
		await expect(rerooted(tar, 'data', 'srv')).rejects.toThrow(/"\.\." would lead out/);
	});

	it('refuses entries outside from/, absolute ones and ones beneath a symlink', async () => {
		await expect(rerooted(await tarOf([{ name: 'elsewhere/a', data: 'x' }]), 'data', 'srv')).rejects.toThrow(
			/not under "data\/"/,
		);
		await expect(rerooted(await tarOf([{ name: '/data/a', data: 'x' }]), 'data', 'srv')).rejects.toThrow(
			/absolute path/,
		);
		const throughLink = await tarOf([
			{ name: 'data/l', type: 'symlink', linkname: '/' },
			{ name: 'data/l/root/.ssh/authorized_keys', data: 'x' },
		]);
		await expect(rerooted(throughLink, 'data', 'srv')).rejects.toThrow(/beneath the symbolic link "l"/);
	});

	it('refuses a target directory with ".." in it', () => {
		expect(() => rerootTar('data', '../srv')).toThrow(ArchiveError);
	});
});

import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline as nodePipeline } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DockmedicError } from '../../engine/errors.js';
import type { Engine } from '../../engine/index.js';
import {
	compareManifests,
	type Manifest,
	manifestOfTar,
	manifestText,
	manifestWhileCopying,
	parseManifestText,
	rerootTar,
} from '../../model/archive-manifest.js';
import { shellQuote } from '../../model/container-spec.js';
import { formatBytes } from '../../model/format.js';
import { fileStamp } from '../../util/stamp.js';
import { recorded } from '../action-journal.js';
import type { GlobalOptions } from '../connect.js';
import { firstEngine } from '../fleet.js';
import { helperImage } from '../playbook-setup.js';

export type BackupCliOptions = GlobalOptions & {
	readonly to?: string;
	readonly mount?: string;
	readonly format: 'text' | 'json';
};
export type RestoreCliOptions = GlobalOptions & { readonly volume: string; readonly format: 'text' | 'json' };

/** Label on a volume restore created: which archive it came from. */
export const RESTORED_FROM_LABEL = 'dockmedic.restored-from';
/** Label that tells the volume a restore created from one that appeared under the same name meanwhile. */
const RESTORE_RUN_LABEL = 'dockmedic.restore-run';

/** What is backed up: a mount of a container, or a volume no container needs to be named for. */
type Source = {
	/** The container or volume the journal files it under. */
	readonly subject: string;
	readonly name: string;
	readonly describe: string;
	/** The same copy by hand, for the journal and for a person without dockmedic. */
	readonly command: (file: string) => string;
	readonly warning: string | null;
	/** Runs `copy` over the tar stream of the data (entries under the mount's base name) while it is readable. */
	readonly withArchive: <T>(copy: (tar: NodeJS.ReadableStream, base: string) => Promise<T>) => Promise<T>;
};

const manifestFile = (archive: string) => `${archive}.sha256`;

async function resolveSource(engine: Engine, target: string, mount: string | undefined): Promise<Source> {
	const details = await engine.containers.inspect(target).catch((error: Error) => {
		if (error.name === 'ContainerNotFoundError') return null;
		throw error;
	});
	if (details) {
		const mounts = details.mounts.filter((m) => m.type === 'volume' || m.type === 'bind');
		const chosen = mount
			? mounts.find((m) => m.destination === mount)
			: mounts.length === 1
				? mounts[0]
				: undefined;
		if (!chosen) {
			const list = mounts.map((m) => `${m.destination} (${m.type} ${m.name ?? m.source})`).join(', ');
			throw new DockmedicError(
				mounts.length === 0
					? `${details.name} has no volume or bind mount: what it keeps is in its writable layer (docker export ${details.name} copies that).`
					: mount
						? `${details.name} mounts nothing at ${mount}. Its mounts: ${list}.`
						: `${details.name} has ${mounts.length} mounts: name one with --mount. ${list}.`,
				{ exitCode: 2 },
			);
		}
		const what = chosen.type === 'volume' ? `volume ${chosen.name}` : `bind mount ${chosen.source}`;
		// A file mounted on its own (nginx.conf, a socket) is no folder to archive and restore as a volume.
		const stat = await engine.containers.statPath(details.id, chosen.destination, 0);
		if (stat && stat.type !== 'dir')
			throw new DockmedicError(
				`${what} at ${chosen.destination} of ${details.name} is a single file, not a folder: copy it with docker cp ${details.name}:${chosen.destination} .`,
				{ exitCode: 2 },
			);
		return {
			subject: details.name,
			name: `${details.name}-${chosen.name ?? path.basename(chosen.destination)}`,
			describe: `${what} at ${chosen.destination} of ${details.name}`,
			command: (file) =>
				`docker run --rm --volumes-from ${shellQuote(details.name)} -v "$PWD":/backup busybox tar -C ${shellQuote(chosen.destination)} -cf /backup/${shellQuote(path.basename(file))} .`,
			warning:
				details.state === 'running'
					? `${details.name} is running: a file written during the copy can be caught half-way. For a database, stop it first (docker stop ${details.name}) or use its own dump.`
					: null,
			// The archive endpoint reads a running or stopped container's mounts alike: no helper needed.
			withArchive: async (copy) =>
				copy(
					await engine.containers.readArchive(details.id, chosen.destination),
					path.basename(chosen.destination),
				),
		};
	}
	const volume = await engine.volumes.inspect(target);
	if (!volume)
		throw new DockmedicError(`There is no container or volume named ${target}.`, {
			tryMessage: 'List them with `docker ps -a` and `docker volume ls`.',
			exitCode: 2,
		});
	const image = await helperImage(engine);
	const users = (await engine.containers.listUsingVolume(volume.name)).map((c) => c.name);
	return {
		subject: volume.name,
		name: volume.name,
		describe: `volume ${volume.name}`,
		command: (file) =>
			`docker run --rm -v ${shellQuote(volume.name)}:/data:ro -v "$PWD":/backup busybox tar -C /data -cf /backup/${shellQuote(path.basename(file))} .`,
		warning: users.length
			? `${users.join(', ')} ${users.length === 1 ? 'uses' : 'use'} ${volume.name} and ${users.length === 1 ? 'runs' : 'run'}: a file written during the copy can be caught half-way. For a database, stop it first or use its own dump.`
			: null,
		withArchive: (copy) =>
			engine.helpers.holding({ image, binds: [`${volume.name}:/data:ro`] }, async (id) =>
				copy(await engine.containers.readArchive(id, '/data'), 'data'),
			),
	};
}

/**
 * `dockmedic backup <container|volume>`: the files of a volume or bind mount as a tar archive (rooted at the
 * mount, as `tar -C /data -cf x.tar .` makes it), with a sha256sum manifest beside it, read back and
 * verified before it is called done. Nothing is overwritten.
 */
export async function runBackup(
	target: string,
	options: BackupCliOptions,
	out: NodeJS.WritableStream = process.stdout,
	err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
	const engine = await firstEngine(options);
	const source = await resolveSource(engine, target, options.mount);
	const file = path.resolve(options.to ?? `${source.name}-${fileStamp(new Date())}.tar`);
	for (const existing of [file, manifestFile(file)])
		if (existsSync(existing))
			throw new DockmedicError(`${existing} exists: a backup never overwrites a file. Choose another --to.`, {
				exitCode: 2,
			});
	if (source.warning && options.format === 'text') err.write(`Note: ${source.warning}\n`);
	const partial = `${file}.partial`;
	const manifest = await recorded(
		{
			host: engine.endpoint.url,
			container: source.subject,
			action: `backup of ${source.describe}`,
			command: source.command(file),
		},
		async () => {
			try {
				const written = await source.withArchive(async (tar, base) => {
					const copy = manifestWhileCopying();
					await pipeline(
						tar,
						rerootTar(base, ''),
						copy.stream,
						createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
					);
					return copy.manifest;
				});
				// Verified from the file itself: what a restore will read, not what was meant to be written.
				const differences = compareManifests(written, await manifestOfTar(createReadStream(partial)));
				if (differences.length > 0)
					throw new DockmedicError(
						`The archive read back differs from what was copied: ${differences.slice(0, 3).join('; ')}`,
					);
				// Only its owner reads it: a volume's files are often a database's or a service's secrets.
				await writeFile(manifestFile(file), manifestText(written), { flag: 'wx', mode: 0o600 });
				await rename(partial, file);
				return written;
			} catch (error) {
				await rm(partial, { force: true });
				throw error;
			}
		},
	);
	if (options.format === 'json')
		out.write(
			`${JSON.stringify({ source: source.describe, archive: file, manifest: manifestFile(file), files: manifest.files, bytes: manifest.bytes, entries: manifest.entries.length, verified: true, warning: source.warning }, null, 2)}\n`,
		);
	else
		out.write(
			`Backed up ${source.describe}: ${manifest.files} files, ${formatBytes(manifest.bytes)}, in ${manifest.entries.length} entries.\n` +
				`  archive   ${file}\n  manifest  ${manifestFile(file)}  (sha256sum -c in an extracted copy)\n` +
				`  verified: every file read back from the archive matches its checksum.\n` +
				`  restore:  dockmedic restore ${shellQuote(file)} --volume NEW_VOLUME\n`,
		);
	return 0;
}

/**
 * `dockmedic restore <archive> --volume NAME`: the archive, checked against its manifest first, into a new
 * volume, read back and compared file by file, owners and modes included. An existing volume is never
 * written into.
 */
export async function runRestore(
	archive: string,
	options: RestoreCliOptions,
	out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
	if (options.readOnly)
		throw new DockmedicError('--read-only changes nothing: restore creates a volume, so it is refused.', {
			exitCode: 2,
		});
	const file = path.resolve(archive);
	if (!existsSync(file)) throw new DockmedicError(`There is no archive ${file}.`, { exitCode: 2 });
	const manifestText = await readFile(manifestFile(file), 'utf8').catch(() => {
		throw new DockmedicError(`There is no manifest beside the archive (${manifestFile(file)}).`, {
			tryMessage: 'dockmedic backup writes one; restore checks every file against it.',
			exitCode: 2,
		});
	});
	let expected: Manifest;
	try {
		expected = parseManifestText(manifestText);
	} catch (error) {
		throw new DockmedicError(`${manifestFile(file)}: ${(error as Error).message}`, { exitCode: 2 });
	}
	const actual = await manifestOfTar(createReadStream(file));
	const damaged = compareManifests(expected, actual);
	if (damaged.length > 0)
		throw new DockmedicError(
			`${file} does not match its manifest, so nothing was restored: ${damaged.slice(0, 3).join('; ')}`,
			{
				exitCode: 1,
			},
		);
	// Not from an archive of unknown origin into a volume a service will mount: devices and set-id programs.
	const risky = actual.entries.filter((e) => (e.type === 'other' && !e.linkname) || (e.mode & 0o6000) !== 0);
	if (risky.length > 0)
		throw new DockmedicError(
			`${file} holds ${risky.length} device, fifo or setuid/setgid entr${risky.length === 1 ? 'y' : 'ies'} (${risky
				.slice(0, 3)
				.map((e) => e.path)
				.join(', ')}), which restore does not write into a volume.`,
			{ exitCode: 1 },
		);
	const engine = await firstEngine(options);
	if (await engine.volumes.inspect(options.volume))
		throw new DockmedicError(
			`Volume ${options.volume} exists: a restore goes into a new volume, so nothing is overwritten. Name another, or remove it first (docker volume rm ${options.volume}).`,
			{ exitCode: 2 },
		);
	const image = await helperImage(engine);
	const volume = options.volume;
	const command = `docker volume create ${shellQuote(volume)} && docker run --rm -v ${shellQuote(volume)}:/restore -v "$PWD":/backup busybox tar -C /restore -xpf /backup/${shellQuote(path.basename(file))}`;
	const differences = await recorded(
		{ host: engine.endpoint.url, container: volume, action: `restore of ${path.basename(file)}`, command },
		async () => {
			// Marked as this run's: creating a name that exists answers as if created, so the mark tells.
			const mark = `${process.pid}-${Date.now()}`;
			await engine.volumes.create(volume, {
				[RESTORED_FROM_LABEL]: path.basename(file),
				[RESTORE_RUN_LABEL]: mark,
			});
			if ((await engine.volumes.inspect(volume))?.labels[RESTORE_RUN_LABEL] !== mark)
				throw new DockmedicError(`Volume ${volume} appeared meanwhile: nothing was restored into it.`, {
					exitCode: 2,
				});
			try {
				return await engine.helpers.holding({ image, binds: [`${volume}:/restore`] }, async (id) => {
					// A read error of the archive fails the upload, rather than leaving it waiting.
					const upload = nodePipeline(createReadStream(file), rerootTar('', 'restore'), () => undefined);
					await engine.containers.writeArchive(id, '/', upload);
					return compareManifests(
						expected,
						await manifestOfTar(await engine.containers.readArchive(id, '/restore'), {
							stripPrefix: 'restore',
						}),
					);
				});
			} catch (error) {
				// Half a restore is no restore: the volume goes, so that running it again finds the name free.
				await engine.volumes.remove(volume).catch(() => undefined);
				throw error;
			}
		},
	);
	if (options.format === 'json')
		out.write(
			`${JSON.stringify({ archive: file, volume, files: expected.files, bytes: expected.bytes, identical: differences.length === 0, differences }, null, 2)}\n`,
		);
	else if (differences.length === 0)
		out.write(
			`Restored ${expected.files} files (${formatBytes(expected.bytes)}) into the new volume ${volume}; read back, every file, mode and owner matches the manifest.\n` +
				`  use it:  docker run -v ${volume}:/data …   (or point the service's volume at it)\n`,
		);
	else
		out.write(
			`Restored into ${volume}, but it differs from the manifest:\n${differences.map((d) => `  ${d}`).join('\n')}\n`,
		);
	return differences.length === 0 ? 0 : 1;
}

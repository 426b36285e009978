import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import {
	BASE_IMAGE,
	docker,
	dockerStatus,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
} from '../helpers/docker.js';

const GROUP = uniqueName('backup');
const label = `${TEST_LABEL}.group=${GROUP}`;
const volume = `${GROUP}-data`;
const restored = `${GROUP}-restored`;
const app = `${GROUP}-app`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'dm-backup-'));
const env = { XDG_STATE_HOME: mkdtempSync(path.join(os.tmpdir(), 'dm-backup-state-')) };

/** Every file's checksum, and every entry's owner, mode and link, as the container sees them: the oracle. */
async function listing(vol: string): Promise<string> {
	return docker(
		'run',
		'--rm',
		'-v',
		`${vol}:/v:ro`,
		BASE_IMAGE,
		'sh',
		'-c',
		'cd /v && find . | sort | while read -r f; do stat -c "%n %u:%g %a %F" "$f"; [ -f "$f" ] && [ ! -L "$f" ] && sha256sum "$f"; [ -L "$f" ] && readlink "$f"; done; true',
	);
}

beforeAll(async () => {
	await docker('volume', 'create', '--label', label, volume);
	// Owners, modes, a nested folder, a symlink, a name with a space, an empty file and a 4 MB one.
	await docker(
		'run',
		'--rm',
		'--label',
		label,
		'-v',
		`${volume}:/data`,
		BASE_IMAGE,
		'sh',
		'-c',
		'mkdir -p /data/sub/deeper && echo hello > "/data/a file.txt" && : > /data/empty && head -c 4000000 /dev/urandom > /data/sub/deeper/big.bin && ln -s "a file.txt" /data/link && chown 1000:1000 "/data/a file.txt" && chmod 600 "/data/a file.txt" && chown 999:999 /data && chmod 750 /data/sub',
	);
	await runContainer(app, ['--label', label, '-v', `${volume}:/var/lib/app`, '-v', `${dir}:/mnt/host:ro`]);
});

afterAll(async () => {
	await removeLabelled(label);
	await dockerStatus('volume', 'rm', '-f', volume, restored);
});

describe('backup and restore', () => {
	it('backs up a volume, and after the volume is deleted restores identical files, owners and modes', async () => {
		const before = await listing(volume);
		const archive = path.join(dir, 'app.tar');
		const backup = await dockmedic(['backup', app, '--mount', '/var/lib/app', '--to', archive], env);
		expect(backup.code).toBe(0);
		expect(backup.stderr).toContain(
			`${app} is running: a file written during the copy can be caught half-way`,
		);
		expect(backup.stdout).toContain(`Backed up volume ${volume} at /var/lib/app of ${app}: 3 files`);
		expect(backup.stdout).toContain('verified: every file read back from the archive matches its checksum');
		// Only its owner reads it: a volume's files are often a database's.
		expect(statSync(archive).mode & 0o777).toBe(0o600);
		expect(statSync(`${archive}.sha256`).mode & 0o777).toBe(0o600);
		// The manifest is sha256sum's own format: the sum of the 4 MB file is what the container computes.
		const manifest = readFileSync(`${archive}.sha256`, 'utf8');
		const bigSum = /([0-9a-f]{64})\s+\.\/sub\/deeper\/big\.bin/.exec(before)?.[1];
		expect(manifest).toContain(`${bigSum}  sub/deeper/big.bin`);

		await docker('rm', '-f', app);
		await docker('volume', 'rm', volume);
		const restore = await dockmedic(['restore', archive, '--volume', restored, '--format', 'json'], env);
		expect(restore.code).toBe(0);
		expect(JSON.parse(restore.stdout)).toMatchObject({
			volume: restored,
			files: 3,
			identical: true,
			differences: [],
		});
		expect(await listing(restored)).toBe(before);
		// The journal keeps both for the incident report.
		const journal = readFileSync(path.join(env.XDG_STATE_HOME, 'dockmedic', 'actions.jsonl'), 'utf8');
		expect(journal).toContain(`"action":"backup of volume ${volume} at /var/lib/app of ${app}"`);
		expect(journal).toContain(`"action":"restore of app.tar","command":"docker volume create ${restored}`);
	}, 90_000);

	it('refuses a damaged archive, an existing volume, and overwriting a file', async () => {
		const archive = path.join(dir, 'again.tar');
		expect((await dockmedic(['backup', restored, '--to', archive], env)).code).toBe(0);
		const again = await dockmedic(['backup', restored, '--to', archive], env);
		expect(again.code).toBe(2);
		expect(again.stderr).toContain(`${archive} exists: a backup never overwrites a file`);

		const exists = await dockmedic(['restore', archive, '--volume', restored], env);
		expect(exists.code).toBe(2);
		expect(exists.stderr).toContain(`Volume ${restored} exists: a restore goes into a new volume`);

		// One byte of the big file flipped: the archive no longer matches its manifest.
		const bytes = readFileSync(archive);
		const at = bytes.length - 1024 * 1024;
		bytes[at] = (bytes[at] as number) ^ 0xff;
		writeFileSync(archive, bytes);
		const damaged = await dockmedic(['restore', archive, '--volume', `${GROUP}-never`], env);
		expect(damaged.code).toBe(1);
		expect(damaged.stderr).toContain('does not match its manifest, so nothing was restored');
		expect(damaged.stderr).toContain('sub/deeper/big.bin');
		expect((await dockerStatus('volume', 'inspect', `${GROUP}-never`)).code).not.toBe(0);

		// A set-uid program from an archive is not put into a volume a service will mount.
		const suid = `${GROUP}-suid`;
		await docker('volume', 'create', '--label', label, suid);
		await docker(
			'run',
			'--rm',
			'-v',
			`${suid}:/d`,
			BASE_IMAGE,
			'sh',
			'-c',
			'cp /bin/busybox /d/tool && chmod 4755 /d/tool',
		);
		const suidArchive = path.join(dir, 'suid.tar');
		expect((await dockmedic(['backup', suid, '--to', suidArchive], env)).code).toBe(0);
		const refused = await dockmedic(['restore', suidArchive, '--volume', `${GROUP}-never`], env);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain(
			'setuid/setgid entry (tool), which restore does not write into a volume',
		);
		expect((await dockerStatus('volume', 'inspect', `${GROUP}-never`)).code).not.toBe(0);

		const readOnly = await dockmedic(['--read-only', 'restore', archive, '--volume', `${GROUP}-never`], env);
		expect(readOnly.code).toBe(2);
		expect(readOnly.stderr).toContain('--read-only changes nothing');
	}, 60_000);

	it('says which mount to name, and what a container without one keeps', async () => {
		const two = `${GROUP}-two`;
		await runContainer(two, ['--label', label, '-v', `${restored}:/a`, '-v', `${dir}:/b`]);
		const ambiguous = await dockmedic(['backup', two], env);
		expect(ambiguous.code).toBe(2);
		expect(ambiguous.stderr).toContain(`${two} has 2 mounts: name one with --mount.`);
		// A volume backed up by name says who writes to it meanwhile.
		const inUse = await dockmedic(
			['backup', restored, '--to', path.join(dir, 'in-use.tar'), '--format', 'json'],
			env,
		);
		expect(JSON.parse(inUse.stdout).warning).toContain(`${two} uses ${restored} and runs`);
		// A single file mounted on its own is no folder to back up as one.
		const single = path.join(dir, 'app.conf');
		writeFileSync(single, 'listen 80;\n');
		const oneFile = `${GROUP}-file`;
		await runContainer(oneFile, ['--label', label, '-v', `${single}:/etc/app.conf:ro`]);
		const file = await dockmedic(['backup', oneFile], env);
		expect(file.code).toBe(2);
		expect(file.stderr).toContain(
			`is a single file, not a folder: copy it with docker cp ${oneFile}:/etc/app.conf .`,
		);
		const none = `${GROUP}-none`;
		await runContainer(none, ['--label', label]);
		const nothing = await dockmedic(['backup', none], env);
		expect(nothing.code).toBe(2);
		expect(nothing.stderr).toContain(`${none} has no volume or bind mount`);
		const missing = await dockmedic(['backup', `${GROUP}-nobody`], env);
		expect(missing.stderr).toContain(`There is no container or volume named ${GROUP}-nobody.`);
		expect(`${ambiguous.stderr}${nothing.stderr}${missing.stderr}`).not.toMatch(/\n\s+at /);
	}, 60_000);
});

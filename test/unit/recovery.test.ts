import { describe, expect, it } from 'vitest';
import { CAUSES, type CauseId } from '../../src/model/causes.js';
import type { MountInfo } from '../../src/model/container.js';
import { backupCommands, RECOVERY, recoveryOf } from '../../src/model/recovery.js';

const mount = (over: Partial<MountInfo>): MountInfo => ({
	type: 'volume',
	source: '/var/lib/docker/volumes/x/_data',
	destination: '/data',
	rw: true,
	mode: '',
	propagation: '',
	...over,
});
const anonymous = mount({ name: 'a'.repeat(64), destination: '/cache' });
const named = mount({ name: 'pgdata', destination: '/var/lib/postgresql/data' });
const bind = mount({ type: 'bind', source: '/srv/uploads', destination: '/uploads' });

describe('restart or recreate', () => {
	it('knows what every cause of the vocabulary needs', () => {
		expect(Object.keys(RECOVERY).sort()).toEqual(Object.keys(CAUSES).sort());
	});

	it('says a restart cannot change what is fixed at creation', () => {
		for (const id of [
			'missing-config',
			'port-not-published',
			'mount-read-only',
			'user-not-found',
		] as CauseId[])
			expect(recoveryOf(id, []).needs).toBe('recreate');
		expect(recoveryOf('missing-config', []).why).toContain('same environment, mounts, user, ports');
		expect(recoveryOf('dependency-not-ready', [])).toMatchObject({ needs: 'restart', data: null });
		expect(recoveryOf('cpu-throttled', []).needs).toBe('in-place');
	});

	it('tells what a recreate keeps and loses, and which backups to take first', () => {
		const r = recoveryOf('missing-config', [named, bind, anonymous]);
		expect(r.data).toContain(
			'Kept: volume pgdata at /var/lib/postgresql/data, bind mount /srv/uploads at /uploads',
		);
		expect(r.data).toContain('At risk: the anonymous volume at /cache');
		expect(r.data).toContain('Lost: files written in the container outside its mounts');
		expect(r.backupFirst).toBe(true);
		expect(backupCommands('db', [named, bind, anonymous])).toEqual([
			'dockmedic backup db --mount /var/lib/postgresql/data',
			'dockmedic backup db --mount /uploads',
			'dockmedic backup db --mount /cache',
		]);
		expect(backupCommands('db', [named])).toEqual(['dockmedic backup db']);
		expect(recoveryOf('missing-config', [])).toMatchObject({ backupFirst: false });
		expect(recoveryOf('missing-config', []).data).not.toContain('Kept');
	});
});

import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../../src/model/container.js';
import { toolboxPlan } from '../../src/model/toolbox.js';
import { Transcript } from '../../src/model/transcript.js';

function details(over: Partial<ContainerDetails>, user = ''): ContainerDetails {
	return {
		id: 'abc123',
		name: 'api',
		state: 'running',
		mounts: [],
		networks: [{ name: 'shop', ipAddress: '172.18.0.5', gateway: '', aliases: [], networkId: 'n' }],
		config: { user } as ContainerDetails['config'],
		...over,
	} as ContainerDetails;
}

describe('the toolbox of a container', () => {
	it('shares a running one and shows its files at /target, as its own numeric user', () => {
		const plan = toolboxPlan(details({}, '1000:1000'), 'busybox');
		expect(plan).toMatchObject({ joinRunning: 'abc123', binds: [], user: '1000:1000' });
		expect(plan.banner).toContain('sharing its network');
		expect(plan.banner).toContain('its files at /target');
	});

	it('runs as root when the user is a name the toolbox image cannot know, and says so', () => {
		const plan = toolboxPlan(details({}, 'postgres'), 'busybox');
		expect(plan.user).toBeUndefined();
		expect(plan.banner).toContain('as root (its user "postgres" is a name this image does not know');
		expect(toolboxPlan(details({}, 'postgres'), 'busybox', '999').user).toBe('999');
	});

	it('for a stopped one: its network, its mounts read-only under /target', () => {
		const plan = toolboxPlan(
			details({
				state: 'exited',
				mounts: [
					{
						type: 'volume',
						name: 'pgdata',
						source: '/var/lib/docker/volumes/pgdata/_data',
						destination: '/var/lib/postgresql/data',
						rw: true,
						mode: '',
						propagation: '',
					},
					{
						type: 'bind',
						source: '/srv/conf',
						destination: '/etc/app',
						rw: false,
						mode: 'ro',
						propagation: '',
					},
					{ type: 'tmpfs', source: '', destination: '/tmp', rw: true, mode: '', propagation: '' },
				],
			}),
			'busybox',
		);
		expect(plan.joinRunning).toBeUndefined();
		expect(plan.networkMode).toBe('shop');
		expect(plan.binds).toEqual(['pgdata:/target/var/lib/postgresql/data:ro', '/srv/conf:/target/etc/app:ro']);
		expect(plan.banner).toContain('which is exited');
	});
});

describe('a session transcript', () => {
	it('keeps what the screen shows, line by line, escapes and secrets out', () => {
		const t = new Transcript();
		expect(t.feed('\u001b[1;32m/ #\u001b[0m echo hi\r\nhi\r\n/ # export DB_PASSWORD=')).toEqual([
			'/ # echo hi',
			'hi',
		]);
		expect(t.feed('hunter2\r\n/ # lx\bs -l\r\n')).toEqual(['/ # export DB_PASSWORD=********', '/ # ls -l']);
		expect(t.feed('progress 10%\rprogress 100%\r\n')).toEqual(['progress 100%']);
		expect(t.feed('/ # exit')).toEqual([]);
		expect(t.flush()).toEqual(['/ # exit']);
		expect(new Transcript(true).feed('DB_PASSWORD=hunter2\n')).toEqual(['DB_PASSWORD=hunter2']);
	});
});

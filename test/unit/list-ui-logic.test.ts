import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../../src/model/container.js';
import { stateRows } from '../../src/ui/components/InspectPane.js';
import { layoutColumns } from '../../src/ui/format/list-columns.js';
import { makeRow } from '../helpers/list-source.js';

describe('column layout', () => {
	it.each([80, 100, 120, 200])('fills exactly the terminal width minus one at %i columns', (width) => {
		const columns = layoutColumns(width, { name: 30, image: 30, status: 25, ports: 30 });
		const used = 2 + columns.reduce((sum, c) => sum + c.width, 0) + (columns.length - 1);
		expect(used).toBe(width - 1);
	});

	it('gives short names only the room they need and adds an uptime column when wide', () => {
		const narrow = layoutColumns(80, { name: 5, image: 7 });
		expect(narrow.find((c) => c.id === 'name')?.width).toBe(10);
		expect(narrow.some((c) => c.id === 'uptime')).toBe(false);
		expect(layoutColumns(120).some((c) => c.id === 'uptime')).toBe(true);
	});
});

describe('inspect state table', () => {
	const exitRow = (over: Partial<ContainerDetails>) =>
		stateRows({ ...(makeRow({ name: 'web' }) as unknown as ContainerDetails), healthLog: [], ...over }).find(
			(r) => r.field === 'exit code',
		)?.value;

	it('calls no exit code an exit while the container runs, and explains a real one', () => {
		expect(exitRow({ state: 'running', exitCode: 0 })).toBe('- (running; no exit yet)');
		expect(exitRow({ state: 'exited', exitCode: 137, finishedAt: '2026-01-01T00:00:00Z' })).toMatch(
			/^137 \(.*kill/i,
		);
		expect(exitRow({ state: 'exited', exitCode: 0, finishedAt: '2026-01-01T00:00:00Z' })).toMatch(/^0 \(/);
	});
});

describe('inspect of a Compose container', () => {
	it('names its project, service, replica, config files and working directory first', () => {
		const labels = {
			'com.docker.compose.project': 'shop',
			'com.docker.compose.service': 'api',
			'com.docker.compose.container-number': '2',
			'com.docker.compose.project.config_files': 'docker-compose.yml,prod.yml',
			'com.docker.compose.project.working_dir': '/srv/shop',
		};
		const rows = stateRows({
			...(makeRow({ name: 'shop_api_2', labels }) as unknown as ContainerDetails),
			healthLog: [],
		});
		expect(rows.slice(0, 4)).toEqual([
			{ field: 'compose project', value: 'shop' },
			{ field: 'service', value: 'api (replica 2)' },
			{ field: 'config files', value: 'docker-compose.yml, prod.yml' },
			{ field: 'working dir', value: '/srv/shop' },
		]);
		expect(
			stateRows({ ...(makeRow({ name: 'solo' }) as unknown as ContainerDetails), healthLog: [] })[0]?.field,
		).toBe('status');
	});
});

import { describe, expect, it } from 'vitest';
import { composeCommand, composeInfo, dependencyOrder, parseDependsOn } from '../../src/model/compose.js';
import { mergeComposeFiles, parseComposeFile } from '../../src/model/compose-file.js';
import type { ContainerRow } from '../../src/model/container-list.js';
import { type GroupedView, listLines, projectSummary, troubleStart } from '../../src/model/list-lines.js';
import { projectsOf } from '../../src/model/projects.js';
import { makeRow } from '../helpers/list-source.js';

const compose = (project: string, service: string, dependsOn = '') => ({
	'com.docker.compose.project': project,
	'com.docker.compose.service': service,
	'com.docker.compose.container-number': '1',
	'com.docker.compose.oneoff': 'False',
	'com.docker.compose.project.working_dir': `/srv/${project}`,
	'com.docker.compose.project.config_files': 'docker-compose.yml',
	...(dependsOn ? { 'com.docker.compose.depends_on': dependsOn } : {}),
});

const rows: ContainerRow[] = [
	makeRow({
		name: 'shop_web_1',
		labels: compose('shop', 'web', 'api:service_started:false'),
		state: 'created',
	}),
	makeRow({
		name: 'shop_api_1',
		labels: compose('shop', 'api', 'db:service_healthy:false'),
		state: 'restarting',
		exitCode: 1,
	}),
	makeRow({ name: 'shop_db_1', labels: compose('shop', 'db'), health: 'unhealthy' }),
	makeRow({ name: 'blog_app_1', labels: compose('blog', 'app') }),
	makeRow({ name: 'solo', image: 'tools:1' }),
];
const view: GroupedView = { showAll: true, filter: '', sort: 'state', collapsed: [], projectsOnly: false };
const shape = (lines: ReturnType<typeof listLines>) =>
	lines.map((l) => (l.kind === 'project' ? `[${projectSummary(l)}]` : l.row.name));

describe('Compose labels', () => {
	it('reads project, service, replica, files and v2 dependencies; nothing outside Compose', () => {
		expect(
			composeInfo(compose('shop', 'api', 'db:service_healthy:false,cache:service_started:true')),
		).toEqual({
			project: 'shop',
			service: 'api',
			number: 1,
			oneoff: false,
			workingDir: '/srv/shop',
			configFiles: ['docker-compose.yml'],
			dependsOn: [
				{ service: 'db', condition: 'service_healthy' },
				{ service: 'cache', condition: 'service_started' },
			],
		});
		expect(composeInfo({ app: 'x' })).toBeNull();
		expect(parseDependsOn('')).toEqual([]);
	});

	it('writes the command a Compose user types: -p always, -f with absolute files, quoted when needed', () => {
		const info = composeInfo(compose('shop', 'api')) ?? { project: '', workingDir: null, configFiles: [] };
		expect(composeCommand(info, 'v2', 'up', '-d', 'api')).toBe(
			'docker compose -p shop -f /srv/shop/docker-compose.yml up -d api',
		);
		expect(composeCommand({ project: 'my shop', workingDir: null, configFiles: [] }, 'v1', 'ps')).toBe(
			"docker-compose -p 'my shop' ps",
		);
	});

	it('orders services after what they depend on, and survives a cycle', () => {
		const deps: Record<string, string[]> = { web: ['api'], api: ['db'], db: [], a: ['b'], b: ['a'] };
		expect(dependencyOrder(['web', 'api', 'db'], (s) => deps[s] ?? [])).toEqual(['db', 'api', 'web']);
		expect(dependencyOrder(['a', 'b'], (s) => deps[s] ?? []).sort()).toEqual(['a', 'b']);
	});
});

describe('the grouped list', () => {
	it('groups containers under their project with state counts, trouble first, stand-alone last', () => {
		expect(shape(listLines(rows, view))).toEqual([
			'[shop 1/3 running · 1 unhealthy · 1 restarting · 1 created]',
			'shop_api_1',
			'shop_db_1',
			'shop_web_1',
			'[blog 1/1 running]',
			'blog_app_1',
			'[stand-alone 1/1 running]',
			'solo',
		]);
	});

	it('collapses a project, shows projects alone, and filters by project or service', () => {
		expect(shape(listLines(rows, { ...view, collapsed: ['project:/shop'] })).slice(0, 3)).toEqual([
			'[shop 1/3 running · 1 unhealthy · 1 restarting · 1 created]',
			'[blog 1/1 running]',
			'blog_app_1',
		]);
		expect(shape(listLines(rows, { ...view, projectsOnly: true }))).toHaveLength(3);
		expect(shape(listLines(rows, { ...view, filter: 'blog' }))).toEqual(['[blog 1/1 running]', 'blog_app_1']);
		expect(shape(listLines(rows, { ...view, filter: 'db' }))).toEqual([
			'[shop 1/1 running · 1 unhealthy]',
			'shop_db_1',
		]);
	});

	it('stays a flat list where no container belongs to a Compose project', () => {
		const plain = rows.filter((r) => !r.labels['com.docker.compose.project']);
		expect(shape(listLines(plain, view))).toEqual(['solo']);
	});

	it("starts a project's diagnosis at the dependency its trouble comes from, not the services it holds back", () => {
		const shop = listLines(rows, view)[0];
		if (shop?.kind !== 'project') throw new Error('expected the shop header first');
		expect(troubleStart(rows, shop)?.name).toBe('shop_db_1');
		const blog = listLines(rows, view)[4];
		if (blog?.kind !== 'project') throw new Error('expected the blog header');
		expect(troubleStart(rows, blog)).toBeNull();
	});
});

describe('Compose files and projects', () => {
	const file = `
services:
  web:
    image: shop/web
    depends_on:
      api:
        condition: service_started
  api:
    image: shop/api
    depends_on: [db]
    deploy: { replicas: 2 }
  db:
    image: postgres
`;

	it('reads services, their images, depends_on in both forms and replicas; a file that is not Compose gives null', () => {
		expect(parseComposeFile(file)?.services).toEqual([
			{
				name: 'web',
				image: 'shop/web',
				dependsOn: [{ service: 'api', condition: 'service_started' }],
				replicas: 1,
			},
			{
				name: 'api',
				image: 'shop/api',
				dependsOn: [{ service: 'db', condition: 'service_started' }],
				replicas: 2,
			},
			{ name: 'db', image: 'postgres', dependsOn: [], replicas: 1 },
		]);
		// A service the file builds: a missing image is built, not pulled.
		expect(
			parseComposeFile('services:\n  app:\n    image: shop/app:dev\n    build: .\n')?.services[0],
		).toMatchObject({
			image: 'shop/app:dev',
			builds: true,
		});
		expect(parseComposeFile('services: [')).toBeNull();
		expect(parseComposeFile('just: text')).toBeNull();
		const override = parseComposeFile(
			'services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis\n',
		);
		// A later file's image wins; one that names none keeps the earlier image.
		expect(
			mergeComposeFiles([
				parseComposeFile(file),
				override,
				parseComposeFile('services:\n  web:\n    scale: 2\n'),
			])?.services.map((s) => [s.name, s.image]),
		).toEqual([
			['web', 'shop/web'],
			['api', 'shop/api'],
			['db', 'postgres:16'],
			['cache', 'redis'],
		]);
		expect(mergeComposeFiles([parseComposeFile(file), override])?.services.map((s) => s.name)).toEqual([
			'web',
			'api',
			'db',
			'cache',
		]);
	});

	it("lists a project's services in dependency order, with one the file names but Compose never created", () => {
		// Compose v1 writes no depends_on label: the order comes from the file.
		const v1 = (service: string) => compose('shop', service);
		const members = [
			makeRow({ name: 'shop_api_1', labels: v1('api'), state: 'exited', exitCode: 1 }),
			makeRow({ name: 'shop_db_1', labels: v1('db'), health: 'unhealthy' }),
		];
		const [shop] = projectsOf(members, new Map([['shop', parseComposeFile(file)]]));
		expect(shop?.services.map((s) => [s.service, s.running, s.desired, s.missing, s.attention])).toEqual([
			['db', 1, 1, false, true],
			['api', 0, 2, false, true],
			['web', 0, 1, true, true],
		]);
		expect(shop?.fileRead).toBe(true);
		// Without the file: only what the labels say.
		expect(projectsOf(members)[0]?.services.map((s) => s.service)).toEqual(['api', 'db']);
	});
});

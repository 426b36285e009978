import path from 'node:path';
import { canWrite, isHealthy, runsSteadily } from '../checks.js';
import type { CheckResult, LabContext, Scenario } from '../scenario.js';

/**
 * Compose projects broken the way Compose users break them, created with the real Compose from a file
 * the lab writes: a dependency that never becomes healthy, services on networks that do not meet, a
 * variable missing from .env, a bind mount owned by root for a non-root service. Their fixes change
 * the file (or the host) and run `up -d`, as a Compose user must.
 */

/** The labels every service and network carries, as YAML flow mappings. */
const labels = (ctx: LabContext) =>
	`{ ${Object.entries(ctx.labels)
		.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
		.join(', ')} }`;

const file = (ctx: LabContext) => path.join(ctx.dir('compose'), 'docker-compose.yml');
const compose = (ctx: LabContext, id: string) =>
	`${ctx.compose ?? 'docker compose'} -p ${id} -f ${file(ctx)}`;

async function all(...checks: Promise<CheckResult>[]): Promise<CheckResult> {
	const results = await Promise.all(checks);
	return { fixed: results.every((r) => r.fixed), observed: results.map((r) => r.observed).join('; ') };
}

const SHOP = 'shop-db-never-healthy';
const PAYROLL = 'payroll-env-missing';
const FULFIL = 'fulfil-split-networks';
const REPORTS = 'reports-volume-root';
const STOCK = 'stock-registry-prefix';
/** A registry this host does not run: the pull is refused on loopback, never sent off the machine. */
const MIRROR = 'localhost:5999';

export const composeScenarios: Scenario[] = [
	{
		id: SHOP,
		title: 'The shop web service never starts after `compose up`',
		difficulty: 'medium',
		cause: 'dependency-unhealthy',
		story:
			'The shop was moved to Compose last week. `docker compose up -d` ends with an error, the shop ' +
			'database container is up, and the web front end is nowhere to be seen in `docker ps`.',
		hints: [
			'Compare the services in the Compose file with the containers that exist.',
			'What does web wait for before Compose starts it (depends_on)?',
			"Read the database's health check and the port the database really listens on.",
		],
		target: 'shop-web',
		project: SHOP,
		containers: () => [],
		compose: (ctx) => ({
			upFails: true,
			file: `version: "2.4"
services:
  db:
    image: ${ctx.image}
    container_name: shop-db
    labels: ${labels(ctx)}
    environment:
      DB_PORT: "5433"
    command: ["sh", "-c", "mkdir -p /srv && echo ok > /srv/index.html && echo \\"shop-db listening on $$DB_PORT\\" && exec httpd -f -p $$DB_PORT -h /srv"]
    healthcheck:
      test: ["CMD-SHELL", "nc -w 2 127.0.0.1 5432 </dev/null"]
      interval: 1s
      timeout: 2s
      retries: 2
  web:
    image: ${ctx.image}
    container_name: shop-web
    labels: ${labels(ctx)}
    command: ["sh", "-c", "echo shop-web serving; while true; do sleep 5; done"]
    depends_on:
      db:
        condition: service_healthy
networks:
  default:
    labels: ${labels(ctx)}
`,
		}),
		fix: (ctx) => [
			`sed -i 's/127.0.0.1 5432/127.0.0.1 5433/' ${file(ctx)}   # the health check probes the port db listens on`,
			`${compose(ctx, SHOP)} up -d`,
		],
		check: (ctx) => all(isHealthy(ctx, 'shop-db'), runsSteadily(ctx, 'shop-web', 1)),
	},
	{
		id: FULFIL,
		title: 'Fulfilment API cannot find its database',
		difficulty: 'medium',
		cause: 'network-not-shared',
		story:
			'The fulfilment stack was split into a "front" and a "back" network for security. Since the change ' +
			'the fulfilment API logs that it cannot reach the database, which is up.',
		hints: [
			'Which networks is each service on (the networks key of each service)?',
			'A service name resolves only on a network both services share.',
			'Put the API on the network the database is on, then `up -d` it.',
		],
		target: 'fulfil-api',
		containers: () => [],
		compose: (ctx) => ({
			file: `version: "2.4"
services:
  db:
    image: ${ctx.image}
    container_name: fulfil-db
    labels: ${labels(ctx)}
    command: ["sh", "-c", "mkdir -p /srv && echo ok > /srv/index.html && echo 'fulfil-db ready on 5432' && exec httpd -f -p 5432 -h /srv"]
    networks:
      - back
  api:
    image: ${ctx.image}
    container_name: fulfil-api
    labels: ${labels(ctx)}
    environment:
      DB_HOST: db
      DB_PORT: "5432"
    command: ["sh", "-c", "echo 'fulfil-api 1.8 starting'; while true; do nc -w 2 $$DB_HOST $$DB_PORT </dev/null || echo \\"fulfil-api: database $$DB_HOST:$$DB_PORT unreachable, retrying\\"; sleep 2; done"]
    networks:
      - front
networks:
  front:
    labels: ${labels(ctx)}
  back:
    labels: ${labels(ctx)}
`,
		}),
		fix: (ctx) => [
			`sed -i 's/^      - front$/      - front\\n      - back/' ${file(ctx)}   # the API joins the database's network`,
			`${compose(ctx, FULFIL)} up -d api`,
		],
		check: async (ctx) => {
			const result = await ctx.engine.exec.run(
				'fulfil-api',
				['sh', '-c', 'nc -w 2 db 5432 </dev/null 2>&1; echo "exit=$?"'],
				{
					timeoutMs: 8000,
				},
			);
			const fixed = /exit=0\s*$/.test(result.stdout);
			return {
				fixed,
				observed: fixed
					? 'fulfil-api reaches db:5432'
					: `fulfil-api cannot reach db:5432: ${result.stdout.trim()}`,
			};
		},
	},
	{
		id: PAYROLL,
		title: 'Payroll API exits at once after a redeploy',
		difficulty: 'easy',
		cause: 'missing-config',
		story:
			'The payroll stack was redeployed from a fresh checkout on a new server. The payroll API container ' +
			'exits a second after `docker compose up -d`; the old server never had this problem.',
		hints: [
			'Read what payroll-api printed before it exited.',
			'Where does Compose take the values of the variables in the file from?',
			'The .env file beside the Compose file is not in the repository.',
		],
		target: 'payroll-api',
		containers: () => [],
		compose: (ctx) => ({
			env: 'DB_USER=payroll\n',
			file: `version: "2.4"
services:
  api:
    image: ${ctx.image}
    container_name: payroll-api
    labels: ${labels(ctx)}
    environment:
      DB_USER: \${DB_USER}
      DB_PASSWORD: \${DB_PASSWORD}
    command: ["sh", "-c", "echo 'payroll-api 4.1 (go1.22) starting'; [ -n \\"$$DB_PASSWORD\\" ] || { echo 'envconfig: required key DB_PASSWORD missing value' >&2; exit 1; }; echo connected; while true; do sleep 5; done"]
networks:
  default:
    labels: ${labels(ctx)}
`,
		}),
		fix: (ctx) => [
			`echo 'DB_PASSWORD=change-me' >> ${path.join(ctx.dir('compose'), '.env')}   # the value the old server had in its .env`,
			`${compose(ctx, PAYROLL)} up -d api`,
		],
		check: (ctx) => runsSteadily(ctx, 'payroll-api'),
	},
	{
		id: REPORTS,
		title: 'Nightly reports are not written',
		difficulty: 'medium',
		cause: 'mount-permission-denied',
		story:
			'The reports service was hardened to run as an unprivileged user. Since then no report appears ' +
			'in the reports folder on the host, and its logs keep complaining.',
		hints: [
			'Read the reports service logs: what does it fail to do?',
			'Which user does the service run as (the user key), and who owns the bind-mounted folder on the host?',
			'Give the folder to that user (or run the service as its owner), then restart the service.',
		],
		target: 'reports-worker',
		dirs: [{ name: 'reports', uid: 0, gid: 0, mode: 0o755 }],
		containers: () => [],
		compose: (ctx) => ({
			file: `version: "2.4"
services:
  reports:
    image: ${ctx.image}
    container_name: reports-worker
    labels: ${labels(ctx)}
    user: "1000:1000"
    volumes:
      - ${ctx.dir('reports')}:/var/lib/reports
    command: ["sh", "-c", "echo 'reports-worker starting as uid '$$(id -u); while true; do date > /var/lib/reports/last-run || echo 'reports-worker: cannot write /var/lib/reports/last-run'; sleep 2; done"]
networks:
  default:
    labels: ${labels(ctx)}
`,
		}),
		fix: (ctx) => [
			`chown 1000:1000 ${ctx.dir('reports')}   # the folder belongs to the user the service runs as`,
			`${compose(ctx, REPORTS)} restart reports`,
		],
		check: (ctx) => canWrite(ctx, 'reports-worker', '/var/lib/reports'),
	},
	{
		id: STOCK,
		title: 'The stock sync service is missing after the deploy',
		difficulty: 'medium',
		cause: 'image-unavailable',
		story:
			'The deploy script now rewrites every image in the Compose file to the company registry mirror ' +
			`(${MIRROR}), as production does. The stock database has run here for a week; the deploy added the ` +
			'sync service, and its `up -d` ended with an error. The sync image was loaded onto this host by hand.',
		hints: [
			'Which service of the file has no container, and what does Compose say when you run up again?',
			'Is the image the file names on this host? (docker images, docker image inspect)',
			'Compare the name in the file with the images this host has: only the registry prefix differs.',
		],
		target: 'stock-sync',
		project: STOCK,
		containers: () => [],
		compose: (ctx) => ({
			upFails: true,
			upFirst: ['db'],
			file: `version: "2.4"
services:
  db:
    image: ${ctx.image}
    container_name: stock-db
    labels: ${labels(ctx)}
    command: ["sh", "-c", "mkdir -p /srv && echo ok > /srv/index.html && echo 'stock-db ready on 5432' && exec httpd -f -p 5432 -h /srv"]
  sync:
    image: ${MIRROR}/${ctx.image}
    container_name: stock-sync
    labels: ${labels(ctx)}
    command: ["sh", "-c", "echo 'stock sync started'; while true; do nc -w 2 db 5432 </dev/null && echo 'synced 0 items'; sleep 5; done"]
    depends_on: [db]
networks:
  default:
    labels: ${labels(ctx)}
`,
		}),
		fix: (ctx) => [
			`sed -i 's#image: ${MIRROR}/#image: #' ${file(ctx)}   # the image as it is on this host`,
			`${compose(ctx, STOCK)} up -d`,
		],
		check: (ctx) => runsSteadily(ctx, 'stock-sync', 1),
	},
];

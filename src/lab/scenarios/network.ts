import { answersOnHostPort, reaches, reachesConfiguredDatabase } from '../checks.js';
import type { LabContainer, Scenario } from '../scenario.js';
import { database, dbClient, recreate, webServerCommand } from './common.js';

const apiOf = (
	ctx: Parameters<Scenario['containers']>[0],
	name: string,
	network: string,
	env: Record<string, string>,
) => dbClient(ctx, name, { network, env });

/** The catalog site: EXPOSEd 8080 (as its Dockerfile would), published on the host only when asked. */
function catalogWeb(ctx: Parameters<Scenario['containers']>[0], publish: boolean): LabContainer {
	return {
		name: 'catalog-web',
		image: ctx.image,
		labels: ctx.labels,
		expose: [8080],
		...(publish ? { ports: [{ hostIp: '127.0.0.1', hostPort: 18650, containerPort: 8080 }] } : {}),
		command: webServerCommand('8080'),
	};
}

export const networkScenarios: Scenario[] = [
	{
		id: 'catalog-not-published',
		title: 'The catalog site does not answer on the server',
		difficulty: 'easy',
		cause: 'port-not-published',
		story:
			'The new catalog site should answer on http://127.0.0.1:18650/ on this server (the reverse proxy ' +
			'forwards there). catalog-web runs, its log is clean, and `docker ps` even lists 8080/tcp, yet the ' +
			'connection is refused.',
		hints: [
			'What exactly does docker ps show under PORTS for catalog-web? Is there an arrow (->)?',
			'Does anything listen inside? (docker exec catalog-web netstat -tln)',
			'EXPOSE and --expose only document a port; only -p makes the host forward to it.',
		],
		target: 'catalog-web',
		containers: (ctx) => [catalogWeb(ctx, false)],
		fix: (ctx) => recreate(catalogWeb(ctx, true)),
		check: () => answersOnHostPort(18650),
	},
	{
		id: 'db-on-other-network',
		title: 'Checkout cannot reach its database after a network split',
		difficulty: 'medium',
		cause: 'network-not-shared',
		story:
			'Ops split the checkout stack into a frontend and a backend network last night. Since then every ' +
			'checkout page says "database unavailable". checkout-db is up and healthy-looking, checkout-web is ' +
			'running. Nobody changed the application.',
		hints: [
			'Look at the error checkout-web logs: is it a refused connection, or a name that does not resolve?',
			'Which networks is each container attached to? (docker inspect, NetworkSettings.Networks)',
			'Containers find each other by name only on a user-defined network they share.',
		],
		target: 'checkout-web',
		networks: ['checkout-frontend', 'checkout-backend'],
		containers: (ctx) => [
			database(ctx, 'checkout-db', 'checkout-backend'),
			apiOf(ctx, 'checkout-web', 'checkout-frontend', { DB_HOST: 'checkout-db', DB_PORT: '5432' }),
		],
		fix: () => ['docker network connect checkout-backend checkout-web'],
		check: (ctx) => reachesConfiguredDatabase(ctx, 'checkout-web'),
	},
	{
		id: 'db-host-typo',
		title: 'Inventory API cannot find its database',
		difficulty: 'easy',
		cause: 'dns-unresolvable',
		story:
			'A new deploy script went out for inventory-api this afternoon. The container starts fine but logs ' +
			'database errors every few seconds. inventory-db is running on the same network as before.',
		hints: [
			'Read the exact host name inventory-api is trying to reach.',
			'Does that name resolve inside inventory-api? (nslookup from inside the container)',
			'Compare it, letter by letter, with the database container name.',
		],
		target: 'inventory-api',
		networks: ['inventory-net'],
		containers: (ctx) => [
			database(ctx, 'inventory-db', 'inventory-net'),
			apiOf(ctx, 'inventory-api', 'inventory-net', { DB_HOST: 'inventroy-db', DB_PORT: '5432' }),
		],
		fix: (ctx) =>
			recreate(apiOf(ctx, 'inventory-api', 'inventory-net', { DB_HOST: 'inventory-db', DB_PORT: '5432' })),
		check: (ctx) => reachesConfiguredDatabase(ctx, 'inventory-api'),
	},
	{
		id: 'db-localhost',
		title: 'CRM works on a laptop, not in containers',
		difficulty: 'easy',
		cause: 'localhost-misuse',
		story:
			"The CRM team moved crm-app from a VM into a container, copying the VM's settings. On the VM the " +
			'database ran on the same machine. Now crm-app logs "could not connect to database" although crm-db ' +
			'runs right beside it.',
		hints: [
			'Where does crm-app think the database is?',
			'Inside a container, what does localhost refer to?',
			'crm-db shares a network with crm-app: what name can crm-app use for it?',
		],
		target: 'crm-app',
		networks: ['crm-net'],
		containers: (ctx) => [
			database(ctx, 'crm-db', 'crm-net'),
			apiOf(ctx, 'crm-app', 'crm-net', { DB_HOST: 'localhost', DB_PORT: '5432' }),
		],
		fix: (ctx) => recreate(apiOf(ctx, 'crm-app', 'crm-net', { DB_HOST: 'crm-db', DB_PORT: '5432' })),
		check: (ctx) => reachesConfiguredDatabase(ctx, 'crm-app'),
	},
	{
		id: 'db-wrong-port',
		title: 'Ledger API refused by its database',
		difficulty: 'medium',
		cause: 'port-not-listening',
		story:
			'ledger-api was reconfigured for a "new database cluster" that was then cancelled. The container was ' +
			'pointed back at ledger-db, but every request still fails with "connection refused".',
		hints: [
			'Refused means the name resolved and the host answered: something is wrong one level down.',
			'Which port does ledger-api use, and which port is ledger-db listening on?',
			'Listening sockets of a container are in /proc/net/tcp (or netstat -tln inside it).',
		],
		target: 'ledger-api',
		networks: ['ledger-net'],
		containers: (ctx) => [
			database(ctx, 'ledger-db', 'ledger-net'),
			apiOf(ctx, 'ledger-api', 'ledger-net', { DB_HOST: 'ledger-db', DB_PORT: '5433' }),
		],
		fix: (ctx) => recreate(apiOf(ctx, 'ledger-api', 'ledger-net', { DB_HOST: 'ledger-db', DB_PORT: '5432' })),
		check: (ctx) => reachesConfiguredDatabase(ctx, 'ledger-api'),
	},
	{
		id: 'status-page-loopback',
		title: 'Status page published but unreachable',
		difficulty: 'hard',
		cause: 'listening-on-loopback',
		story:
			'The new status-page container is published on port 28080 of this host, and docker ps shows the port ' +
			'mapping. Yet `curl http://127.0.0.1:28080/` gets "connection reset by peer". The container is running ' +
			'and its logs show no error.',
		hints: [
			'The mapping is there; is the server inside listening where the mapping sends traffic?',
			'Check which address the server binds inside the container: 127.0.0.1 or 0.0.0.0?',
			"Published traffic arrives on the container's network interface, not on its loopback.",
		],
		target: 'status-page',
		containers: (ctx) => [statusPage(ctx, '127.0.0.1:8080')],
		fix: (ctx) => recreate(statusPage(ctx, '0.0.0.0:8080')),
		check: () => answersOnHostPort(28080),
	},
	{
		id: 'updater-network-none',
		title: 'GeoIP updater never downloads anything',
		difficulty: 'medium',
		cause: 'network-mode-none',
		story:
			'geoip-updater is supposed to fetch a fresh database from geoip-mirror every few seconds. Its logs only ' +
			'say "network unreachable" or "bad address". The mirror is up and other services use it.',
		hints: [
			'Which networks is geoip-updater attached to?',
			'Look at HostConfig.NetworkMode.',
			'A container started with --network none has only a loopback interface.',
		],
		target: 'geoip-updater',
		networks: ['geoip-net'],
		containers: (ctx) => [
			{
				name: 'geoip-mirror',
				image: ctx.image,
				labels: ctx.labels,
				network: 'geoip-net',
				command: webServerCommand('80'),
			},
			updater(ctx, 'none'),
		],
		fix: (ctx) => recreate(updater(ctx, 'geoip-net')),
		check: (ctx) => reaches(ctx, 'geoip-updater', 'geoip-mirror', 80),
	},
];

function statusPage(ctx: Parameters<Scenario['containers']>[0], bind: string) {
	return {
		name: 'status-page',
		image: ctx.image,
		labels: ctx.labels,
		ports: [{ hostIp: '127.0.0.1', hostPort: 28080, containerPort: 8080 }],
		command: webServerCommand(bind),
	};
}

function updater(ctx: Parameters<Scenario['containers']>[0], network: string) {
	return {
		name: 'geoip-updater',
		image: ctx.image,
		labels: ctx.labels,
		network,
		env: { MIRROR_URL: 'http://geoip-mirror/' },
		command: [
			'sh',
			'-c',
			'while true; do wget -q -O /tmp/geoip.db "$MIRROR_URL" 2>&1 || echo "$(date) download failed" >&2; sleep 5; done',
		],
	};
}

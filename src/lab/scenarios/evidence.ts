import { reachesConfigured, runsSteadily } from '../checks.js';
import type { LabContainer, LabContext, Scenario } from '../scenario.js';
import { recreate } from './common.js';

/**
 * Faults found from what the application itself logs: running services that cannot reach, write
 * or authenticate to something, and crashes with an operating-system error. Each app is a small
 * shell loop over a real fault that prints the exact message a real runtime prints for it (Node.js,
 * Python, Go, Java...), and takes its settings from variables with names of its own.
 */

/** host and port of the app's setting ("host:port" or a URL), in shell. */
const SPLIT = (value: string) =>
	`h=\${${value}#*://}; h=\${h#*@}; h=\${h%%/*}; host=\${h%%:*}; port=\${h##*:}; [ "$port" = "$h" ] && port=80; `;

/** The address a name resolves to, as a client library prints it in its errors. */
const ADDRESS_OF =
	'ip=$(ping -c 1 -W 1 "$host" 2>/dev/null | sed -n "s/^PING [^ ]* (\\([0-9.]*\\)).*/\\1/p"); ';

/**
 * A service that calls a dependency every 3 seconds and logs the outcome in the words of its
 * runtime: `dns` when the name does not resolve, `refused` when nothing accepts the connection.
 */
function caller(setting: string, messages: { dns: string; refused: string; ok: string }): string {
	return (
		`echo "starting, upstream $${setting}"; while true; do ${SPLIT(setting)}` +
		// A name that does not resolve (an address needs no lookup).
		'if echo "$host" | grep -q "[a-z]" && ! nslookup "$host" >/dev/null 2>&1; then ' +
		`echo "${messages.dns}" >&2; ` +
		'elif nc -w 2 "$host" "$port" </dev/null >/dev/null 2>&1; then ' +
		`echo "$(date -Iseconds) ${messages.ok}"; ` +
		`else ${ADDRESS_OF}echo "${messages.refused}" >&2; fi; sleep 3; done`
	);
}

function server(
	ctx: LabContext,
	name: string,
	network: string,
	port: number,
	extra: Partial<LabContainer> = {},
) {
	return {
		name,
		image: ctx.image,
		labels: ctx.labels,
		network,
		command: [
			'sh',
			'-c',
			`mkdir -p /tmp/w && echo ok > /tmp/w/index.html && exec httpd -f -p ${port} -h /tmp/w`,
		],
		...extra,
	};
}

function checkoutApi(ctx: LabContext, url: string) {
	return {
		name: 'checkout-api',
		image: ctx.image,
		labels: ctx.labels,
		network: 'checkout-net',
		env: { PAYMENTS_GATEWAY_URL: url, NODE_ENV: 'production' },
		command: [
			'sh',
			'-c',
			caller('PAYMENTS_GATEWAY_URL', {
				dns: 'Error: getaddrinfo ENOTFOUND $host',
				refused: 'Error: connect ECONNREFUSED $ip:$port',
				ok: 'POST /charge 200',
			}),
		],
	};
}

function sessionWorker(ctx: LabContext) {
	return {
		name: 'session-worker',
		image: ctx.image,
		labels: ctx.labels,
		network: 'session-app-net',
		env: { CACHE_ADDR: 'sessions-cache:6379', PYTHONUNBUFFERED: '1' },
		command: [
			'sh',
			'-c',
			caller('CACHE_ADDR', {
				dns: 'redis.exceptions.ConnectionError: Error -2 connecting to $host:$port. Name or service not known.',
				refused: 'redis.exceptions.ConnectionError: Error 111 connecting to $host:$port. Connection refused.',
				ok: 'expired 0 sessions',
			}),
		],
	};
}

function ordersApi(ctx: LabContext, inventory: string) {
	return {
		name: 'orders-api',
		image: ctx.image,
		labels: ctx.labels,
		network: 'orders-net',
		env: { INVENTORY_SERVICE: inventory },
		command: [
			'sh',
			'-c',
			caller('INVENTORY_SERVICE', {
				dns: 'level=error msg=\\"stock check failed\\" err=\\"dial tcp: lookup $host on 127.0.0.11:53: no such host\\"',
				refused:
					'level=error msg=\\"stock check failed\\" err=\\"Get \\\\\\"http://$host:$port/stock\\\\\\": dial tcp $ip:$port: connect: connection refused\\"',
				ok: 'level=info msg=\\"stock check ok\\"',
			}),
		],
	};
}

const BILLING_CONF = '/:invoices:Winter-2026\n';

function invoiceWorker(ctx: LabContext, password: string) {
	return {
		name: 'invoice-worker',
		image: ctx.image,
		labels: ctx.labels,
		network: 'invoicing-net',
		env: {
			BILLING_API: 'http://invoicing-api:8080/invoices',
			BILLING_USER: 'invoices',
			BILLING_PASSWORD: password,
		},
		command: [
			'sh',
			'-c',
			'while true; do if wget -q -O /dev/null "http://$BILLING_USER:$BILLING_PASSWORD@invoicing-api:8080/" 2>/tmp/err; then ' +
				'echo "$(date -Iseconds) sent 0 invoices"; elif grep -q 401 /tmp/err; then ' +
				'echo "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: $BILLING_API" >&2; ' +
				'else echo "requests.exceptions.ConnectionError: $(cat /tmp/err)" >&2; fi; sleep 3; done',
		],
	};
}

function ordersSync(ctx: LabContext) {
	return {
		name: 'orders-sync',
		image: ctx.image,
		labels: ctx.labels,
		network: 'sync-net',
		env: { ORDERS_DB_DSN: 'postgresql://sync:sync@orders-db:5432/orders' },
		// Tries once at start, as many apps do, and gives up.
		command: [
			'sh',
			'-c',
			`${SPLIT('ORDERS_DB_DSN')}if ! nc -w 2 "$host" "$port" </dev/null >/dev/null 2>&1; then ${ADDRESS_OF}` +
				'echo "psycopg2.OperationalError: connection to server at \\"$host\\" ($ip), port $port failed: Connection refused" >&2; ' +
				'echo "	Is the server running on that host and accepting TCP/IP connections?" >&2; exit 1; fi; ' +
				'echo "synced"; while true; do sleep 5; done',
		],
	};
}

const CRLF_ENTRYPOINT = '#!/bin/sh\r\necho "report-api ready"\r\nwhile true; do sleep 5; done\r\n';

function reportApi(ctx: LabContext) {
	return {
		name: 'report-api',
		image: ctx.image,
		labels: ctx.labels,
		binds: [{ source: ctx.dir('bin'), target: '/opt/report/bin', readOnly: true }],
		command: ['/opt/report/bin/docker-entrypoint.sh'],
	};
}

function exporter(ctx: LabContext) {
	return {
		name: 'report-exporter',
		image: ctx.image,
		labels: ctx.labels,
		user: '1000:1000',
		binds: [{ source: ctx.dir('exports'), target: '/srv/exports' }],
		command: [
			'sh',
			'-c',
			'touch /srv/exports/report.csv 2>/dev/null || { echo "Traceback (most recent call last):" >&2; ' +
				'echo "  File \\"/app/export.py\\", line 12, in <module>" >&2; ' +
				'echo "PermissionError: [Errno 13] Permission denied: \'/srv/exports/report.csv\'" >&2; exit 1; }; ' +
				'echo "exported"; while true; do sleep 5; done',
		],
	};
}

function thumbnailer(ctx: LabContext, readOnly: boolean) {
	return {
		name: 'thumbnailer',
		image: ctx.image,
		labels: ctx.labels,
		binds: [{ source: ctx.dir('thumbs'), target: '/var/cache/thumbs', readOnly }],
		command: [
			'sh',
			'-c',
			'echo "{}" > /var/cache/thumbs/index.json 2>/dev/null || { ' +
				'echo "Error: EROFS: read-only file system, open \'/var/cache/thumbs/index.json\'" >&2; ' +
				'echo "    at Object.openSync (node:fs:573:18)" >&2; exit 1; }; echo "thumbnails ready"; while true; do sleep 5; done',
		],
	};
}

function sessionStore(ctx: LabContext, user: string | undefined) {
	return {
		name: 'token-store',
		image: ctx.image,
		labels: ctx.labels,
		...(user ? { user } : {}),
		command: [
			'sh',
			'-c',
			'if ! touch /var/www/tokens.db 2>/dev/null; then echo "panic: open /var/www/tokens.db: permission denied" >&2; ' +
				'echo "" >&2; echo "goroutine 1 [running]:" >&2; echo "main.main()" >&2; exit 2; fi; echo "listening"; while true; do sleep 5; done',
		],
	};
}

function renderQueue(ctx: LabContext, size: string) {
	return {
		name: 'render-queue',
		image: ctx.image,
		labels: ctx.labels,
		tmpfs: { '/var/lib/render': `size=${size}` },
		command: [
			'sh',
			'-c',
			'i=0; while true; do i=$((i+1)); if dd if=/dev/zero of=/var/lib/render/job-$i.bin bs=1k count=24 2>/dev/null; then ' +
				'echo "$(date -Iseconds) rendered job $i"; else rm -f /var/lib/render/job-$i.bin; ' +
				'echo "java.io.IOException: No space left on device" >&2; ' +
				'echo "	at java.base/java.io.FileOutputStream.writeBytes(Native Method)" >&2; fi; sleep 3; done',
		],
	};
}

function ingest(ctx: LabContext, nofile: number) {
	return {
		name: 'ingest-gateway',
		image: ctx.image,
		labels: ctx.labels,
		nofile,
		command: [
			'sh',
			'-c',
			// Opens one descriptor per batch part, as a gateway holds one per connection (in a subshell: a
			// failed exec redirection ends the shell that runs it).
			'while true; do if ( for i in 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do ' +
				'eval "exec $i</etc/passwd" || exit 3; done ) 2>/dev/null; then echo "$(date -Iseconds) batch of 22 parts stored"; ' +
				'else echo "Error: EMFILE: too many open files, open \'/srv/ingest/part-17\'" >&2; fi; sleep 3; done',
		],
	};
}

const COMPOSE = (service: string, extra: Record<string, string> = {}) => ({
	'com.docker.compose.project': 'shop',
	'com.docker.compose.service': service,
	'com.docker.compose.container-number': '1',
	'com.docker.compose.oneoff': 'False',
	...extra,
});

function shopDb(ctx: LabContext, listenPort: number) {
	return {
		name: 'shop-db-1',
		image: ctx.image,
		labels: { ...ctx.labels, ...COMPOSE('db') },
		network: 'shop_default',
		command: ['httpd', '-f', '-p', String(listenPort)],
		health: { command: 'nc -w 1 127.0.0.1 5432 </dev/null', intervalS: 1, timeoutS: 2, retries: 2 },
	};
}

function shopWeb(ctx: LabContext): LabContainer {
	return {
		name: 'shop-web-1',
		image: ctx.image,
		labels: {
			...ctx.labels,
			...COMPOSE('web', { 'com.docker.compose.depends_on': 'db:service_healthy:false' }),
		},
		network: 'shop_default',
		env: { DATABASE_HOST: 'db' },
		command: ['sh', '-c', 'echo "shop-web up"; while true; do sleep 5; done'],
		createOnly: true,
	};
}

export const evidenceScenarios: Scenario[] = [
	{
		id: 'payments-gateway-typo',
		title: 'Checkout cannot charge cards after a config change',
		difficulty: 'easy',
		cause: 'dns-unresolvable',
		story:
			'Since this morning every checkout fails at the payment step. checkout-api is up, payments-gw is up, ' +
			'and the only change was a new PAYMENTS_GATEWAY_URL rolled out by the platform team.',
		hints: [
			'Read what checkout-api logs when it calls the gateway.',
			'ENOTFOUND is a name that does not resolve: compare it with the gateway container name.',
			'The URL is fixed at creation: the container must be recreated with the right one.',
		],
		target: 'checkout-api',
		networks: ['checkout-net'],
		containers: (ctx) => [
			server(ctx, 'payments-gw', 'checkout-net', 9000),
			checkoutApi(ctx, 'http://payment-gw:9000/charge'),
		],
		fix: (ctx) => recreate(checkoutApi(ctx, 'http://payments-gw:9000/charge')),
		check: (ctx) => reachesConfigured(ctx, 'checkout-api', 'PAYMENTS_GATEWAY_URL'),
	},
	{
		id: 'sessions-cache-other-network',
		title: 'Users are logged out every few minutes',
		difficulty: 'medium',
		cause: 'network-not-shared',
		story:
			'The session cache moved to its own network for "isolation". Since then session-worker logs connection ' +
			'errors and expired sessions pile up. sessions-cache itself is fine.',
		hints: [
			'Which name does session-worker fail to resolve?',
			'Is there a container by that name, and on which networks is it?',
			'Containers resolve each other only on a user-defined network they share.',
		],
		target: 'session-worker',
		networks: ['session-app-net', 'session-cache-net'],
		containers: (ctx) => [server(ctx, 'sessions-cache', 'session-cache-net', 6379), sessionWorker(ctx)],
		fix: () => ['docker network connect session-cache-net session-worker'],
		check: (ctx) => reachesConfigured(ctx, 'session-worker', 'CACHE_ADDR'),
	},
	{
		id: 'inventory-wrong-port',
		title: 'Orders cannot check stock',
		difficulty: 'medium',
		cause: 'port-not-listening',
		story:
			'orders-api was moved to a new inventory client. Every stock check now fails with "connection refused", ' +
			'although the inventory service answers everyone else.',
		hints: [
			'Refused means the address answered: which port does orders-api call?',
			'Which port does the inventory container listen on? (cat /proc/net/tcp inside it)',
			'The address in the error is an IP: which container has it?',
		],
		target: 'orders-api',
		networks: ['orders-net'],
		containers: (ctx) => [server(ctx, 'inventory', 'orders-net', 8080), ordersApi(ctx, 'inventory:8081')],
		fix: (ctx) => recreate(ordersApi(ctx, 'inventory:8080')),
		check: (ctx) => reachesConfigured(ctx, 'orders-api', 'INVENTORY_SERVICE'),
	},
	{
		id: 'billing-password-rotated',
		title: 'Invoices stopped after a password rotation',
		difficulty: 'medium',
		cause: 'upstream-auth-failed',
		story:
			'Security rotated the billing API password on Friday. Since then invoice-worker sends nothing, and its ' +
			'logs are full of errors. The billing API is up and reachable.',
		hints: [
			'What does invoice-worker log: a network error, or something else?',
			'401 means the service answered and refused the credentials.',
			'Which user and password does invoice-worker present? (Config.Env)',
		],
		target: 'invoice-worker',
		networks: ['invoicing-net'],
		dirs: [{ name: 'billing', uid: 0, gid: 0, mode: 0o755, files: { 'httpd.conf': BILLING_CONF } }],
		containers: (ctx) => [
			server(ctx, 'invoicing-api', 'invoicing-net', 8080, {
				binds: [{ source: `${ctx.dir('billing')}/httpd.conf`, target: '/etc/httpd.conf', readOnly: true }],
				command: [
					'sh',
					'-c',
					'mkdir -p /tmp/w && echo ok > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w -c /etc/httpd.conf',
				],
			}),
			invoiceWorker(ctx, 'Autumn-2026'),
		],
		fix: (ctx) => recreate(invoiceWorker(ctx, 'Winter-2026')),
		check: async (ctx) => {
			const r = await ctx.engine.exec.run('invoice-worker', [
				'sh',
				'-c',
				'wget -q -O /dev/null "http://$BILLING_USER:$BILLING_PASSWORD@invoicing-api:8080/"',
			]);
			return r.exitCode === 0
				? { fixed: true, observed: 'invoicing-api accepts the credentials of invoice-worker' }
				: {
						fixed: false,
						observed: `invoicing-api refuses invoice-worker: ${(r.stderr || r.stdout).trim()}`,
					};
		},
	},
	{
		id: 'orders-db-start-race',
		title: 'Order sync dies after every host reboot',
		difficulty: 'medium',
		cause: 'dependency-not-ready',
		story:
			'After each reboot orders-sync is found exited, while orders-db runs fine. Starting orders-sync by hand ' +
			'always works. Nobody has touched its configuration in months.',
		hints: [
			'When did orders-sync fail, and when did orders-db start accepting connections?',
			'Compare the start times of both containers (docker inspect, State.StartedAt).',
			'Does orders-sync wait or retry for its database?',
		],
		target: 'orders-sync',
		networks: ['sync-net'],
		containers: (ctx) => [
			// The database container runs at once but accepts connections only after its start-up.
			{
				...server(ctx, 'orders-db', 'sync-net', 5432),
				command: ['sh', '-c', 'sleep 6; exec httpd -f -p 5432'],
			},
			ordersSync(ctx),
		],
		fix: () => ['docker start orders-sync'],
		check: (ctx) => runsSteadily(ctx, 'orders-sync'),
	},
	{
		id: 'entrypoint-crlf',
		title: 'Report API does not start on the new build server',
		difficulty: 'hard',
		cause: 'exec-format-error',
		story:
			'The report-api image now comes from a Windows build agent. The container exits at once with ' +
			'"no such file or directory", yet the entrypoint script is right there in the image.',
		hints: [
			'Which file does the error name, and does it exist?',
			'A script is executed through the interpreter on its #! line: what exactly does that line say?',
			'Look at the line endings (od -c).',
		],
		target: 'report-api',
		dirs: [{ name: 'bin', uid: 0, gid: 0, mode: 0o755, files: { 'docker-entrypoint.sh': CRLF_ENTRYPOINT } }],
		containers: (ctx) => [reportApi(ctx)],
		fix: (ctx) => [`sed -i 's/\\r$//' ${ctx.dir('bin')}/docker-entrypoint.sh`, 'docker start report-api'],
		check: (ctx) => runsSteadily(ctx, 'report-api'),
	},
	{
		id: 'exports-owned-by-root',
		title: 'Nightly export crashes at once',
		difficulty: 'medium',
		cause: 'mount-permission-denied',
		story:
			'The nightly report-exporter now runs as an unprivileged user, as the security review asked. It exits ' +
			'within a second with a Python traceback.',
		hints: [
			'Which path does the traceback name?',
			'Who owns that folder, and which uid does the container run as?',
			'A bind mount keeps the host folder numeric owner.',
		],
		target: 'report-exporter',
		dirs: [{ name: 'exports', uid: 0, gid: 0, mode: 0o755 }],
		containers: (ctx) => [exporter(ctx)],
		fix: (ctx) => [`chown 1000:1000 ${ctx.dir('exports')}`, 'docker start report-exporter'],
		check: (ctx) => runsSteadily(ctx, 'report-exporter'),
	},
	{
		id: 'thumbnail-cache-read-only',
		title: 'Thumbnailer crashes after a hardening change',
		difficulty: 'easy',
		cause: 'mount-read-only',
		story:
			'A hardening pass made "every mount read-only that can be". The thumbnailer now exits right after start ' +
			'with a Node.js error.',
		hints: [
			'Which error code does the thumbnailer print?',
			'EROFS is a read-only filesystem: which mount holds that path?',
			'docker inspect -f "{{json .Mounts}}": look at RW.',
		],
		target: 'thumbnailer',
		dirs: [{ name: 'thumbs', uid: 0, gid: 0, mode: 0o755 }],
		containers: (ctx) => [thumbnailer(ctx, true)],
		fix: (ctx) => recreate(thumbnailer(ctx, false)),
		check: (ctx) => runsSteadily(ctx, 'thumbnailer'),
	},
	{
		id: 'token-store-image-path',
		title: 'Session store panics as a non-root user',
		difficulty: 'medium',
		cause: 'mount-permission-denied',
		story:
			'token-store was switched to run as uid 1000 "for least privilege". It now panics at start-up. No ' +
			'volume is involved: it writes into its own image.',
		hints: [
			'Which path does the panic name?',
			'Is that path on a mount, or in the image? Who owns it there?',
			'Either run as the owner, or give the path to the user (in the Dockerfile, or a mount it owns).',
		],
		target: 'token-store',
		containers: (ctx) => [sessionStore(ctx, '1000:1000')],
		fix: (ctx) => recreate(sessionStore(ctx, undefined)),
		check: (ctx) => runsSteadily(ctx, 'token-store'),
	},
	{
		id: 'render-scratch-full',
		title: 'Render queue fails every job',
		difficulty: 'easy',
		cause: 'disk-full',
		story:
			'render-queue is running, but after the first few jobs every render fails. The Java stack trace in its ' +
			'logs does not say where it was writing.',
		hints: [
			'Which kind of error does it log?',
			'Which filesystems can it write? (docker inspect: Mounts, HostConfig.Tmpfs)',
			'df inside the container.',
		],
		target: 'render-queue',
		containers: (ctx) => [renderQueue(ctx, '64k')],
		fix: (ctx) => recreate(renderQueue(ctx, '64m')),
		check: async (ctx) => {
			const r = await ctx.engine.exec.run('render-queue', ['sh', '-c', 'df -k /var/lib/render | tail -n 1']);
			const total = Number(r.stdout.trim().split(/\s+/)[1] ?? 0);
			return total >= 1024
				? { fixed: true, observed: `/var/lib/render has ${total} KiB` }
				: { fixed: false, observed: `/var/lib/render has only ${total} KiB` };
		},
	},
	{
		id: 'ingest-open-files',
		title: 'Ingest gateway drops batches',
		difficulty: 'medium',
		cause: 'fd-limit-reached',
		story:
			'The ingest gateway is up, but no batch gets stored. It was moved to a new host with "tighter defaults" ' +
			'last week.',
		hints: [
			'What does the gateway log for each batch?',
			'EMFILE: which limit is that, and what is it set to? (docker inspect, HostConfig.Ulimits)',
			'--ulimit nofile=SOFT:HARD',
		],
		target: 'ingest-gateway',
		containers: (ctx) => [ingest(ctx, 16)],
		fix: (ctx) => recreate(ingest(ctx, 1024)),
		check: async (ctx) => {
			const r = await ctx.engine.exec.run('ingest-gateway', ['sh', '-c', 'ulimit -n']);
			const n = Number(r.stdout.trim());
			return n >= 64
				? { fixed: true, observed: `open files limit is ${n}` }
				: { fixed: false, observed: `open files limit is ${n}` };
		},
	},
	{
		id: 'compose-db-unhealthy',
		title: 'The shop never comes up after deploy',
		difficulty: 'medium',
		cause: 'dependency-unhealthy',
		story:
			'`docker compose up -d` for the shop project finished, but shop-web-1 never started: it sits in ' +
			'"Created". The database container is running.',
		hints: [
			'Which service does web depend on, and under which condition?',
			'Running is not healthy: what does the health check of shop-db-1 say?',
			'Fix the dependency first; Compose starts web once db is healthy.',
		],
		target: 'shop-web-1',
		networks: ['shop_default'],
		containers: (ctx) => [shopDb(ctx, 5433), shopWeb(ctx)],
		fix: (ctx) => [...recreate(shopDb(ctx, 5432)), 'sleep 3', 'docker start shop-web-1'],
		check: (ctx) => runsSteadily(ctx, 'shop-web-1'),
	},
	{
		id: 'session-store-localhost',
		title: 'Cart sessions never stick in containers',
		difficulty: 'easy',
		cause: 'localhost-misuse',
		story:
			'cart-web was containerised with the settings from its VM, where Redis ran on the same machine. Now it ' +
			'logs errors on every request, while session-redis runs right beside it.',
		hints: [
			'Which address does cart-web try to reach?',
			'Inside a container, what is 127.0.0.1?',
			'session-redis shares a network with cart-web: use its name.',
		],
		target: 'cart-web',
		networks: ['cart-net'],
		containers: (ctx) => [server(ctx, 'session-redis', 'cart-net', 6379), cartWeb(ctx, '127.0.0.1:6379')],
		fix: (ctx) => recreate(cartWeb(ctx, 'session-redis:6379')),
		check: (ctx) => reachesConfigured(ctx, 'cart-web', 'SESSION_STORE'),
	},
];

function cartWeb(ctx: LabContext, store: string) {
	return {
		name: 'cart-web',
		image: ctx.image,
		labels: ctx.labels,
		network: 'cart-net',
		env: { SESSION_STORE: store },
		command: [
			'sh',
			'-c',
			caller('SESSION_STORE', {
				dns: 'Error: getaddrinfo ENOTFOUND $host',
				refused: 'Error: connect ECONNREFUSED $host:$port',
				ok: 'GET /cart 200',
			}),
		],
	};
}

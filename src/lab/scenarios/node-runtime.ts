import { reachesConfigured, verifiesTls } from '../checks.js';
import type { LabContainer, LabContext, Scenario } from '../scenario.js';
import { database, recreate, webServerCommand } from './common.js';
import { DNS_SERVER, httpsServer, LAB_CA, upstreamCaller } from './node-apps.js';

/**
 * Faults at the edges of a container's network (the host, the DNS server, a TLS certificate), with
 * applications in a real Node.js runtime: what the diagnosis reads is what Node itself prints.
 * Every address stays on this machine: the host's own listener, the lab's networks.
 */

/** The port the "service on the host" listens on (host network: it must be free on this machine). */
const HOST_METRICS_PORT = 18640;

/** A Node.js app from a lab folder, mounted read-only at /srv/app. */
function nodeApp(ctx: LabContext, name: string, dir: string, extra: Partial<LabContainer>): LabContainer {
	return {
		name,
		image: ctx.nodeImage,
		labels: ctx.labels,
		user: '1000:1000',
		binds: [{ source: ctx.dir(dir), target: '/srv/app', readOnly: true }],
		command: ['node', '/srv/app/main.js'],
		...extra,
	};
}

function reportAgent(ctx: LabContext, extraHosts?: string[]): LabContainer {
	return nodeApp(ctx, 'report-agent', 'agent', {
		env: { METRICS_URL: `http://host.docker.internal:${HOST_METRICS_PORT}/metrics` },
		...(extraHosts ? { extraHosts } : {}),
	});
}

const CORP_SUBNET = '10.213.77.0/24';
const CORP_DNS = '10.213.77.53';
const TREASURY_DB = '10.213.77.20';
/** One digit pair swapped: an address on the lab's network where nothing answers. */
const CORP_DNS_TYPO = '10.213.77.35';

function treasuryApi(ctx: LabContext, dns: string): LabContainer {
	return nodeApp(ctx, 'treasury-api', 'api', {
		network: 'corp-net',
		dns: [dns],
		env: { DATABASE_URL: 'postgres://treasury@treasury-db.corp.internal:5432/treasury' },
	});
}

function checkoutWorker(ctx: LabContext, trustInternalCa: boolean): LabContainer {
	return nodeApp(ctx, 'checkout-worker', 'worker', {
		network: 'card-net',
		env: {
			CARD_GATEWAY_URL: 'https://card-gateway:8443/health',
			...(trustInternalCa ? { NODE_EXTRA_CA_CERTS: '/etc/ssl/internal/card-ca.pem' } : {}),
		},
		binds: [
			{ source: ctx.dir('worker'), target: '/srv/app', readOnly: true },
			...(trustInternalCa ? [{ source: ctx.dir('ca'), target: '/etc/ssl/internal', readOnly: true }] : []),
		],
	});
}

const appDir = (name: string, main: string, more: Record<string, string> = {}) => ({
	name,
	uid: 0,
	gid: 0,
	mode: 0o755,
	files: { 'main.js': main, ...more },
});

export const nodeRuntimeScenarios: readonly Scenario[] = [
	{
		id: 'metrics-host-gateway',
		title: 'The report agent cannot find the metrics service on the host',
		difficulty: 'easy',
		cause: 'host-gateway-missing',
		story:
			'The metrics service runs on the server itself, outside Docker, on port 18640. report-agent was ' +
			'moved from a laptop with Docker Desktop to this Linux server, with the same settings, and now ' +
			'logs an error every few seconds instead of sending its reports.',
		hints: [
			'What does report-agent log, and which host does its METRICS_URL name?',
			'Does that name resolve inside the container? (docker exec report-agent nslookup host.docker.internal)',
			'Docker Desktop defines host.docker.internal; the Linux engine adds it only when asked (--add-host).',
		],
		target: 'report-agent',
		runtime: 'node',
		dirs: [appDir('agent', upstreamCaller('METRICS_URL', 'report sent'))],
		containers: (ctx) => [
			// The service "on the host": in the host's network namespace, on all its addresses.
			{
				name: 'host-metrics',
				image: ctx.image,
				labels: ctx.labels,
				network: 'host',
				command: webServerCommand(`0.0.0.0:${HOST_METRICS_PORT}`),
			},
			reportAgent(ctx),
		],
		fix: (ctx) => recreate(reportAgent(ctx, ['host.docker.internal:host-gateway'])),
		check: (ctx) => reachesConfigured(ctx, 'report-agent', 'METRICS_URL'),
	},
	{
		id: 'treasury-dns-typo',
		title: 'The treasury API cannot resolve its database',
		difficulty: 'medium',
		cause: 'dns-server-unreachable',
		story:
			'The treasury database is known by its company name, treasury-db.corp.internal, served by the ' +
			`company DNS server (corp-dns, ${CORP_DNS}). Since treasury-api was redeployed by hand, it cannot ` +
			'find the database, though corp-dns and the database both run and nothing else changed.',
		hints: [
			'What does treasury-api log? How long does a lookup take to fail?',
			'Which DNS server does treasury-api ask? (docker inspect -f "{{.HostConfig.Dns}}" treasury-api)',
			`Ask the company server directly: docker exec treasury-api nslookup treasury-db.corp.internal ${CORP_DNS}`,
		],
		target: 'treasury-api',
		runtime: 'node',
		networks: [{ name: 'corp-net', subnet: CORP_SUBNET }],
		dirs: [
			appDir('api', upstreamCaller('DATABASE_URL', 'treasury sync ok')),
			{ name: 'dns', uid: 0, gid: 0, mode: 0o755, files: { 'main.js': DNS_SERVER } },
		],
		containers: (ctx) => [
			{
				name: 'corp-dns',
				image: ctx.nodeImage,
				labels: ctx.labels,
				network: 'corp-net',
				ip: CORP_DNS,
				env: { ZONE: `treasury-db.corp.internal=${TREASURY_DB}` },
				binds: [{ source: ctx.dir('dns'), target: '/srv/dns', readOnly: true }],
				command: ['node', '/srv/dns/main.js'],
			},
			{ ...database(ctx, 'treasury-db', 'corp-net'), ip: TREASURY_DB },
			treasuryApi(ctx, CORP_DNS_TYPO),
		],
		fix: (ctx) => recreate(treasuryApi(ctx, CORP_DNS)),
		check: (ctx) => reachesConfigured(ctx, 'treasury-api', 'DATABASE_URL'),
	},
	{
		id: 'card-gateway-internal-ca',
		title: 'Checkout cannot talk to the card gateway since it moved to HTTPS',
		difficulty: 'medium',
		cause: 'tls-untrusted',
		story:
			'The card team switched card-gateway to HTTPS with a certificate from the company CA. ' +
			'checkout-worker was pointed at the new https:// address and has logged an error on every call ' +
			'since. The card team says the gateway is fine, and gave you the CA certificate (in the ' +
			'lab\'s "ca" folder).',
		hints: [
			'What exactly does checkout-worker log for each call?',
			'Does a plain TCP connection to card-gateway:8443 work? Then the network is fine.',
			'Node.js trusts only its built-in CAs, plus the file NODE_EXTRA_CA_CERTS names.',
		],
		target: 'checkout-worker',
		runtime: 'node',
		networks: ['card-net'],
		dirs: [
			appDir('gateway', httpsServer(8443), {
				'server.pem': LAB_CA.serverPem,
				'server.key': LAB_CA.serverKey,
			}),
			appDir('worker', upstreamCaller('CARD_GATEWAY_URL', 'card gateway ok')),
			{ name: 'ca', uid: 0, gid: 0, mode: 0o755, files: { 'card-ca.pem': LAB_CA.caPem } },
		],
		containers: (ctx) => [
			nodeApp(ctx, 'card-gateway', 'gateway', { network: 'card-net' }),
			checkoutWorker(ctx, false),
		],
		fix: (ctx) => recreate(checkoutWorker(ctx, true)),
		check: (ctx) => verifiesTls(ctx, 'checkout-worker', 'CARD_GATEWAY_URL'),
	},
];

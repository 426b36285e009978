import { type ContainerSpec, shellQuote, toDockerRun } from '../../model/container-spec.js';
import type { LabContainer, LabContext } from '../scenario.js';

/** A database stand-in: busybox httpd accepts TCP connections on the port, as Postgres would. */
export function database(ctx: LabContext, name: string, network: string, port = 5432): LabContainer {
	return {
		name,
		image: ctx.image,
		labels: ctx.labels,
		network,
		command: ['httpd', '-f', '-p', String(port)],
	};
}

/** An app that checks its database every few seconds and logs the outcome, as web apps do on a pool. */
export const DB_CLIENT_SCRIPT =
	'echo "starting, database at $DB_HOST:$DB_PORT"; while true; do ' +
	'if nc -w 2 "$DB_HOST" "$DB_PORT" </dev/null >/dev/null 2>&1; then echo "$(date) query ok"; ' +
	'else echo "$(date) ERROR: could not connect to database at $DB_HOST:$DB_PORT" >&2; fi; sleep 5; done';

export function dbClient(
	ctx: LabContext,
	name: string,
	over: Partial<ContainerSpec> & { env: Record<string, string> },
): LabContainer {
	return { name, image: ctx.image, labels: ctx.labels, command: ['sh', '-c', DB_CLIENT_SCRIPT], ...over };
}

/** A static web server on the port, serving a generated index page. */
export function webServerCommand(bind: string): string[] {
	return [
		'sh',
		'-c',
		`mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p ${bind} -h /tmp/www`,
	];
}

/** The fix that recreates a container with a corrected spec. */
export function recreate(spec: ContainerSpec): string[] {
	return [`docker rm -f ${shellQuote(spec.name)}`, toDockerRun(spec)];
}

import { contextsFrom } from '../connect.js';
import { renderTable } from '../text-table.js';

/** `dockmedic contexts`: the docker contexts, the current one marked, as `docker context ls` shows them. */
export function runContexts(
	options: { readonly format: 'table' | 'json' },
	out: NodeJS.WritableStream = process.stdout,
): number {
	const contexts = contextsFrom();
	if (options.format === 'json') {
		out.write(`${JSON.stringify(contexts, null, 2)}\n`);
		return 0;
	}
	out.write(
		renderTable(
			['NAME', 'DESCRIPTION', 'DOCKER ENDPOINT', 'TLS'],
			contexts.map((c) => [`${c.name}${c.current ? ' *' : ''}`, c.description, c.host, c.tls ? 'yes' : '']),
		),
	);
	return 0;
}

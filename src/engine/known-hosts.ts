import { createHmac } from 'node:crypto';

/** What known_hosts says about a server's host key. */
export type HostKeyVerdict = 'match' | 'unknown' | 'mismatch';

/**
 * Checks a server's host key (the raw key blob) against known_hosts text, as OpenSSH does: entries
 * name the host as `host`, `[host]:port` for other ports than 22, or hashed (`|1|salt|hash`); a line
 * with several comma-separated names counts for each. `@revoked` lines reject the key; `@cert-authority`
 * lines are not supported and are skipped.
 */
export function checkHostKey(knownHosts: string, host: string, port: number, key: Buffer): HostKeyVerdict {
	const name = port === 22 ? host : `[${host}]:${port}`;
	const wanted = key.toString('base64');
	let named = false;
	for (const raw of knownHosts.split('\n')) {
		const line = raw.trim();
		if (!line || line.startsWith('#')) continue;
		const fields = line.split(/\s+/);
		const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
		const [hosts = '', , blob = ''] = fields;
		if (marker === '@cert-authority') continue;
		if (!hosts.split(',').some((pattern) => hostMatches(pattern, name))) continue;
		if (marker === '@revoked') {
			if (blob === wanted) return 'mismatch';
			continue;
		}
		named = true;
		if (blob === wanted) return 'match';
	}
	return named ? 'mismatch' : 'unknown';
}

function hostMatches(pattern: string, name: string): boolean {
	if (pattern.startsWith('|1|')) {
		const [, , salt = '', hash = ''] = pattern.split('|');
		return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
	}
	return pattern === name;
}

/** The last verdict per ssh:// endpoint URL, so that a refused connection can say why. */
export const hostKeyVerdicts = new Map<string, HostKeyVerdict>();

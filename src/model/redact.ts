import type { ContainerDetails } from './container.js';

const SECRET = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH)/i;

/** Keys whose values must never be shown: PASSWORD, SECRET, TOKEN, KEY, CREDENTIAL... */
export function isSecretKey(key: string): boolean {
	return SECRET.test(key);
}

/** A password inside a URL: scheme://user:password@host. */
const URL_PASSWORD = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s/]+@/gi;

/**
 * An env entry (KEY=value) with the value masked when the key looks secret, and any password inside
 * a URL in the value masked whatever the key (DATABASE_URL=postgres://app:********@db/orders).
 */
export function redactEnvEntry(entry: string): string {
	const eq = entry.indexOf('=');
	if (eq < 0) return entry;
	const key = entry.slice(0, eq);
	// An empty value hides nothing, and that it is empty is often the finding (a ${VAR} Compose left blank).
	if (eq === entry.length - 1) return entry;
	if (!isSecretKey(key)) return entry.replace(URL_PASSWORD, '$1********@');
	// AUTH_URL, TOKEN_ENDPOINT, OAUTH_HOST: the address of a service, which the diagnosis needs, is shown;
	// anything that can carry a secret (credentials, path, query) stays masked.
	const address = ADDRESS_KEY.test(key) ? addressOnly(entry.slice(eq + 1).trim()) : null;
	return `${key}=${address ?? '********'}`;
}

/** Keys that name where a service is. */
const ADDRESS_KEY = /(?:^|_)(?:URL|URI|ENDPOINT|HOST|HOSTNAME|ADDR|ADDRESS|SERVER)$/i;

/** scheme://host:port (the rest masked), host:port or a host name; null for anything else. */
function addressOnly(value: string): string | null {
	const url = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#\s]*@)?([^/?#\s@]+)(.*)$/i.exec(value);
	if (url) return `${url[1]}${url[2] ? '********@' : ''}${url[3]}${url[4] ? '/********' : ''}`;
	return /^[A-Za-z0-9][A-Za-z0-9.-]*(?::\d{1,5})?$/.test(value) ? value : null;
}

/**
 * Details with every secret-looking environment and label value masked, for everything that shows or reports
 * them (inspect pane, diagnoses); only --show-secrets passes the real ones on.
 */
export function redactDetails(details: ContainerDetails, showSecrets = false): ContainerDetails {
	if (showSecrets) return details;
	const labels = Object.fromEntries(
		Object.entries(details.labels).map(([key, value]) => [
			key,
			redactEnvEntry(`${key}=${value}`).slice(key.length + 1),
		]),
	);
	return { ...details, labels, config: { ...details.config, env: details.config.env.map(redactEnvEntry) } };
}

/**
 * A key and its value: key=value, key: value, "key":"value" (each key starts once: the lookbehind
 * keeps the scan linear on a 4 KB line of one long word).
 */
const PAIR = /(?<![\w.-])("?)([\w.-]+)\1(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/g;
/** Keys whose value is secret: they end in the secret word (access_token, client_secret, x-api-key), not
 * ones that merely contain it (max_tokens, token_expires_in). */
const SECRET_NAME =
	/(?:^|[_.-])(?:password|passwd|passphrase|pass|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|secret[_-]?key|credentials?|cookie|session[_-]?id)$/i;
/** An Authorization header's credentials, as a header or a JSON field. */
const AUTH_HEADER = /(authorization"?\s*[=:]\s*"?(?:bearer|basic|token)\s+)[^\s"',;]+/gi;
/** Lines that can hold none of it are left alone at once (most lines of a flood). */
const MIGHT_HOLD = /pass|secret|token|key|credential|auth|cookie|session|:\/\//i;

/**
 * A log line with what looks secret masked: a password inside a URL, the value of a secret-looking
 * key (password=…, "token":"…", x-api-key: …), an Authorization header's credentials. For what the
 * console shows and what leaves it (exports, the clipboard, `dockmedic logs`); --show-secrets keeps them.
 */
export function redactLogText(text: string): string {
	if (!MIGHT_HOLD.test(text)) return text;
	return text
		.replace(URL_PASSWORD, '$1********@')
		.replace(AUTH_HEADER, '$1********')
		.replace(
			PAIR,
			function pair(all: string, quote: string, key: string, separator: string, value: string): string {
				if (value.includes('********')) return all;
				if (!SECRET_NAME.test(key))
					// "fatal: password=…": an unquoted value can hold a pair of its own.
					return /^[^"'].*[=:]/.test(value)
						? `${quote}${key}${quote}${separator}${value.replace(PAIR, pair)}`
						: all;
				// A quoted key's value stays valid JSON: "token":123 becomes "token":"********".
				const mark = value.startsWith("'") ? "'" : value.startsWith('"') || quote ? '"' : '';
				return `${quote}${key}${quote}${separator}${mark}********${mark}`;
			},
		);
}

const SECRET = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH)/i;

/** Keys whose values must never be shown: PASSWORD, SECRET, TOKEN, KEY, CREDENTIAL... */
export function isSecretKey(key: string): boolean {
	return SECRET.test(key);
}

/** An env entry (KEY=value) with the value masked when the key looks secret. */
export function redactEnvEntry(entry: string): string {
	const eq = entry.indexOf('=');
	if (eq < 0) return entry;
	return isSecretKey(entry.slice(0, eq)) ? `${entry.slice(0, eq)}=********` : entry;
}

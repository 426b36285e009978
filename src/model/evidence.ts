/**
 * What the application's own logs and configuration say: the error signatures in its recent log
 * lines, whether they show a fault that is going on now, and the services it is configured to
 * reach. Pure: the lines and the environment come in, no I/O.
 */
import { ENGINE_STAMP } from './log-lines.js';
import { sanitizeLine } from './sanitize.js';
import { matchLine, type Signature, type SignatureMatch, splitAddress } from './signatures.js';

/** A log line as read with timestamps; `time` in epoch seconds, null when the line had none. */
export type TimedLine = { readonly text: string; readonly time: number | null };

/** Splits `docker logs --timestamps` output into lines, the engine's timestamp taken off. */
export function parseTimedLines(text: string): TimedLine[] {
	const out: TimedLine[] = [];
	for (const raw of text.split('\n')) {
		const m = ENGINE_STAMP.exec(raw);
		const text = sanitizeLine(m ? raw.slice(m[0].length) : raw);
		if (text.trim() === '') continue;
		const time = m ? Date.parse(m[0].trim()) / 1000 : null;
		out.push({ text, time: Number.isFinite(time) ? time : null });
	}
	return out;
}

/** Lines of log output as the engine returns it (stdout and stderr runs, timestamps on). */
export function linesOfChunks(chunks: readonly { readonly data: Buffer }[]): TimedLine[] {
	return parseTimedLines(chunks.map((c) => c.data.toString('utf8')).join(''));
}

export type LogEvidence = {
	readonly linesRead: number;
	/** Every line a signature matched, oldest first. */
	readonly matches: readonly SignatureMatch[];
	/** Lines the application wrote after its newest error line: it went on working. */
	readonly linesAfterLastMatch: number;
};

/** Lines longer than this are looked at by their first part only: a signature sits near the start. */
const MAX_MATCH_CHARS = 2048;

/** How far below an error's first line its indented details (stack, error code) still belong to it. */
const ENTRY_LINES = 12;

export function collectEvidence(lines: readonly TimedLine[], signatures: readonly Signature[]): LogEvidence {
	const matches: SignatureMatch[] = [];
	let after = 0;
	for (const line of lines) {
		const hit = matchLine(signatures, line.text.slice(0, MAX_MATCH_CHARS), line.time);
		if (!hit) {
			after++;
			continue;
		}
		// An indented detail of the error just matched (Node's "  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'"
		// under "Error: unable to verify the first certificate") is the same entry: its first line,
		// which says what happened in words, stays the one the diagnosis quotes.
		const previous = matches.at(-1);
		const detail = previous?.class === hit.class && after < ENTRY_LINES && /^\s/.test(line.text);
		if (!detail) matches.push(hit);
		after = 0;
	}
	return { linesRead: lines.length, matches, linesAfterLastMatch: after };
}

/** Evidence of lines read later appended to evidence read before (log triage reads incrementally). */
export function appendEvidence(before: LogEvidence, later: LogEvidence, keepAfterS: number): LogEvidence {
	const matches = [...before.matches, ...later.matches].filter(
		(m) => m.time === null || m.time >= keepAfterS,
	);
	return {
		linesRead: before.linesRead + later.linesRead,
		matches,
		linesAfterLastMatch: later.matches.length
			? later.linesAfterLastMatch
			: before.linesAfterLastMatch + later.linesRead,
	};
}

/** The window in which errors count as going on now, and the start-up grace. */
export const FAILING_WINDOW_S = 300;
export const START_GRACE_S = 15;
/** Signature lines within the window (after the grace) that make a running container failing. */
export const FAILING_MIN_MATCHES = 2;
/** Errors that stopped this long ago, with the application writing other lines since, are over. */
export const RECOVERED_AFTER_S = 20;

/**
 * Whether a running container is failing by its own account: at least two error signatures in
 * the last five minutes, past its first seconds, and not followed by a recovery (no error for
 * 20 s while it went on writing other lines). One transient error at start-up (a dependency not
 * up yet, then success) is not a failure; neither are errors older than the window.
 */
export function failingNow(
	evidence: LogEvidence,
	startedAt: string | null,
	nowS: number = Date.now() / 1000,
): boolean {
	const recent = recentMatches(evidence, startedAt, nowS);
	if (recent.length < FAILING_MIN_MATCHES) return false;
	const newest = recent.at(-1)?.time ?? null;
	const recovered = newest !== null && newest < nowS - RECOVERED_AFTER_S && evidence.linesAfterLastMatch >= 2;
	return !recovered;
}

/** The signature lines that count as going on now (see failingNow). */
export function recentMatches(
	evidence: LogEvidence,
	startedAt: string | null,
	nowS: number = Date.now() / 1000,
): SignatureMatch[] {
	const started = startedAt ? Date.parse(startedAt) / 1000 : Number.NEGATIVE_INFINITY;
	return evidence.matches.filter(
		(m) => m.time === null || (m.time >= nowS - FAILING_WINDOW_S && m.time >= started + START_GRACE_S),
	);
}

/** A service the container is configured to reach, and the variable that says so. */
export type ConfiguredTarget = { readonly host: string; readonly port: string; readonly from: string };

/** Variable names that hold a host (or host:port) by convention, whatever their value looks like. */
const HOST_NAME =
	/(?:^|_)(?:HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVERS|BROKER|BROKERS|ENDPOINT|SERVICE)$|^PGHOST$/;
/** Names that are about this container itself (its own bind address), not a service it reaches. */
const OWN_NAME =
	/^(?:HOSTNAME|HOST|BIND_?(?:HOST|ADDR(?:ESS)?)?|LISTEN_?(?:HOST|ADDR(?:ESS)?)?|SERVER_?NAME|HOME)$/;
const PORT_NAME = /(?:^|_)PORT$|^PGPORT$/;
const SCHEME = /^(?:jdbc:)?[a-z][a-z0-9+.-]*:\/\//i;
const HOST_PORT = /^(?:\[[0-9a-f:]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):\d{1,5}(?:,|$)/;
const BARE_HOST = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
/** Hosts that are not a service to check from inside the container. */
const NOT_A_TARGET = /^(?:0\.0\.0\.0|::|\*|)$/;

/**
 * Every service the environment names: variables whose value is a URL or DSN (any scheme,
 * `jdbc:` too), or host:port, and variables named like a host (*_HOST, *_ADDR, *_SERVER,
 * *_BROKERS, PGHOST...). A port comes from the value, else from the matching *_PORT variable.
 * File paths, numbers and this container's own bind settings are left out. Pure.
 */
export function configuredTargets(env: readonly string[]): ConfiguredTarget[] {
	const vars = env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const);
	const byName = new Map(vars);
	const out: ConfiguredTarget[] = [];
	for (const [name, rawValue] of vars) {
		const value = rawValue.trim();
		if (!value || OWN_NAME.test(name)) continue;
		let host = '';
		let port = '';
		if (SCHEME.test(value)) {
			const a = splitAddress(value);
			if (a.scheme === 'file' || a.scheme === 'unix') continue;
			({ host, port } = a);
		} else if (HOST_PORT.test(value)) ({ host, port } = splitAddress(value));
		else if (HOST_NAME.test(name) && BARE_HOST.test(value) && !/^\d+$/.test(value)) {
			host = value;
			const prefix = name.replace(
				/_?(?:HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVERS|BROKER|BROKERS|ENDPOINT|SERVICE)$/,
				'',
			);
			const portVar = name === 'PGHOST' ? 'PGPORT' : `${prefix}${prefix ? '_' : ''}PORT`;
			port = byName.get(portVar)?.trim() ?? '';
		} else continue;
		// A masked value ("****") or a placeholder is no address.
		if (!host || NOT_A_TARGET.test(host) || /\*/.test(host)) continue;
		if (port && !/^\d{1,5}$/.test(port)) port = '';
		if (!out.some((t) => t.host === host && t.port === port)) out.push({ host, port, from: `$${name}` });
	}
	// Ports alone never make a target, but a lone *_PORT can complete a host that had none.
	return out.map((t) => (t.port ? t : { ...t, port: portFor(t, vars) }));
}

function portFor(target: ConfiguredTarget, vars: readonly (readonly [string, string])[]): string {
	const name = target.from.slice(1);
	const stem = name.replace(/_[A-Z]+$/, '');
	const match = vars.find(([n, v]) => PORT_NAME.test(n) && n.startsWith(stem) && /^\d{1,5}$/.test(v.trim()));
	return match?.[1].trim() ?? '';
}

/** An IPv4 or IPv6 address rather than a name. */
export function isAddress(host: string): boolean {
	return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/**
 * What a log line says about itself: its level (in the spellings runtimes, servers and logging
 * libraries use) and, for JSON and logfmt lines, its fields and message. The spellings are data,
 * here, so the pane, `dockmedic logs` and the triage read levels the same way. Pure.
 */

export type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Levels from the least to the most severe. */
export const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

export const levelRank = (level: Level): number => LEVELS.indexOf(level);

/** Whether a line of this level passes a "this level and up" filter (null: a line with no level never does). */
export function atLeast(level: Level | null, floor: Level): boolean {
	return level !== null && levelRank(level) >= levelRank(floor);
}

/**
 * Level words, upper-case, as they stand alone in a line: log4j/logback/slf4j, java.util.logging
 * (SEVERE, FINE), Python, Go (zerolog's ERR/WRN, go-kit's EROR), Serilog ([ERR], [VRB]), syslog
 * names (EMERG, CRIT, NOTICE), PostgreSQL (PANIC, FATAL, LOG with its colon), and the translated
 * PostgreSQL and glibc words of the locales the signature catalogue knows.
 */
export const LEVEL_WORDS: Readonly<Record<string, Level>> = {
	FATAL: 'fatal',
	PANIC: 'fatal',
	EMERG: 'fatal',
	EMERGENCY: 'fatal',
	ALERT: 'fatal',
	CRITICAL: 'fatal',
	CRIT: 'fatal',
	FTL: 'fatal',
	CRT: 'fatal',
	SEVERE: 'error',
	ERROR: 'error',
	ERR: 'error',
	EROR: 'error',
	FEHLER: 'error',
	ERREUR: 'error',
	ОШИБКА: 'error',
	BŁĄD: 'error',
	FOUT: 'error',
	HATA: 'error',
	ERRO: 'error',
	错误: 'error',
	エラー: 'error',
	오류: 'error',
	WARNING: 'warn',
	WARN: 'warn',
	WRN: 'warn',
	WARNUNG: 'warn',
	ATTENTION: 'warn',
	AVISO: 'warn',
	ПРЕДУПРЕЖДЕНИЕ: 'warn',
	警告: 'warn',
	경고: 'warn',
	NOTICE: 'info',
	INFO: 'info',
	INF: 'info',
	DEBUG: 'debug',
	DBG: 'debug',
	DEBUG1: 'debug',
	DEBUG2: 'debug',
	FINE: 'debug',
	CONFIG: 'debug',
	TRACE: 'trace',
	TRC: 'trace',
	VERBOSE: 'trace',
	VRB: 'trace',
	FINER: 'trace',
	FINEST: 'trace',
};

/** Lower-case and capitalised spellings that count only in a marked place: `[error]`, `level=warn`, `error:` first. */
const NAMED_LEVELS: Readonly<Record<string, Level>> = {
	...Object.fromEntries(Object.entries(LEVEL_WORDS).map(([word, level]) => [word.toLowerCase(), level])),
	warning: 'warn',
	information: 'info',
	informational: 'info',
	err: 'error',
	e: 'error',
	w: 'warn',
	i: 'info',
	d: 'debug',
	f: 'fatal',
	t: 'trace',
	v: 'trace',
};

export function levelOfName(name: string): Level | null {
	return NAMED_LEVELS[name.trim().toLowerCase()] ?? null;
}

/** syslog severities 0 (emerg) to 7 (debug): `<3>` prefixes, journald PRIORITY. */
const SYSLOG: readonly Level[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** A numeric level: pino/bunyan (10 trace … 60 fatal), OpenTelemetry severity numbers (1–24), else syslog. */
export function levelOfNumber(n: number): Level | null {
	if (!Number.isFinite(n) || n < 0) return null;
	if (n >= 10)
		return n < 20
			? 'trace'
			: n < 30
				? 'debug'
				: n < 40
					? 'info'
					: n < 50
						? 'warn'
						: n < 60
							? 'error'
							: 'fatal';
	return SYSLOG[Math.floor(n)] ?? null;
}

const WORDS = Object.keys(LEVEL_WORDS).sort((a, b) => b.length - a.length);
/** An upper-case level word as a whole token (not ERR_CONNECTION_REFUSED, not "ERRORS"). */
const LEVEL_WORD = new RegExp(`(?<![\\p{L}\\p{N}_])(${WORDS.join('|')})(?![\\p{L}\\p{N}_])`, 'u');

/** Line shapes whose level sits in a known place, tried in order before a bare level word. */
const LEVEL_SHAPES: readonly {
	readonly pattern: RegExp;
	readonly level: (m: RegExpExecArray) => Level | null;
}[] = [
	// syslog priority: <3>, <11> (facility × 8 + severity)
	{ pattern: /^<(\d{1,3})>/, level: (m) => SYSLOG[Number(m[1]) % 8] ?? null },
	// klog / glog: E0102 15:04:05.000000
	{ pattern: /^([IWEF])\d{4} \d\d:\d\d:\d\d/, level: (m) => levelOfName(m[1] ?? '') },
	// Python's default format: ERROR:root:message
	{ pattern: /^(CRITICAL|ERROR|WARNING|INFO|DEBUG):[\w.-]*:/, level: (m) => levelOfName(m[1] ?? '') },
	// key=value anywhere near the start (level=error, lvl=warn, severity=ERROR, "level":"error"); a number
	// only in pino's range (10–60): "compression level: 3" is no syslog severity.
	{
		pattern:
			/(?:^|[\s{,;])"?(?:level|lvl|severity|loglevel|log\.level|levelname)"?\s*[=:]\s*"?([A-Za-z]+|\d{2})\b/i,
		level: (m) => (/^\d+$/.test(m[1] ?? '') ? levelOfNumber(Number(m[1])) : levelOfName(m[1] ?? '')),
	},
	// Bracketed words, any case: nginx [error], Apache [core:warn] / [proxy:error], Serilog [ERR]
	{
		pattern:
			/\[(?:[\w-]+:)?(emerg|alert|crit|critical|error|err|warn|warning|notice|info|debug|trace|fatal|severe|eror|wrn|inf|dbg|trc|vrb|ftl)\]/i,
		level: (m) => levelOfName(m[1] ?? ''),
	},
	// A bracketed capital near the start ([E], [W]), not an index further on (items[i], x[F])
	{ pattern: /^.{0,40}?(?<![\w\]])\[([EWIDF])\]/, level: (m) => levelOfName(m[1] ?? '') },
	// A line that starts with its verdict: "Error: …" (Node), "error: …" (git, npm), "panic: …" (Go),
	// "fatal: …", "warning: …", "Exception in thread …", "Traceback (most recent call last):"
	{
		pattern: /^(?:\w+ )?(error|fatal|panic|warning|warn)(?:\[\w+\])?:/i,
		level: (m) => levelOfName(m[1] ?? ''),
	},
	{
		pattern: /^(?:Exception in thread |Traceback \(most recent call last\):|Uncaught )/,
		level: () => 'error',
	},
	// An exception's own first line, as printStackTrace and Node print it: java.io.IOException: …, TypeError: …
	{
		pattern: /^(?:(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)|[A-Z]\w*(?:Error|Exception))(?::|$)/,
		level: () => 'error',
	},
];

/** How far into a line its level is looked for: past any timestamp, thread and logger prefix, not into the text. */
const LEVEL_REACH = 160;

/** The level a plain (not structured) line states, or null when it states none. */
export function levelOfText(text: string): Level | null {
	const head = text.slice(0, LEVEL_REACH);
	for (const shape of LEVEL_SHAPES) {
		const m = shape.pattern.exec(head);
		if (m) {
			const level = shape.level(m);
			if (level) return level;
		}
	}
	const word = LEVEL_WORD.exec(head);
	return word ? (LEVEL_WORDS[word[1] ?? ''] ?? null) : null;
}

/** A JSON or logfmt line taken apart. */
export type StructuredLine = {
	readonly format: 'json' | 'logfmt';
	readonly fields: Readonly<Record<string, unknown>>;
	/** The human message (msg, message, @m, event…), null when the line has none. */
	readonly message: string | null;
	readonly level: Level | null;
	/** The field names the message and level came from, left out of the compact view. */
	readonly shownKeys: readonly string[];
};

/** Field names that hold the message or the level, in the order they are preferred. */
const MESSAGE_KEYS = ['msg', 'message', '@m', '@mt', 'event', 'log', 'text', 'body', 'short_message'];
const LEVEL_KEYS = [
	'level',
	'lvl',
	'severity',
	'severity_text',
	'loglevel',
	'levelname',
	'level_name',
	'@l',
	'log.level',
	's',
];
/** Fields a compact view leaves out: the time (the engine's own is a key away) and the level it shows. */
const TIME_KEYS = new Set([
	'time',
	'ts',
	'timestamp',
	'@t',
	'@timestamp',
	't',
	'date',
	'datetime',
	'asctime',
]);

function levelOfField(key: string, value: unknown): Level | null {
	if (typeof value === 'number') return key === 's' ? null : levelOfNumber(value);
	if (typeof value !== 'string') return null;
	// MongoDB's "s": F, E, W, I, D1–D5: only those letters, "s" is too common a name otherwise.
	if (key === 's') return /^(?:[FEWI]|D[1-5])$/.test(value) ? levelOfName(value.slice(0, 1)) : null;
	return levelOfName(value) ?? (/^\d+$/.test(value) ? levelOfNumber(Number(value)) : null);
}

function structured(format: StructuredLine['format'], fields: Record<string, unknown>): StructuredLine {
	const nested =
		fields.log && typeof fields.log === 'object' ? (fields.log as Record<string, unknown>) : null;
	let level: Level | null = null;
	const shownKeys: string[] = [];
	for (const key of LEVEL_KEYS) {
		const value = key === 'log.level' && nested ? nested.level : fields[key];
		const found = value === undefined ? null : levelOfField(key, value);
		if (found) {
			level = found;
			shownKeys.push(key);
			break;
		}
	}
	let message: string | null = null;
	for (const key of MESSAGE_KEYS) {
		const value = fields[key];
		if (typeof value === 'string' && value !== '') {
			message = value;
			shownKeys.push(key);
			break;
		}
	}
	return { format, fields, message, level, shownKeys };
}

/** A JSON object on one line, or logfmt (at least two key=value pairs making up most of the line); else null. */
export function parseStructured(text: string): StructuredLine | null {
	const trimmed = text.trim();
	if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
		try {
			const value: unknown = JSON.parse(trimmed);
			if (value && typeof value === 'object' && !Array.isArray(value))
				return structured('json', value as Record<string, unknown>);
		} catch {
			return null;
		}
	}
	const fields = parseLogfmt(trimmed);
	return fields ? structured('logfmt', fields) : null;
}

const LOGFMT_PAIR = /([\w.@/-]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)/y;

/** logfmt: key=value pairs, values bare or double-quoted with backslash escapes; null when it is not. */
export function parseLogfmt(text: string): Record<string, string> | null {
	if (!/^[\w.@/-]+=/.test(text)) return null;
	const fields: Record<string, string> = {};
	let pairs = 0;
	let at = 0;
	while (at < text.length) {
		while (text[at] === ' ' || text[at] === '\t') at++;
		if (at >= text.length) break;
		LOGFMT_PAIR.lastIndex = at;
		const m = LOGFMT_PAIR.exec(text);
		if (!m) return pairs >= 2 ? fields : null;
		const raw = m[2] ?? '';
		fields[m[1] ?? ''] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
		pairs++;
		at = LOGFMT_PAIR.lastIndex;
		if (at < text.length && text[at] !== ' ' && text[at] !== '\t') return null;
	}
	return pairs >= 2 ? fields : null;
}

/** A line's level and, when it is structured, its parts. */
export type LineFacts = { readonly level: Level | null; readonly structured: StructuredLine | null };

/** Lines are read this far for structure; a longer one is shown as text (a 4 KB JSON blob is no log line to take apart). */
const STRUCTURE_REACH = 4096;

export function lineFacts(text: string): LineFacts {
	const s =
		text.length <= STRUCTURE_REACH && /^\s*(?:\{|[\w.@/-]+=)/.test(text) ? parseStructured(text) : null;
	return { level: s?.level ?? levelOfText(text), structured: s };
}

const fieldText = (value: unknown): string => {
	if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
	return JSON.stringify(value) ?? String(value);
};

/** The compact view of a structured line: its message first, then the other fields as key=value (no time). */
export function compactText(line: StructuredLine): string {
	const rest = Object.entries(line.fields)
		.filter(([key]) => !line.shownKeys.includes(key) && !TIME_KEYS.has(key))
		.map(([key, value]) => `${key}=${fieldText(value)}`);
	return [line.message ?? '', ...rest].filter((part) => part !== '').join('  ');
}

/** The whole object, pretty-printed, one row per line (Enter in the pane). */
export function expandedText(line: StructuredLine): string[] {
	return JSON.stringify(line.fields, null, 2).split('\n');
}

/** A field filter typed as a search: `level=error`, `user_id=42`, `http.status=500`. */
export function parseFieldFilter(search: string): { key: string; value: string } | null {
	// A value with pattern characters (status=5\d\d) is a regular expression, not a field's value.
	const m = /^([\w.@/-]+)=([^\s\\^$|?*+()[\]{}]+)$/.exec(search.trim());
	return m ? { key: m[1] ?? '', value: m[2] ?? '' } : null;
}

/**
 * Whether a line passes a field filter: a structured field with that value (dotted keys reach into
 * nested objects), the line's level for `level=`, or, for a plain line, the text `key=value` in it.
 */
export function matchesField(
	facts: LineFacts,
	text: string,
	filter: { key: string; value: string },
): boolean {
	const want = filter.value.toLowerCase();
	if (/^(?:level|lvl|severity)$/i.test(filter.key)) {
		const asked = levelOfName(filter.value);
		return asked !== null && facts.level === asked;
	}
	if (facts.structured) {
		const value = fieldAt(facts.structured.fields, filter.key);
		return value !== undefined && fieldText(value).replace(/^"|"$/g, '').toLowerCase() === want;
	}
	return text.toLowerCase().includes(`${filter.key.toLowerCase()}=${want}`);
}

function fieldAt(fields: Readonly<Record<string, unknown>>, key: string): unknown {
	if (key in fields) return fields[key];
	let value: unknown = fields;
	for (const part of key.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

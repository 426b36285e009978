/** Semantic colour tokens and glyphs. Components never name raw colours. */
export type Theme = {
	/** Whether the terminal takes Unicode (glyphs, block sparklines) or only ASCII. */
	readonly unicode: boolean;
	readonly color: {
		readonly accent: string | undefined;
		readonly muted: string | undefined;
		readonly ok: string | undefined;
		readonly warn: string | undefined;
		readonly error: string | undefined;
		readonly info: string | undefined;
	};
	/** Glyphs; ASCII when the terminal is not UTF-8. */
	readonly glyph: {
		readonly running: string;
		readonly healthy: string;
		readonly unhealthy: string;
		readonly starting: string;
		readonly paused: string;
		readonly restarting: string;
		readonly stopped: string;
		readonly failed: string;
		readonly created: string;
		readonly pointer: string;
		/** Marks a container that triage thinks needs attention. */
		readonly attention: string;
		readonly separator: string;
		/** Before a Compose project's header: its containers shown, or collapsed. */
		readonly expanded: string;
		readonly collapsed: string;
	};
};

const colors: Theme['color'] = {
	accent: 'cyan',
	muted: 'gray',
	ok: 'green',
	warn: 'yellow',
	error: 'red',
	info: 'blue',
};

// Chalk (used by Ink) does not honour NO_COLOR, so the monochrome theme drops every colour itself.
const noColors: Theme['color'] = {
	accent: undefined,
	muted: undefined,
	ok: undefined,
	warn: undefined,
	error: undefined,
	info: undefined,
};

const unicodeGlyphs: Theme['glyph'] = {
	running: '▶',
	healthy: '✔',
	unhealthy: '✖',
	starting: '◌',
	paused: '‖',
	restarting: '↻',
	stopped: '■',
	failed: '✖',
	created: '○',
	pointer: '›',
	attention: '!',
	separator: '·',
	expanded: '▾',
	collapsed: '▸',
};

const asciiGlyphs: Theme['glyph'] = {
	running: '>',
	healthy: '+',
	unhealthy: 'x',
	starting: '~',
	paused: '=',
	restarting: '@',
	stopped: '-',
	failed: 'x',
	created: 'o',
	pointer: '>',
	attention: '!',
	separator: '|',
	expanded: 'v',
	collapsed: '>',
};

/**
 * The console's own non-ASCII characters (key names, chart lines, separators) and what stands for them in
 * ASCII: one character for one, so that nothing Ink laid out changes width.
 */
const ASCII_FOR: Readonly<Record<string, string>> = {
	'↑': '^',
	'↓': 'v',
	'←': '<',
	'→': '>',
	'·': '|',
	'…': '~',
	'┼': '+',
	'┤': '|',
	'╶': '-',
	'╴': '-',
	'─': '-',
	'╰': '\\',
	'╭': '/',
	'╮': '\\',
	'╯': '/',
	'│': '|',
	'┌': '+',
	'┐': '+',
	'└': '+',
	'┘': '+',
	'├': '+',
	'┬': '+',
	'┴': '+',
	'═': '=',
	'║': '|',
	'╔': '+',
	'╗': '+',
	'╚': '+',
	'╝': '+',
};
const CONSOLE_GLYPHS = new RegExp(`[${Object.keys(ASCII_FOR).join('')}]`, 'g');

/**
 * A frame for the terminal: as it is in UTF-8; otherwise the console's arrows, lines, box corners and
 * dots in ASCII (a terminal that is not UTF-8 would show them as garbage; a container's own text that has
 * these characters gets the same, the rest passes as written).
 */
export function forTerminal(theme: Pick<Theme, 'unicode'>, text: string): string {
	if (theme.unicode) return text;
	return text.replace(CONSOLE_GLYPHS, (c) => ASCII_FOR[c] ?? c);
}

/** Picks colours (NO_COLOR, --no-color) and glyphs (UTF-8 locale or not) from the environment. */
export function resolveTheme(
	env: Readonly<Record<string, string | undefined>>,
	flags: { color?: boolean } = {},
): Theme {
	const noColor = flags.color === false || Boolean(env.NO_COLOR);
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	// DOCKMEDIC_UNICODE=1 or 0 overrides the locale (a terminal that lies about it, a font without box glyphs).
	const utf8 =
		env.DOCKMEDIC_UNICODE === '0' ? false : /utf-?8/i.test(locale) || env.DOCKMEDIC_UNICODE === '1';
	return { unicode: utf8, color: noColor ? noColors : colors, glyph: utf8 ? unicodeGlyphs : asciiGlyphs };
}

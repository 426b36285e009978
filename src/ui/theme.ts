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

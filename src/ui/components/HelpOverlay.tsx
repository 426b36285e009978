import { Box, Text } from 'ink';
import { wrapWords } from '../format/wrap-words.js';
import { type Command, commands } from '../keymap.js';
import { PANES } from '../panes/index.js';
import { paneBindings } from '../state/details-view.js';
import type { Theme } from '../theme.js';

type HelpOverlayProps = {
	readonly theme: Theme;
	/** Columns and rows of screen the overlay may use, its border included. */
	readonly width: number;
	readonly height: number;
	/** First row shown, when the help is taller than the screen. */
	readonly scroll: number;
};

type HelpRow = { readonly text: string; readonly heading: boolean };

const KEYS_WIDTH = 12;

/** The help's rows for a screen, and how many of them fit at once (the movement keys scroll the rest). */
export function helpLayout(width: number, height: number) {
	const rows = helpRows(Math.max(20, width - 4));
	// Borders take two rows, the line saying what is above or below one.
	const room = Math.max(1, height - 2);
	const fits = rows.length <= room;
	return { rows, fits, window: fits ? room : Math.max(1, room - 1) };
}

/** Every key the console knows, grouped by category, generated from the keymap; scrolls when taller than the screen. */
export function HelpOverlay({ theme, width, height, scroll }: HelpOverlayProps) {
	const { rows, fits, window } = helpLayout(width, height);
	const top = Math.min(scroll, Math.max(0, rows.length - window));
	return (
		<Box
			flexDirection="column"
			borderStyle={theme.unicode ? 'round' : 'classic'}
			borderColor={theme.color.accent}
			paddingX={1}
			flexShrink={0}
		>
			{rows.slice(top, top + window).map((row, i) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a window of a fixed list; position is the identity
				<Text key={i} bold={row.heading} color={row.heading && i + top > 0 ? theme.color.accent : undefined}>
					{row.text}
				</Text>
			))}
			{fits ? null : (
				<Text color={theme.color.muted}>
					{top + window < rows.length ? `↓ ${rows.length - top - window} more rows` : 'end'}
					{top > 0 ? ` · ↑ ${top} above` : ''} · j/k PgDn/PgUp scroll
				</Text>
			)}
		</Box>
	);
}

/** The help as rows of at most `width` characters: a title, then per category a heading and its keys. */
export function helpRows(width: number): HelpRow[] {
	const rows: HelpRow[] = [{ text: 'Keys (? or Esc closes)', heading: true }];
	const entries: [string, Command][] = [
		...Object.entries(commands),
		...paneBindings.map((b) => [b.id, b] as [string, Command]),
		// Keys a pane declares itself, beyond the shared commands it takes.
		...PANES.flatMap((p) => p.bindings ?? [])
			.filter((b) => !(b.id in commands))
			.map((b) => [b.id, b] as [string, Command]),
	];
	for (const category of new Set(entries.map(([, c]) => c.category))) {
		rows.push({ text: category, heading: true });
		for (const [, c] of entries.filter(([, e]) => e.category === category)) {
			const keys = `  ${c.keys.join(' ').padEnd(KEYS_WIDTH)} `;
			const note = c.changes ? ' (not with --read-only)' : '';
			wrapWords(c.description + note, width - keys.length).forEach((line, i) => {
				rows.push({ text: (i === 0 ? keys : ' '.repeat(keys.length)) + line, heading: false });
			});
		}
	}
	rows.push({ text: 'Marks in the list', heading: true });
	const mark = `  ${'!'.padEnd(KEYS_WIDTH)} `;
	wrapWords(ATTENTION_LEGEND, width - mark.length).forEach((line, i) => {
		rows.push({ text: (i === 0 ? mark : ' '.repeat(mark.length)) + line, heading: false });
	});
	return rows;
}

/** What the ! before a row means: the same test `diagnose --all` uses to pick containers. */
export const ATTENTION_LEGEND =
	'needs attention: exited non-zero, restarting, unhealthy, OOM-killed, left created by a start error, ' +
	'or running while its own recent logs keep reporting errors (d diagnoses it)';

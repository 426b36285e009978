import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { wrapWords } from '../format/wrap-words.js';
import { type CommandId, commands } from '../keymap.js';
import { splitKeys } from '../split-keys.js';
import type { Theme } from '../theme.js';

type HelpOverlayProps = {
	readonly theme: Theme;
	/** Columns and rows of screen the overlay may use, its border included. */
	readonly width: number;
	readonly height: number;
};

type HelpRow = { readonly text: string; readonly heading: boolean };

const KEYS_WIDTH = 12;

/**
 * Every key the console knows, grouped by category, generated from the keymap. When it is taller than the
 * screen (80x24 and less) it scrolls with the movement keys and says how much is left.
 */
export function HelpOverlay({ theme, width, height }: HelpOverlayProps) {
	const rows = helpRows(Math.max(20, width - 4));
	// Borders take two rows, the line saying what is above or below one.
	const room = Math.max(1, height - 2);
	const fits = rows.length <= room;
	const window = fits ? room : Math.max(1, room - 1);
	const last = Math.max(0, rows.length - window);
	const [scroll, setScroll] = useState(0);
	const top = Math.min(scroll, last);
	useInput((chunk, flags) => {
		if (fits) return;
		let at = top;
		for (const [input, key] of splitKeys(chunk, flags)) {
			if (key.downArrow || input === 'j') at = Math.min(last, at + 1);
			else if (key.upArrow || input === 'k') at = Math.max(0, at - 1);
			else if (key.pageDown || input === ' ') at = Math.min(last, at + window - 1);
			else if (key.pageUp) at = Math.max(0, at - window + 1);
			else if (input === 'g' || key.home) at = 0;
			else if (input === 'G' || key.end) at = last;
		}
		setScroll(at);
	});
	return (
		<Box
			flexDirection="column"
			borderStyle="round"
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
	const entries = Object.entries(commands) as [CommandId, (typeof commands)[CommandId]][];
	for (const category of new Set(entries.map(([, c]) => c.category))) {
		rows.push({ text: category, heading: true });
		for (const [, c] of entries.filter(([, e]) => e.category === category)) {
			const keys = `  ${c.keys.join(' ').padEnd(KEYS_WIDTH)} `;
			wrapWords(c.description, width - keys.length).forEach((line, i) => {
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

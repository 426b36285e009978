import { Box, Text } from 'ink';
import { commands, footerHints } from '../keymap.js';
import type { Theme } from '../theme.js';

type FooterProps = {
	/** When set, the footer is the filter prompt instead of the key hints. */
	readonly filterPrompt: string | null;
	readonly theme: Theme;
};

/** Key hints from the keymap, or the filter being typed. */
export function Footer({ filterPrompt, theme }: FooterProps) {
	if (filterPrompt !== null) {
		return (
			<Box>
				<Text color={theme.color.accent}>/</Text>
				<Text>{filterPrompt}</Text>
				<Text inverse> </Text>
				<Text color={theme.color.muted}> Enter keep {theme.glyph.separator} Esc clear</Text>
			</Box>
		);
	}
	return (
		<Box>
			<Text wrap="truncate-end">
				{footerHints.map(({ command, label }, i) => (
					<Text key={command}>
						{i > 0 ? '  ' : ''}
						<Text bold color={theme.color.accent}>
							{command === 'nav.down' ? '↑↓/jk' : commands[command].keys[0]}
						</Text>{' '}
						{label}
					</Text>
				))}
			</Text>
		</Box>
	);
}

import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';

type FooterProps = {
	/** When set, the footer is the filter prompt instead of the key hints. */
	readonly filterPrompt: string | null;
	/** Keys and what they do, for the view on screen (from the keymap). */
	readonly hints: readonly { readonly keys: string; readonly label: string }[];
	readonly theme: Theme;
};

/** Key hints of the view on screen, from the keymap; or the filter being typed. */
export function Footer({ filterPrompt, hints, theme }: FooterProps) {
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
		<Text wrap="truncate-end">
			{hints.map(({ keys, label }, i) => (
				<Text key={`${keys} ${label}`}>
					{i > 0 ? '  ' : ''}
					<Text bold color={theme.color.accent}>
						{keys}
					</Text>{' '}
					{label}
				</Text>
			))}
		</Text>
	);
}

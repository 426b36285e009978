import { Box, Text } from 'ink';
import { commands, footerHints } from '../keymap.js';
import type { Theme } from '../theme.js';

type FooterProps = {
	/** When set, the footer is the filter prompt instead of the key hints. */
	readonly filterPrompt: string | null;
	/** Which view the hints are for. @default 'list' */
	readonly mode?: 'list' | 'details' | 'diagnosis' | 'services';
	readonly theme: Theme;
};

/** Key hints from the keymap, or the filter being typed. */
export function Footer({ filterPrompt, mode = 'list', theme }: FooterProps) {
	if (mode === 'details' || mode === 'services') {
		const hints =
			mode === 'details'
				? [
						['1/2/3/Tab', 'stats logs inspect'],
						['PgUp/PgDn G', 'scroll logs'],
						['d', 'diagnose'],
						['Esc', 'back'],
						['q', 'quit'],
					]
				: [
						['↑↓', 'select'],
						['d', 'diagnose the service'],
						['Esc/S', 'back to containers'],
						['q', 'quit'],
					];
		return (
			<Text wrap="truncate-end">
				{hints.map(([k, label], i) => (
					<Text key={k}>
						{i > 0 ? '  ' : ''}
						<Text bold color={theme.color.accent}>
							{k}
						</Text>{' '}
						{label}
					</Text>
				))}
			</Text>
		);
	}
	if (mode === 'diagnosis') {
		return (
			<Text wrap="truncate-end">
				<Text bold color={theme.color.accent}>
					Enter
				</Text>{' '}
				next step{'  '}
				<Text bold color={theme.color.accent}>
					e
				</Text>{' '}
				show all{'  '}
				<Text bold color={theme.color.accent}>
					Esc
				</Text>{' '}
				back to the list{'  '}
				<Text bold color={theme.color.accent}>
					?
				</Text>{' '}
				help{'  '}
				<Text bold color={theme.color.accent}>
					q
				</Text>{' '}
				quit
			</Text>
		);
	}
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

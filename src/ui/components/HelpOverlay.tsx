import { Box, Text } from 'ink';
import { type CommandId, commands } from '../keymap.js';
import type { Theme } from '../theme.js';

/** Every key the console knows, grouped by category, generated from the keymap. */
export function HelpOverlay({ theme }: { readonly theme: Theme }) {
	const categories = [...new Set(Object.values(commands).map((c) => c.category))];
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.color.accent} paddingX={1}>
			<Text bold>Keys (? or Esc closes)</Text>
			{categories.map((category) => (
				<Box key={category} flexDirection="column">
					<Text bold color={theme.color.accent}>
						{category}
					</Text>
					{(Object.entries(commands) as [CommandId, (typeof commands)[CommandId]][])
						.filter(([, c]) => c.category === category)
						.map(([id, c]) => (
							<Text key={id}>
								{'  '}
								{c.keys.join(' ').padEnd(12)} {c.description}
							</Text>
						))}
				</Box>
			))}
		</Box>
	);
}

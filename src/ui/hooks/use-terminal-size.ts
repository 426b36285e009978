import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export type TerminalSize = { readonly columns: number; readonly rows: number };

/** The terminal's size, updated live on resize. Falls back to 80x24 when stdout is not a TTY. */
export function useTerminalSize(): TerminalSize {
	const { stdout } = useStdout();
	const [size, setSize] = useState<TerminalSize>(() => ({
		columns: stdout.columns || 80,
		rows: stdout.rows || 24,
	}));
	useEffect(() => {
		const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

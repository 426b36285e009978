import { displayWidth, splitToWidth } from '../../model/text-width.js';

/**
 * Greedy word wrap into lines of at most `width` columns of terminal; a word longer than a line
 * (or text without spaces, as Chinese and Japanese are written) is cut. Rows are counted exactly,
 * so a view can know what fits before drawing it.
 */
export function wrapWords(text: string, width: number): string[] {
	const size = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		for (let rest = word; rest.length; ) {
			const room = line ? size - displayWidth(line) - 1 : size;
			if (displayWidth(rest) <= room) {
				line = line ? `${line} ${rest}` : rest;
				rest = '';
			} else if (line) {
				lines.push(line);
				line = '';
			} else {
				const head = splitToWidth(rest, size)[0] ?? rest;
				lines.push(head);
				rest = rest.slice(head.length);
			}
		}
	}
	if (line || lines.length === 0) lines.push(line);
	return lines;
}

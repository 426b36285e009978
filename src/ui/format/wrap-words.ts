/**
 * Greedy word wrap into lines of at most `width` characters; a word longer than a line is cut.
 * Rows are counted exactly, so a view can know what fits before drawing it.
 */
export function wrapWords(text: string, width: number): string[] {
	const size = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		for (let rest = word; rest.length; ) {
			const room = line ? size - line.length - 1 : size;
			if (rest.length <= room) {
				line = line ? `${line} ${rest}` : rest;
				rest = '';
			} else if (line) {
				lines.push(line);
				line = '';
			} else {
				lines.push(rest.slice(0, size));
				rest = rest.slice(size);
			}
		}
	}
	if (line || lines.length === 0) lines.push(line);
	return lines;
}

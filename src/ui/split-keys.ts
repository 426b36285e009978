import type { Key } from 'ink';

/**
 * Keys typed quickly (or pasted) reach useInput as one chunk with one set of flags. Splits such a
 * chunk into one keypress per character, recognising the control characters that stand for keys
 * (Enter, Backspace, Tab, Esc); other control characters are dropped. Escape sequences (arrows)
 * are left whole, as Ink parsed them.
 */
export function splitKeys(chunk: string, key: Key): Array<[string, Key]> {
	if (chunk.length <= 1 || key.ctrl || key.meta || chunk.startsWith('\u001B')) return [[chunk, key]];
	const plain: Key = { ...key, return: false, backspace: false, delete: false, tab: false, escape: false };
	const out: Array<[string, Key]> = [];
	for (const char of chunk) {
		if (char === '\r' || char === '\n') out.push(['', { ...plain, return: true }]);
		else if (char === '\u007F' || char === '\b') out.push(['', { ...plain, backspace: true }]);
		else if (char === '\t') out.push(['', { ...plain, tab: true }]);
		else if (char >= ' ') out.push([char, plain]);
	}
	return out;
}

import stringWidth from './fast-width.js';

/**
 * Text measured as a terminal shows it: by display columns, not code units. A CJK character or
 * most emoji take two columns, a combining mark none; a grapheme (an emoji sequence, a letter with
 * its accents) is never split. Pure.
 */

/** Printable ASCII only: one column per character, the common case, measured without segmenting. */
const ASCII = /^[\x20-\x7e]*$/;
let segmenter: Intl.Segmenter | undefined;

export function displayWidth(text: string): number {
	return ASCII.test(text) ? text.length : stringWidth(text);
}

/** The graphemes of a text with their widths. */
function graphemes(text: string): { text: string; width: number }[] {
	segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
	return [...segmenter.segment(text)].map((s) => ({ text: s.segment, width: stringWidth(s.segment) }));
}

/** The longest start of a text that fits in `width` columns. */
export function cutToWidth(text: string, width: number): string {
	if (ASCII.test(text)) return text.slice(0, Math.max(0, width));
	let used = 0;
	let out = '';
	for (const g of graphemes(text)) {
		if (used + g.width > width) break;
		used += g.width;
		out += g.text;
	}
	return out;
}

/** Pieces of at most `width` columns each, in order; at least one (empty for empty text). */
export function splitToWidth(text: string, width: number): string[] {
	const size = Math.max(1, width);
	if (ASCII.test(text)) {
		const out: string[] = [];
		for (let at = 0; at === 0 || at < text.length; at += size) out.push(text.slice(at, at + size));
		return out;
	}
	const out: string[] = [];
	let piece = '';
	let used = 0;
	for (const g of graphemes(text)) {
		// A character wider than the whole row (a 2-column one in a 1-column pane) gets a row of its own.
		if (used > 0 && used + g.width > size) {
			out.push(piece);
			piece = '';
			used = 0;
		}
		piece += g.text;
		used += g.width;
	}
	out.push(piece);
	return out;
}

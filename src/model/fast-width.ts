import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';

/**
 * string-width with a fast path, for everything that measures text on the console's screen (the
 * bundle routes Ink's and its helpers' `string-width` here; scripts/build.mjs). string-width segments
 * every non-ASCII string into graphemes and tests each against Unicode-property regular expressions;
 * a row with one "●" or a sparkline cost 40-100 µs, and compiling the emoji expression 27 ms and
 * 3.5 MiB on first use (measured). Pure.
 *
 * The fast path takes text whose every character forms a grapheme on its own (Grapheme_Cluster_Break
 * Other or Control: no combining marks, joiners, variation selectors, jamo, regional indicators) in
 * the scripts and symbols a console mostly shows: Latin, Greek, Cyrillic, punctuation, arrows, box
 * drawing, blocks, shapes, dingbats, kana, CJK ideographs, Hangul syllables, full-width forms. Its
 * width is then the sum of the characters' widths; anything else goes to string-width whole. A test
 * compares both on every character of the fast set and on random strings of it.
 */
const SINGLE_GRAPHEME_TEXT =
	/^[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205f\u2070-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u303f\u3041-\u3096\u30a0-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff9d\uffe0-\uffe6]*$/;

/** Widths of the fast set's characters, filled on first use (255: not yet known). */
const widths = new Uint8Array(0x10000).fill(255);

function characterWidth(code: number): number {
	let width = widths[code] as number;
	if (width === 255) {
		// The soft hyphen is the one invisible character of the fast set (Default_Ignorable).
		width = code === 0xad ? 0 : eastAsianWidth(code, { ambiguousAsWide: false });
		widths[code] = width;
	}
	return width;
}

type Options = { readonly ambiguousIsNarrow?: boolean; readonly countAnsiEscapeCodes?: boolean };

// biome-ignore lint/style/noDefaultExport: it stands in for string-width, whose importers take its default export.
export default function fastStringWidth(input: string, options?: Options): number {
	if (typeof input !== 'string' || input.length === 0) return 0;
	if (options && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes))
		return stringWidth(input, options);
	const text = input.includes('\u001b') || input.includes('\u009b') ? stripAnsi(input) : input;
	if (!SINGLE_GRAPHEME_TEXT.test(text)) return stringWidth(text);
	let width = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		width += code < 0x7f ? 1 : characterWidth(code);
	}
	return width;
}

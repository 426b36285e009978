const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Makes one line of container output safe to print on a terminal: escape sequences (CSI, OSC, DCS,
 * single ESC codes), other control characters and NUL are removed; invalid UTF-8 was already
 * replaced by U+FFFD when decoding. Tabs become spaces.
 */
export function sanitizeLine(line: string): string {
	// Most lines hold no control character at all: skip the rewriting for them (log floods).
	if (!CONTROL.test(line)) return line;
	return (
		line
			.replace(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?/g, '') // OSC (title, hyperlinks)
			.replace(/\u001B[P^_][^\u001B]*(?:\u001B\\)?/g, '') // DCS, PM, APC
			.replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '') // CSI (cursor, colours, clear)
			.replace(/\u001B[@-Z\\-_]?/g, '') // other ESC sequences and stray ESC
			.replace(/\u009B[0-?]*[ -/]*[@-~]/g, '') // 8-bit CSI
			.replace(/\t/g, '  ')
			// One line stays one line, whatever a name or label holds.
			.replace(/\n/g, ' ')
			.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
	);
}

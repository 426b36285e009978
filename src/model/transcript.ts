/**
 * A terminal session as a transcript: what was typed and printed, line by line, without escape
 * sequences or carriage returns, secrets masked. For `dockmedic shell --record`: the "commands I ran"
 * of an incident note. Pure: text in, lines out.
 */
import { redactLogText } from './redact.js';
import { sanitizeLine } from './sanitize.js';

const BACKSPACE = '\b';

export class Transcript {
	private pending = '';

	constructor(private readonly showSecrets = false) {}

	/** The complete lines a piece of terminal output ends; the rest waits for its line's end. */
	feed(text: string): string[] {
		const parts = (this.pending + text).split('\n');
		this.pending = parts.pop() ?? '';
		return parts.map((line) => this.clean(line));
	}

	/** What is left when the session ends. */
	flush(): string[] {
		const rest = this.pending;
		this.pending = '';
		return rest ? [this.clean(rest)] : [];
	}

	private clean(line: string): string {
		// A carriage return redraws the line: what follows the last one is what the screen kept.
		const shown = line.endsWith('\r') ? line.slice(0, -1) : line;
		const last = shown.lastIndexOf('\r');
		let text = last >= 0 ? shown.slice(last + 1) : shown;
		// A backspace took back the character before it (a typing mistake, line editing).
		for (let at = text.indexOf(BACKSPACE); at >= 0; at = text.indexOf(BACKSPACE))
			text = text.slice(0, Math.max(0, at - 1)) + text.slice(at + 1);
		text = sanitizeLine(text);
		return this.showSecrets ? text : redactLogText(text);
	}
}

/**
 * Multi-line log entries: a Java or Python stack trace, a Go panic, PostgreSQL's DETAIL/HINT lines
 * and java.util.logging's two-line records belong to the line that started them, so that a search,
 * a level filter and an export keep them whole. Pure: lines in, "continues the entry" out.
 */
import { type Level, levelRank } from './log-levels.js';

/** The shape of the entry being read, which decides what may continue it. */
type Mode = 'plain' | 'python' | 'pythonEnded' | 'go' | 'jul';

/** Lines an entry may take at most: past this, indented output (a table, a banner) starts over. */
export const MAX_ENTRY_LINES = 200;
/** Stack frames go on past that (a Spring trace with its causes runs to hundreds), up to this. */
const MAX_TRACE_LINES = 2000;
const STACK_FRAME = /^(?:\s+at |Caused by: |\s*\.\.\. \d+ (?:more|common frames omitted))/;

/** Lines that continue any entry: indented (Java's "\tat", Python's frames), Java's cause chain. */
const CONTINUES =
	/^(?:[ \t]+\S|Caused by: |Suppressed: |\.\.\. \d+ more|\s*\.\.\. \d+ (?:more|common frames omitted))/;
/** PostgreSQL's lines that belong to the message above them, after its own prefix. */
const POSTGRES_DETAIL = /^(?:\S+ ){0,6}?(?:DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION|WHERE): {2}/;
/** An exception's head line under a logged error (log4j, logback: "ERROR … failed" then "java.io.IOException: …"). */
const EXCEPTION_HEAD = /^(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable|Fault)\b(?::|$)/;
const PYTHON_START = /^Traceback \(most recent call last\):/;
const PYTHON_CHAIN = /^(?:During handling of the above exception|The above exception was the direct cause)/;
/** The last line of a Python traceback: the exception and its message. */
const PYTHON_END = /^[A-Za-z_][\w.]*(?:: .*)?$/;
const GO_PANIC = /^(?:panic: |fatal error: )/;
const GO_CONTINUES = /^(?:$|goroutine \d+ \[|created by |\[signal |exit status \d+|[\w./*()[\]-]+\(.*\)$)/;
/** java.util.logging's first line: "Dec 01, 2026 9:00:00 PM com.example.Main main"; its level is on the next. */
const JUL_HEAD = /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d\d:\d\d (?:AM|PM) \S+/;
const JUL_LEVEL = /^(?:SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): /;

/** Reads lines one at a time and says which ones continue the entry before them. */
export class EntryGrouper {
	private mode: Mode = 'plain';
	private lines = 0;
	private headLevel: Level | null = null;

	/** Whether this line continues the current entry; `level` is what the line states by itself. */
	continues(text: string, level: Level | null): boolean {
		const room = this.lines < MAX_ENTRY_LINES || (this.lines < MAX_TRACE_LINES && STACK_FRAME.test(text));
		const joined = this.lines > 0 && room && this.joins(text, level);
		if (joined) {
			this.lines++;
			this.headLevel ??= level;
			return true;
		}
		this.lines = 1;
		this.headLevel = level;
		this.mode = PYTHON_START.test(text)
			? 'python'
			: GO_PANIC.test(text)
				? 'go'
				: JUL_HEAD.test(text) && level === null
					? 'jul'
					: 'plain';
		return false;
	}

	private joins(text: string, level: Level | null): boolean {
		switch (this.mode) {
			case 'python':
				if (PYTHON_CHAIN.test(text) || PYTHON_START.test(text) || text === '') return true;
				if (CONTINUES.test(text)) return true;
				// The exception line ends the traceback, unless a chained one follows ("During handling…").
				if (PYTHON_END.test(text)) {
					this.mode = 'pythonEnded';
					return true;
				}
				return false;
			case 'pythonEnded':
				if (text === '') return true;
				if (PYTHON_CHAIN.test(text) || PYTHON_START.test(text)) {
					this.mode = 'python';
					return true;
				}
				this.mode = 'plain';
				break;
			case 'go':
				return GO_CONTINUES.test(text) || CONTINUES.test(text);
			case 'jul':
				this.mode = 'plain';
				return this.lines === 1 && JUL_LEVEL.test(text);
			default:
				break;
		}
		// An indented line that states a graver level than the entry's is an entry of its own.
		const graver =
			level !== null &&
			levelRank(level) >= levelRank('warn') &&
			(this.headLevel === null || levelRank(level) > levelRank(this.headLevel));
		if (graver && /^\s/.test(text)) return false;
		if (CONTINUES.test(text) || POSTGRES_DETAIL.test(text)) return true;
		// A traceback or exception right under a line that logged an error is that error's detail.
		const underError = this.headLevel === 'error' || this.headLevel === 'fatal' || this.headLevel === 'warn';
		if (underError && PYTHON_START.test(text)) {
			this.mode = 'python';
			return true;
		}
		return underError && EXCEPTION_HEAD.test(text);
	}
}

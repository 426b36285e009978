import type { Key } from 'ink';

/** Terminal key sequences, named once. */
export const UP = '\u001B[A';
export const DOWN = '\u001B[B';
export const RIGHT = '\u001B[C';
export const ENTER = '\r';
export const ESC = '\u001B';
export const BACKSPACE = '\u007F';
export const PAGE_DOWN = '\u001B[6~';

/** Ink's flags for one keypress: all false but those given. */
export const key = (over: Record<string, boolean> = {}) =>
	({
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		pageDown: false,
		pageUp: false,
		home: false,
		end: false,
		return: false,
		escape: false,
		ctrl: false,
		shift: false,
		tab: false,
		backspace: false,
		delete: false,
		meta: false,
		super: false,
		hyper: false,
		capsLock: false,
		numLock: false,
		...over,
	}) as Key;

/** Terminal key sequences, named once. */
export const UP = '\u001B[A';
export const DOWN = '\u001B[B';
export const RIGHT = '\u001B[C';
export const ENTER = '\r';
export const ESC = '\u001B';
export const BACKSPACE = '\u007F';
export const PAGE_DOWN = '\u001B[6~';

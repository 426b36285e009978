import type { Key } from 'ink';
import type { ReactNode } from 'react';
import type { DetailsService } from '../details-service.js';
import type { Hint } from '../footer-hints.js';
import type { Binding } from '../keymap.js';
import type { Theme } from '../theme.js';

/** What every pane of the details view is given. */
export type PaneProps<S> = {
	readonly id: string;
	readonly service: DetailsService;
	readonly width: number;
	/** Rows of screen below the tab line. */
	readonly height: number;
	readonly theme: Theme;
	readonly state: S;
};

/**
 * One pane of the details view, in one file: its tab key and title, its own keys and state, and how it
 * draws. Adding a pane is a new definition plus one line in panes/index.ts.
 */
export type PaneDefinition<S> = {
	readonly id: string;
	/** The key that opens it; also its number on the tab line. */
	readonly key: string;
	readonly title: string;
	/** For the help: what the pane shows. */
	readonly description: string;
	/** Keys only this pane takes while it is shown. */
	readonly bindings?: readonly Binding[];
	/** Footer hints for the pane's own keys. */
	readonly hints?: readonly Hint[];
	readonly initial: S;
	/** Each time the pane is shown (the logs go back to following the tail). */
	readonly onShow?: (state: S) => S;
	/** A command of the pane's bindings, or a shared one (movement, Esc): undefined leaves it to the view. */
	readonly reduce?: (state: S, command: string, page: number) => S | undefined;
	/** Whether the pane is taking typed text (a search): then every key goes to reduceText. */
	readonly typing?: (state: S) => boolean;
	readonly reduceText?: (state: S, input: string, key: Key) => S;
	readonly render: (props: PaneProps<S>) => ReactNode;
};

/** A pane with its state type erased, as the registry and the details view hold it. */
export type Pane = PaneDefinition<unknown>;

/** Erases the state type once, here, so the registry can hold panes of any state. */
export function definePane<S>(definition: PaneDefinition<S>): Pane {
	return definition as unknown as Pane;
}

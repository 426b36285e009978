import { useCallback, useRef, useState } from 'react';
import {
	type ConsoleState,
	type Effect,
	initialConsoleState,
	type Transition,
} from '../state/console-state.js';

/**
 * The console's state and the one way to change it: a pure transition, whose effects (run a diagnosis,
 * an action, a fix, quit) are carried out once each, right away. Transitions read the latest state, not
 * the last rendered one, so keys typed in one burst each act on what the previous one left.
 */
export function useConsoleState(
	perform: (effect: Effect) => void,
): [ConsoleState, (transition: (state: ConsoleState) => Transition) => void] {
	const [state, setState] = useState(initialConsoleState);
	const latest = useRef(state);
	const performLatest = useRef(perform);
	performLatest.current = perform;
	const apply = useCallback((transition: (state: ConsoleState) => Transition) => {
		const { state: next, effects } = transition(latest.current);
		latest.current = next;
		setState(next);
		for (const effect of effects) performLatest.current(effect);
	}, []);
	return [state, apply];
}

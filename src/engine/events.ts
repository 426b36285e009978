/** Container events: followed as they happen, or one container's past ones. */
import type { ContainerEvent } from '../model/container.js';
import type { Connection } from './calls.js';
import { consumeLines, parseEvent, readText } from './streams.js';

export type EventClient = {
	/**
	 * Follows container events until the signal aborts or the stream breaks. Resolves when the
	 * stream ends (cleanly or not); rejects only if it cannot be opened.
	 */
	stream(
		signal: AbortSignal,
		onEvent: (event: ContainerEvent) => void,
		/** `sinceS`: first the events from then on (seconds since the epoch), then the new ones. */
		options?: { readonly sinceS?: number },
	): Promise<void>;
	/**
	 * Past events of one container between two times (seconds since the epoch). With `networks`, its
	 * network connects and disconnects too: network events, read engine-wide and picked by the container
	 * they name, so only when asked for; `id` is then its full id, as they name it.
	 */
	history(
		id: string,
		sinceS: number,
		untilS: number,
		options?: { readonly networks?: boolean },
	): Promise<ContainerEvent[]>;
};

export function eventClient(conn: Connection): EventClient {
	return {
		async stream(signal, onEvent, options) {
			const since = options?.sinceS === undefined ? {} : { since: options.sinceS };
			const stream = (await conn.call('open the events stream', (abortSignal) =>
				conn.docker.getEvents({ ...since, filters: { type: ['container'] }, abortSignal }),
			)) as NodeJS.ReadableStream & { destroy?: () => void };
			await consumeLines(stream, signal, (line) => {
				const event = parseEvent(line);
				if (event) onEvent(event);
			});
		},

		async history(id, sinceS, untilS, options = {}) {
			const what = `read the event history of ${id}`;
			const read = async (filters: Record<string, string[]>) => {
				const stream = (await conn.call(what, (abortSignal) =>
					conn.docker.getEvents({ since: sinceS, until: untilS, filters, abortSignal }),
				)) as NodeJS.ReadableStream & { destroy?: () => void };
				// The engine ends the stream at `until`; reading it is bounded like a call of its own.
				const text = await conn.call(what, (signal) => readText(stream, signal));
				return text
					.split('\n')
					.map((line) => (line.trim() ? parseEvent(line.trim()) : undefined))
					.filter((e): e is ContainerEvent => e !== undefined);
			};
			const [own, network] = await Promise.all([
				read({ type: ['container'], container: [id] }),
				// A network event names its network; the container is an attribute, filtered here.
				options.networks ? read({ type: ['network'], event: ['connect', 'disconnect'] }) : [],
			]);
			const joined = network
				.filter((e) => e.attributes.container === id)
				.map((e) => ({
					...e,
					id,
					action: `network ${e.action}`,
					name: '',
					attributes: { network: e.attributes.name ?? e.id },
				}));
			return [...own, ...joined];
		},
	};
}

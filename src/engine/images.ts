/** Images on the engine: dockmedic never pulls, it only looks for local ones. */
import { type Connection, callWithOptions } from './calls.js';

export type ImageClient = {
	/** Whether the image is on this engine. */
	exists(reference: string): Promise<boolean>;
	/** The first of the images that is on this engine, or undefined. */
	firstLocal(candidates: readonly string[]): Promise<string | undefined>;
};

export function imageClient(conn: Connection): ImageClient {
	const exists = async (reference: string) => {
		try {
			await conn.call(`inspect image ${reference}`, (abortSignal) =>
				callWithOptions(conn.docker.getImage(reference), 'inspect', { abortSignal }),
			);
			return true;
		} catch (error) {
			if ((error as { statusCode?: number }).statusCode === 404) return false;
			throw error;
		}
	};
	return {
		exists,
		async firstLocal(candidates) {
			for (const image of candidates) if (await exists(image)) return image;
			return undefined;
		},
	};
}

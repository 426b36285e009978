/** Base of every error dockmedic shows to a person: a message plus what to try next. */
export class DockmedicError extends Error {
	/** One line telling the person what to do about it. */
	readonly tryMessage: string | undefined;
	/** Process exit code when this error ends a command (2: usage or connection). */
	readonly exitCode: number;

	constructor(message: string, options: { tryMessage?: string; exitCode?: number; cause?: unknown } = {}) {
		super(message, { cause: options.cause });
		this.name = new.target.name;
		this.tryMessage = options.tryMessage;
		this.exitCode = options.exitCode ?? 2;
	}
}

/** The engine could not be reached at all: no socket, refused, permission, bad host, TLS. */
export class EngineUnavailableError extends DockmedicError {}

/** The engine did not answer within the time allowed for a call. */
export class EngineTimeoutError extends DockmedicError {}

/** A container named by the person (or by an event) does not exist. */
export class ContainerNotFoundError extends DockmedicError {}

/** Endpoint configuration (--host, DOCKER_HOST, contexts) that cannot be used. */
export class EndpointConfigError extends DockmedicError {}

/** Any other answer of the engine that is an error (4xx/5xx). */
export class EngineRequestError extends DockmedicError {
	readonly statusCode: number | undefined;
	constructor(
		message: string,
		statusCode: number | undefined,
		options: { tryMessage?: string; cause?: unknown } = {},
	) {
		super(message, options);
		this.statusCode = statusCode;
	}
}

/** Formats an error for a terminal: the message, then the remedy when there is one. */
export function describeError(error: unknown): string {
	if (error instanceof DockmedicError) {
		return error.tryMessage ? `${error.message}\n${error.tryMessage}` : error.message;
	}
	return error instanceof Error ? error.message : String(error);
}

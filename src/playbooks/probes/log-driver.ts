import type { Probe } from './probe.js';

/** The logging driver, and whether the engine can read the logs back. */
export const logDriver: Probe = async (ctx) => {
	const driver = ctx.subject.hostConfig.logDriver || 'json-file';
	try {
		await ctx.engine.logs.read(ctx.subject.id, { tail: 1, tty: ctx.subject.config.tty });
		return {
			facts: { driver, readable: true },
			evidence: [`logging driver ${driver}; logs can be read back`],
		};
	} catch (error) {
		const message = (error as Error).message.split('\n')[0] ?? '';
		return {
			facts: { driver, readable: false, error: message },
			evidence: [`logging driver ${driver}; reading logs fails: ${message}`],
		};
	}
};

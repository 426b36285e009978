import { type Probe, param } from './probe.js';

/** Whether an environment variable is set in the container's config (secret values arrive masked). */
export const env: Probe = async (ctx) => {
	const name = param(ctx, 'name');
	const entry = ctx.subject.config.env.find((e) => e.startsWith(`${name}=`));
	const value = entry?.slice(name.length + 1) ?? null;
	return {
		facts: { name, present: entry !== undefined, empty: value === '' },
		evidence: [entry === undefined ? `Config.Env has no ${name}` : `Config.Env: ${name}=${value}`],
	};
};

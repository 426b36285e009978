import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import { type ProbeContext, param } from './probe.js';

const params = probeParams({ path: z.string() });
const facts = z.object({
	path: z.string(),
	mounted: z.boolean(),
	type: z.string().optional(),
	source: z.string().optional(),
	destination: z.string().optional(),
	rw: z.boolean().optional(),
	/** For a bind mount, whether its source folder is empty on the host; null when not known. */
	sourceEmpty: z.boolean().nullable().optional(),
	/** Whether the image ships files where the mount is, hidden by it. */
	imageHasFiles: z.boolean().optional(),
	imageFiles: z.array(z.string()).optional(),
});

/** Which mount covers a path, and for a bind mount whether its source folder holds anything. */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const target = param(ctx, 'path');
	const mount = [...ctx.subject.mounts]
		.filter((m) => target === m.destination || target.startsWith(`${m.destination.replace(/\/$/, '')}/`))
		.sort((a, b) => b.destination.length - a.destination.length)[0];
	if (!mount)
		return { facts: { path: target, mounted: false }, evidence: [`${target} is not under any mount`] };
	let sourceEmpty: boolean | null = null;
	if (mount.type === 'bind') {
		// Looked at from a helper on the engine's host, read-only: works for stopped containers too.
		const result = await ctx.engine.helpers.run(
			{ image: ctx.helperImage, binds: [`${mount.source}:/probe:ro`] },
			['busybox', 'ls', '-A', '/probe'],
			ctx.timeoutMs,
		);
		sourceEmpty = result.exitCode === 0 ? result.stdout.trim() === '' : null;
	}
	// What the image itself ships at that path: a mount over it hides those files.
	const shipped = await ctx.engine.helpers
		.run({ image: ctx.subject.image, entrypoint: ['ls'] }, ['-A', mount.destination], ctx.timeoutMs)
		.catch(() => null);
	const imageHasFiles = shipped !== null && shipped.exitCode === 0 && shipped.stdout.trim() !== '';
	return {
		facts: {
			path: target,
			mounted: true,
			type: mount.type,
			source: mount.source,
			destination: mount.destination,
			rw: mount.rw,
			sourceEmpty,
			imageHasFiles,
			imageFiles: imageHasFiles ? (shipped?.stdout.trim().split('\n').slice(0, 5) ?? []) : [],
		},
		evidence: [
			`${target} is under the ${mount.type} mount ${mount.source} -> ${mount.destination} (${mount.rw ? 'rw' : 'ro'})`,
			...(sourceEmpty === true ? [`the mount source ${mount.source} is empty on the host`] : []),
			...(imageHasFiles ? [`the image ships files at ${mount.destination}, hidden by the mount`] : []),
		],
	};
};

export const mountOfPath = defineProbe({ kind: 'mount-of-path', params, facts, run });

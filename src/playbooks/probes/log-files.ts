import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import { type ProbeContext, runInSubject } from './probe.js';

const params = probeParams({});
const facts = z.object({
	checked: z.boolean(),
	found: z.boolean(),
	files: z.array(z.string()).optional(),
	/** The first of them. */
	file: z.string().nullable().optional(),
});

const SCRIPT =
	'for f in $(find /var/log /tmp /app /srv /opt /home /data /logs -type f -name "*.log" -mmin -10 2>/dev/null | head -n 5); do ' +
	'echo "$f|$(tail -n 1 "$f" 2>/dev/null | cut -c1-160)"; done';

/** Log files the app wrote inside the container recently, which `docker logs` cannot show. */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	if (ctx.subject.state !== 'running')
		return { facts: { checked: false, found: false }, evidence: ['not running: files not checked'] };
	const result = await runInSubject(ctx, ['sh', '-c', SCRIPT]);
	const files = result.stdout
		.trim()
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const [file = '', last = ''] = line.split('|');
			return { file, last };
		});
	return {
		facts: {
			checked: true,
			found: files.length > 0,
			files: files.map((f) => f.file),
			file: files[0]?.file ?? null,
		},
		evidence: files.length
			? files.map((f) => `${f.file} was written in the last 10 minutes; last line: ${f.last}`)
			: ['no recently written *.log file inside the container'],
	};
};

export const logFiles = defineProbe({ kind: 'log-files', params, facts, run });

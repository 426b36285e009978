import { z } from 'zod';
import { defineProbe, type ProbeOutput, probeParams } from './define.js';
import { type ProbeContext, param } from './probe.js';

/** Without a path, the entrypoint's (or the command's) first word. */
const params = probeParams({ path: z.string().optional() });
const facts = z.object({
	path: z.string(),
	/** False when the path is not absolute, so nothing was read. */
	checked: z.boolean(),
	exists: z.boolean(),
	crlf: z.boolean(),
	interpreterMissing: z.boolean(),
	foreignArch: z.boolean(),
	notExecutableFormat: z.boolean(),
	elf: z.boolean().optional(),
	arch: z.string().optional(),
	engineArch: z.string().optional(),
	script: z.boolean().optional(),
	interpreter: z.string().optional(),
});

const ELF_MACHINES: Readonly<Record<number, string>> = {
	3: '386',
	8: 'mips',
	20: 'ppc',
	21: 'ppc64',
	22: 's390x',
	40: 'arm',
	62: 'amd64',
	183: 'arm64',
	243: 'riscv64',
};

/**
 * Why the kernel could not execute a file the logs name ("exec /x: no such file or directory",
 * "exec format error"): reads the first bytes of the file from the container's filesystem (works
 * on a stopped container). A script's first line with a carriage return (CRLF), an interpreter
 * the image does not have, an ELF binary for another architecture, or neither script nor binary.
 */
const run = async (ctx: ProbeContext): ProbeOutput<typeof facts> => {
	const path = param(ctx, 'path') || ctx.subject.config.entrypoint[0] || ctx.subject.config.cmd[0] || '';
	const empty = {
		path,
		exists: false,
		crlf: false,
		interpreterMissing: false,
		foreignArch: false,
		notExecutableFormat: false,
	};
	if (!path.startsWith('/'))
		return {
			facts: { ...empty, checked: false },
			evidence: [`${path || 'the entrypoint'} is not an absolute path to read`],
		};
	const file = await ctx.engine.containers.statPath(ctx.subject.id, path, 256);
	if (!file)
		return {
			facts: { ...empty, checked: true },
			evidence: [`${path} does not exist in ${ctx.subject.name}'s filesystem`],
		};
	const head = file.head;
	if (head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') {
		const machine = head.readUInt16LE(18);
		const arch = ELF_MACHINES[machine] ?? `machine ${machine}`;
		const engineArch = normaliseArch(ctx.engine.info.arch);
		const foreign = engineArch !== '' && arch !== engineArch;
		return {
			facts: { ...empty, exists: true, checked: true, elf: true, arch, engineArch, foreignArch: foreign },
			evidence: [
				`${path} is an ELF binary for ${arch}; the engine runs ${engineArch || 'an unknown architecture'}`,
			],
		};
	}
	if (head.toString('latin1', 0, 2) === '#!') {
		const first = head.toString('latin1').split('\n')[0] ?? '';
		const crlf = first.endsWith('\r');
		const interpreter = first.slice(2).replace(/\r$/, '').trim().split(/\s+/)[0] ?? '';
		const present =
			crlf || !interpreter
				? true
				: (await ctx.engine.containers.statPath(ctx.subject.id, interpreter, 0)) !== null;
		return {
			facts: {
				...empty,
				exists: true,
				checked: true,
				script: true,
				interpreter,
				crlf,
				interpreterMissing: !present,
			},
			evidence: [
				crlf
					? `${path} starts with "${first.replace(/\r$/, '\\r')}": its lines end in CRLF, so the kernel looks for an interpreter named "${interpreter}\\r"`
					: present
						? `${path} is a script run by ${interpreter}, which exists`
						: `${path} is a script run by ${interpreter}, which the image does not have`,
			],
		};
	}
	return {
		facts: { ...empty, exists: true, checked: true, notExecutableFormat: true },
		evidence: [`${path} is neither a script with #! nor an ELF binary: the kernel cannot execute it`],
	};
};

function normaliseArch(arch: string): string {
	const a = arch.toLowerCase();
	if (a === 'x86_64' || a === 'amd64') return 'amd64';
	if (a === 'aarch64' || a === 'arm64') return 'arm64';
	if (a.startsWith('arm')) return 'arm';
	return a;
}

export const entrypoint = defineProbe({ kind: 'entrypoint', params, facts, run });

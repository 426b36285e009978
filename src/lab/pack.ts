/**
 * Labs as data: a YAML file says what a lab creates (networks, host folders and their files,
 * containers), its story and hints, the fix as docker commands and how to verify it, so that a
 * teacher adds a lab without TypeScript. Validated like playbooks, with file:line: field errors.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CAUSES, type CauseId } from '../model/causes.js';
import type { ContainerSpec } from '../model/container-spec.js';
import { issuesAt, type PlaybookError, parseYaml, yamlFiles } from '../playbooks/loader.js';
import {
	answersOnHostPort,
	canWrite,
	isHealthy,
	logsShow,
	reaches,
	reachesConfigured,
	runsSteadily,
} from './checks.js';
import type { CheckResult, LabContainer, LabContext, Scenario } from './scenario.js';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const name = z.string().regex(NAME, 'a name of letters, digits, _ . - (as docker allows)');
const causeId = z.string().refine((c) => c in CAUSES, 'not a cause of docs/causes.md');

/** "64m", "1g", "512k" or a number of bytes. */
const SIZE = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i;
const size = z.union([z.number().int().positive(), z.string().regex(SIZE, 'a size such as 64m or 1g')]);
function bytes(value: number | string): number {
	if (typeof value === 'number') return value;
	const [, n, unit] = SIZE.exec(value) ?? [];
	const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(unit ?? '').toLowerCase()] ?? 1;
	return Math.round(Number(n) * factor);
}

const ContainerSchema = z
	.object({
		name,
		/** The lab images only: never pulled. */
		image: z.enum(['busybox', 'node']).default('busybox'),
		/** A list of words, or one shell line (run by sh -c). */
		command: z.union([z.array(z.string()).min(1), z.string().min(1)]).optional(),
		env: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
		user: z.string().optional(),
		network: z.string().optional(),
		ip: z.string().optional(),
		dns: z.array(z.string()).optional(),
		ports: z
			.array(
				z.strictObject({
					host: z.number().int().min(1).max(65535),
					container: z.number().int().min(1).max(65535),
					ip: z.string().optional(),
				}),
			)
			.optional(),
		expose: z.array(z.number().int().min(1).max(65535)).optional(),
		/** A folder of the lab (dirs), mounted at target. */
		binds: z
			.array(
				z.strictObject({ dir: name, target: z.string().startsWith('/'), readOnly: z.boolean().optional() }),
			)
			.optional(),
		tmpfs: z.record(z.string(), z.string()).optional(),
		readOnlyRootfs: z.boolean().optional(),
		restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).optional(),
		memory: size.optional(),
		cpus: z.number().positive().optional(),
		pidsLimit: z.number().int().positive().optional(),
		nofile: z.number().int().positive().optional(),
		health: z
			.strictObject({
				command: z.string(),
				interval: z.number().positive().default(2),
				timeout: z.number().positive().default(2),
				retries: z.number().int().positive().default(2),
			})
			.optional(),
		init: z.boolean().optional(),
		extraHosts: z.array(z.string()).optional(),
		/** Starting it is part of the fault: its failure is expected. */
		startFails: z.boolean().optional(),
		/** Started, then stopped: a dependency that is down. */
		stopAfterStart: z.boolean().optional(),
		/** Created, never started. */
		createOnly: z.boolean().optional(),
	})
	.strict();

const CheckSchema = z.union(
	[
		z.strictObject({
			reaches: z.strictObject({ container: name, host: z.string(), port: z.number().int() }),
		}),
		z.strictObject({ reachesConfigured: z.strictObject({ container: name, variable: z.string() }) }),
		z.strictObject({
			runsSteadily: z.strictObject({ container: name, seconds: z.number().positive().optional() }),
		}),
		z.strictObject({ canWrite: z.strictObject({ container: name, dir: z.string().startsWith('/') }) }),
		z.strictObject({ healthy: name }),
		z.strictObject({ logsShow: z.strictObject({ container: name, pattern: z.string() }) }),
		z.strictObject({ answersOnHostPort: z.number().int().min(1).max(65535) }),
	],
	{
		error:
			'a check: one of reaches, reachesConfigured, runsSteadily, canWrite, healthy, logsShow, answersOnHostPort, with its fields',
	},
);

export const LabPackSchema = z
	.strictObject({
		id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -'),
		title: z.string().min(1),
		difficulty: z.enum(['easy', 'medium', 'hard']),
		cause: causeId,
		story: z.string().min(1),
		hints: z.array(z.string()).min(1),
		target: name,
		networks: z.array(z.union([name, z.strictObject({ name, subnet: z.string() })])).optional(),
		dirs: z
			.array(
				z.strictObject({
					name,
					uid: z.number().int().min(0).default(0),
					gid: z.number().int().min(0).default(0),
					/** Octal, as chmod takes it: "0755" or 755. */
					mode: z.union([z.string().regex(/^0?[0-7]{3,4}$/), z.number().int()]).default('0755'),
					files: z.record(z.string().regex(/^[^/]+$/, 'a file name, no folders'), z.string()).optional(),
				}),
			)
			.optional(),
		containers: z.array(ContainerSchema).min(1),
		/** Docker commands; ${dir:NAME} is the host path of the lab's folder NAME. */
		fix: z.array(z.string()).min(1),
		/** All must hold for the lab to count as fixed. */
		verify: z.array(CheckSchema).min(1),
	})
	.superRefine((lab, ctx) => {
		const containers = new Set(lab.containers.map((c) => c.name));
		const dirs = new Set((lab.dirs ?? []).map((d) => d.name));
		const networks = new Set([
			...(lab.networks ?? []).map((n) => (typeof n === 'string' ? n : n.name)),
			'host',
			'none',
			'bridge',
		]);
		if (!containers.has(lab.target))
			ctx.addIssue({
				code: 'custom',
				path: ['target'],
				message: `no container named ${lab.target} in containers`,
			});
		for (const [i, c] of lab.containers.entries()) {
			if (c.network && !networks.has(c.network))
				ctx.addIssue({
					code: 'custom',
					path: ['containers', i, 'network'],
					message: `network ${c.network} is not in networks`,
				});
			for (const [j, b] of (c.binds ?? []).entries())
				if (!dirs.has(b.dir))
					ctx.addIssue({
						code: 'custom',
						path: ['containers', i, 'binds', j, 'dir'],
						message: `no folder named ${b.dir} in dirs`,
					});
		}
		for (const [i, check] of lab.verify.entries()) {
			const subject = Object.values(check)[0];
			const container = typeof subject === 'string' ? subject : (subject as { container?: string }).container;
			if (container !== undefined && !containers.has(container))
				ctx.addIssue({ code: 'custom', path: ['verify', i], message: `no container named ${container}` });
		}
	});

export type LabPack = z.infer<typeof LabPackSchema>;

/** Fills ${dir:NAME} with the host path of the lab's folder. */
function withDirs(text: string, ctx: LabContext): string {
	return text.replace(/\$\{dir:([^}]+)\}/g, (_, dir: string) => ctx.dir(dir));
}

function containerSpec(c: LabPack['containers'][number], ctx: LabContext): LabContainer {
	const spec: ContainerSpec = {
		name: c.name,
		image: c.image === 'node' ? ctx.nodeImage : ctx.image,
		labels: ctx.labels,
		...(c.command
			? { command: typeof c.command === 'string' ? ['sh', '-c', withDirs(c.command, ctx)] : c.command }
			: {}),
		...(c.env ? { env: Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, String(v)])) } : {}),
		...(c.user ? { user: c.user } : {}),
		...(c.network ? { network: c.network } : {}),
		...(c.ip ? { ip: c.ip } : {}),
		...(c.dns ? { dns: c.dns } : {}),
		...(c.ports
			? {
					ports: c.ports.map((p) => ({
						hostPort: p.host,
						containerPort: p.container,
						...(p.ip ? { hostIp: p.ip } : {}),
					})),
				}
			: {}),
		...(c.expose ? { expose: c.expose } : {}),
		...(c.binds
			? {
					binds: c.binds.map((b) => ({
						source: ctx.dir(b.dir),
						target: b.target,
						...(b.readOnly ? { readOnly: true } : {}),
					})),
				}
			: {}),
		...(c.tmpfs ? { tmpfs: c.tmpfs } : {}),
		...(c.readOnlyRootfs ? { readOnlyRootfs: true } : {}),
		...(c.restart ? { restart: c.restart } : {}),
		...(c.memory !== undefined ? { memoryBytes: bytes(c.memory) } : {}),
		...(c.cpus ? { nanoCpus: Math.round(c.cpus * 1e9) } : {}),
		...(c.pidsLimit ? { pidsLimit: c.pidsLimit } : {}),
		...(c.nofile ? { nofile: c.nofile } : {}),
		...(c.health
			? {
					health: {
						command: c.health.command,
						intervalS: c.health.interval,
						timeoutS: c.health.timeout,
						retries: c.health.retries,
					},
				}
			: {}),
		...(c.init ? { init: true } : {}),
		...(c.extraHosts ? { extraHosts: c.extraHosts } : {}),
	};
	return {
		...spec,
		...(c.startFails ? { startFails: true } : {}),
		...(c.stopAfterStart ? { stopAfterStart: true } : {}),
		...(c.createOnly ? { createOnly: true } : {}),
	};
}

function runCheck(check: LabPack['verify'][number], ctx: LabContext): Promise<CheckResult> {
	if ('reaches' in check)
		return reaches(ctx, check.reaches.container, check.reaches.host, check.reaches.port);
	if ('reachesConfigured' in check)
		return reachesConfigured(ctx, check.reachesConfigured.container, check.reachesConfigured.variable);
	if ('runsSteadily' in check)
		return runsSteadily(ctx, check.runsSteadily.container, check.runsSteadily.seconds);
	if ('canWrite' in check) return canWrite(ctx, check.canWrite.container, check.canWrite.dir);
	if ('healthy' in check) return isHealthy(ctx, check.healthy);
	if ('logsShow' in check) return logsShow(ctx, check.logsShow.container, new RegExp(check.logsShow.pattern));
	return answersOnHostPort(check.answersOnHostPort);
}

/** The lab a pack describes, as the lab runner takes it. */
export function scenarioOfPack(lab: LabPack): Scenario {
	const octal = (mode: string | number) =>
		typeof mode === 'number' ? Number.parseInt(String(mode), 8) : Number.parseInt(mode, 8);
	return {
		id: lab.id,
		title: lab.title,
		difficulty: lab.difficulty,
		cause: lab.cause as CauseId,
		story: lab.story,
		hints: lab.hints,
		target: lab.target,
		...(lab.containers.some((c) => c.image === 'node') ? { runtime: 'node' as const } : {}),
		...(lab.networks ? { networks: lab.networks } : {}),
		...(lab.dirs
			? {
					dirs: lab.dirs.map((d) => ({
						name: d.name,
						uid: d.uid,
						gid: d.gid,
						mode: octal(d.mode),
						...(d.files ? { files: d.files } : {}),
					})),
				}
			: {}),
		containers: (ctx) => lab.containers.map((c) => containerSpec(c, ctx)),
		fix: (ctx) => lab.fix.map((line) => withDirs(line, ctx)),
		check: async (ctx) => {
			const seen: string[] = [];
			for (const check of lab.verify) {
				const result = await runCheck(check, ctx);
				if (!result.fixed) return result;
				seen.push(result.observed);
			}
			return { fixed: true, observed: seen.join('; ') };
		},
	};
}

/** Parses and validates one lab file. Never throws: problems come back as located errors. */
export function parseLabPack(text: string, file: string): { scenario?: Scenario; errors: PlaybookError[] } {
	const { yaml, errors } = parseYaml(text, file);
	if (!yaml) return { errors };
	const parsed = LabPackSchema.safeParse(yaml.data);
	if (!parsed.success) return { errors: issuesAt(file, yaml, parsed.error.issues) };
	return { scenario: scenarioOfPack(parsed.data), errors: [] };
}

/**
 * The labs of the folders' *.yaml files. A lab whose id is taken (by a built-in, or an earlier
 * file) is refused with an error, so that a student's `lab start ID` is never ambiguous.
 */
export function loadLabPacks(
	dirs: readonly string[],
	taken: ReadonlySet<string>,
): { scenarios: Scenario[]; errors: PlaybookError[] } {
	const scenarios: Scenario[] = [];
	const errors: PlaybookError[] = [];
	const ids = new Set(taken);
	for (const file of dirs.flatMap(yamlFiles)) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			errors.push({ file, line: null, field: '', message: (error as Error).message });
			continue;
		}
		const result = parseLabPack(text, file);
		errors.push(...result.errors);
		if (!result.scenario) continue;
		if (ids.has(result.scenario.id)) {
			errors.push({ file, line: 1, field: 'id', message: `lab id ${result.scenario.id} is taken` });
			continue;
		}
		ids.add(result.scenario.id);
		scenarios.push(result.scenario);
	}
	return { scenarios, errors };
}

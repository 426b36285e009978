import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Engine, parseHost } from '../../src/engine/index.js';

const run = promisify(execFile);

/** Every resource a test creates carries this label; cleanup removes by it and by nothing else. */
export const TEST_LABEL = 'dockmedic.test';
export const BASE_IMAGE = process.env.DOCKMEDIC_BASE_IMAGE ?? 'dockmedic/busybox:local';

/** Runs the docker CLI (the oracle) and returns its stdout. */
export async function docker(...args: string[]): Promise<string> {
	const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
	return stdout;
}

/** Like docker(), but resolves with the exit code instead of throwing. */
export async function dockerStatus(
	...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run('docker', args);
		return { code: 0, stdout, stderr };
	} catch (error) {
		const e = error as { code?: number; stdout?: string; stderr?: string };
		return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
	}
}

/** A name unique to this run, so parallel test files never collide. */
export function uniqueName(prefix: string): string {
	return `dmt-${prefix}-${randomBytes(3).toString('hex')}`;
}

/** `docker run -d` with the test label; returns the container id. */
export async function runContainer(
	name: string,
	args: string[],
	command: string[] = ['sleep', '3600'],
): Promise<string> {
	const out = await docker(
		'run',
		'-d',
		'--label',
		`${TEST_LABEL}=1`,
		'--name',
		name,
		...args,
		BASE_IMAGE,
		...command,
	);
	return out.trim();
}

/** Removes every container, network and volume carrying the test label (or a narrower label value). */
export async function removeLabelled(label = `${TEST_LABEL}`): Promise<void> {
	const ids = (await docker('ps', '-aq', '--filter', `label=${label}`)).split('\n').filter(Boolean);
	if (ids.length) await dockerStatus('rm', '-f', '-v', ...ids);
	const nets = (await docker('network', 'ls', '-q', '--filter', `label=${label}`))
		.split('\n')
		.filter(Boolean);
	if (nets.length) await dockerStatus('network', 'rm', ...nets);
	const vols = (await docker('volume', 'ls', '-q', '--filter', `label=${label}`)).split('\n').filter(Boolean);
	if (vols.length) await dockerStatus('volume', 'rm', '-f', ...vols);
}

/** Polls until check() returns a truthy value or the time is up (then throws with the last error). */
export async function waitFor<T>(
	check: () => Promise<T> | T,
	timeoutMs = 10_000,
	intervalMs = 50,
): Promise<Exclude<T, undefined | null | false>> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value) return value as Exclude<T, undefined | null | false>;
		} catch (error) {
			lastError = error;
		}
		await new Promise((r) => setTimeout(r, intervalMs));
	}
	throw new Error(
		`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`,
	);
}

export type InspectState = {
	Status: string;
	ExitCode: number;
	OOMKilled: boolean;
	Health?: { Status: string };
};

export async function inspectState(
	name: string,
): Promise<{ State: InspectState; RestartCount: number; Id: string }> {
	const [info] = JSON.parse(await docker('inspect', name)) as {
		State: InspectState;
		RestartCount: number;
		Id: string;
	}[];
	if (!info) throw new Error(`no such container ${name}`);
	return info;
}

/** The gateway to this machine's engine, for tests that use dockmedic's modules in-process. */
export async function testEngine(): Promise<Engine> {
	return Engine.connect(testEndpoint());
}

export function testEndpoint() {
	return parseHost('unix:///var/run/docker.sock', 'test', {
		flags: {},
		env: {},
		homeDir: '/',
		readFile: () => undefined,
	});
}

/** An engine timestamp that sorts as text: the engine trims the fraction's trailing zeros, this puts nine digits back. */
export function stampKey(time: string): string {
	return time.replace(
		/(?:\.(\d+))?Z$/,
		(_all, fraction: string | undefined) => `.${(fraction ?? '').padEnd(9, '0')}Z`,
	);
}

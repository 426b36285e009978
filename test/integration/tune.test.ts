import {
	chmodSync,
	lstatSync,
	mkdtempSync,
	readFileSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import { composeOf } from '../helpers/compose.js';
import {
	BASE_IMAGE,
	docker,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	uniqueName,
} from '../helpers/docker.js';

const GROUP = uniqueName('tune');
const label = `${TEST_LABEL}.group=${GROUP}`;
const busy = `${GROUP}-busy`;
const leaky = `${GROUP}-leaky`;
const PROJECT = GROUP.replace(/-/g, '');
const dir = mkdtempSync(path.join(os.tmpdir(), 'dm-tune-'));
const composeFile = path.join(dir, 'docker-compose.yml');
const realFile = path.join(dir, 'compose.production.yml');
const env = { XDG_STATE_HOME: mkdtempSync(path.join(os.tmpdir(), 'dm-tune-state-')) };

type TuneJson = {
	cpu: { current: number | null; recommended: number | null; reason: string };
	memory: { recommended: number | null; reason: string; leak: { slopeBytesPerHour: number } | null };
	throttle: { periodsRatio: number; throttled: boolean } | null;
	update: Record<string, number | string> | null;
	command: string | null;
	compose: { file: string | null; lines: string[]; up: string } | null;
	applied: { how: string; changed?: string[] } | null;
	after: { throttle: { periodsRatio: number } | null } | null;
};

/** nr_throttled of the container's CPU cgroup (v1 or v2), read inside it: the kernel's own count. */
async function throttledPeriods(name: string): Promise<number> {
	const text = await docker(
		'exec',
		name,
		'sh',
		'-c',
		'cat /sys/fs/cgroup/cpu/cpu.stat 2>/dev/null || cat /sys/fs/cgroup/cpu.stat',
	);
	return Number(/nr_throttled (\d+)/.exec(text)?.[1]);
}
const throttledOver = async (name: string, ms: number) => {
	const before = await throttledPeriods(name);
	await new Promise((r) => setTimeout(r, ms));
	return (await throttledPeriods(name)) - before;
};

const compose = composeOf(PROJECT, composeFile);

beforeAll(async () => {
	await runContainer(busy, ['--label', label, '--cpus', '0.1'], ['sh', '-c', 'while :; do :; done']);
	// Grows by 256 KiB every half second in a tmpfs, which the memory cgroup counts: a leak (for eight minutes).
	await runContainer(
		leaky,
		['--label', label, '--tmpfs', '/leak:size=256m'],
		[
			'sh',
			'-c',
			'i=0; while :; do dd if=/dev/zero of=/leak/$i bs=64k count=4 2>/dev/null; i=$((i+1)); sleep 0.5; done',
		],
	);
	// The Compose file is a link to the real one, as in a repository that keeps one per environment.
	symlinkSync(realFile, composeFile);
	writeFileSync(
		realFile,
		`version: "2.4"
services:
  # the worker that does the crunching
  cruncher:
    image: ${BASE_IMAGE}
    labels: { "${TEST_LABEL}": "1", "${TEST_LABEL}.group": "${GROUP}" }
    command: ["sh", "-c", "while :; do :; done"]
    cpus: 0.1 # set low on purpose
networks:
  default:
    labels: { "${TEST_LABEL}": "1", "${TEST_LABEL}.group": "${GROUP}" }
`,
	);
	await compose('up', '-d');
}, 120_000);

afterAll(() => removeLabelled(label), 60_000);

describe('dockmedic tune', () => {
	it('raises the CPU limit of a throttled container, and applying it ends the throttling (the cgroup agrees)', async () => {
		const throttledBefore = await throttledOver(busy, 3000);
		// 0.1 CPU of a busy loop: throttled in most of the 30 periods of 3 s.
		expect(throttledBefore).toBeGreaterThan(15);
		const advice = await dockmedic(['tune', busy, '--for', '4s', '--format', 'json'], env);
		expect(advice.code).toBe(1);
		const before = JSON.parse(advice.stdout) as TuneJson;
		expect(before.throttle?.throttled).toBe(true);
		expect(before.cpu.current).toBeCloseTo(0.1);
		expect(before.cpu.recommended).toBeGreaterThanOrEqual(1);
		expect(before.cpu.reason).toContain('capped by the limit');
		expect(before.command).toMatch(new RegExp(`^docker update --cpus [\\d.]+ .*${busy}$`));

		const applied = await dockmedic(
			['tune', busy, '--for', '4s', '--apply', '--yes', '--format', 'json'],
			env,
		);
		expect(applied.code).toBe(0);
		const result = JSON.parse(applied.stdout) as TuneJson;
		expect(result.applied?.how).toBe('docker update');
		// The engine holds the recommended limit (the docker CLI as the oracle).
		const nanoCpus = Number((await docker('inspect', '-f', '{{.HostConfig.NanoCpus}}', busy)).trim());
		expect(nanoCpus).toBe(Math.round((result.cpu.recommended ?? 0) * 1e9));
		expect(result.after?.throttle?.periodsRatio ?? 1).toBeLessThan(0.1);
		expect(await throttledOver(busy, 3000)).toBeLessThan(throttledBefore / 4);
		// docker stats sees it use a whole core now, not a tenth.
		const cpu = Number.parseFloat(await docker('stats', '--no-stream', '--format', '{{.CPUPerc}}', busy));
		expect(cpu).toBeGreaterThan(50);
		// A whole core of a two-core machine is taken from the other tests no longer than needed.
		await docker('rm', '-f', busy);
	}, 60_000);

	it('names a steady memory rise as a leak', async () => {
		const advice = await dockmedic(['tune', leaky, '--for', '12s', '--format', 'json'], env);
		const result = JSON.parse(advice.stdout) as TuneJson;
		expect(result.memory.leak?.slopeBytesPerHour ?? 0).toBeGreaterThan(100 * 1024 * 1024);
		expect(result.memory.reason).toMatch(/Memory rose steadily \(\+[\d.]+\w+\/h\): a leak\?/);
		const text = await dockmedic(['tune', leaky, '--for', '8s'], env);
		expect(text.stdout).toContain('a leak?');
		await docker('rm', '-f', leaky);
	}, 60_000);

	it("writes a Compose service's tuning into its file, comments kept, and leaves the container to Compose", async () => {
		const container = (
			await docker('ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`)
		).trim();
		// Its mode and its symlink are kept: the file is replaced whole, not re-created as dockmedic's.
		chmodSync(realFile, 0o640);
		const advice = await dockmedic(
			['tune', container, '--for', '4s', '--apply', '--yes', '--format', 'json'],
			env,
		);
		expect(advice.stderr).toBe('');
		expect(lstatSync(composeFile).isSymbolicLink()).toBe(true);
		expect(statSync(realFile).mode & 0o777).toBe(0o640);
		const result = JSON.parse(advice.stdout) as TuneJson;
		expect(result.command).toBeNull();
		expect(result.compose?.file).toBe(composeFile);
		expect(result.compose?.up).toMatch(/compose -p \S+ -f \S+docker-compose\.yml up -d cruncher$/);
		expect(result.applied).toMatchObject({ how: 'compose file' });
		const edited = readFileSync(realFile, 'utf8');
		expect(edited).toContain('# the worker that does the crunching');
		const cpus = Number(/^ {4}cpus: "?([\d.]+)"?/m.exec(edited)?.[1]);
		expect(cpus).toBeGreaterThanOrEqual(1);
		expect(edited.match(/^ {4}cpus:/gm)).toHaveLength(1);
		// Not changed behind Compose's back: the container keeps its limit until Compose recreates it.
		expect((await docker('inspect', '-f', '{{.HostConfig.NanoCpus}}', container)).trim()).toBe('100000000');
		// The file is valid Compose, and its limit is what Compose now gives the service.
		await compose('up', '-d');
		const recreated = (
			await docker('ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`)
		).trim();
		expect(Number((await docker('inspect', '-f', '{{.HostConfig.NanoCpus}}', recreated)).trim())).toBe(
			Math.round(cpus * 1e9),
		);
		// Its busy loop now has a whole core: gone before it slows the other tests.
		await docker('rm', '-f', recreated);
	}, 90_000);

	it('refuses --apply with --read-only, and a container that does not run', async () => {
		const readOnly = await dockmedic(['--read-only', 'tune', busy, '--apply'], env);
		expect(readOnly.code).toBe(2);
		expect(readOnly.stderr).toContain('--read-only changes nothing: --apply is refused.');
		const stopped = uniqueName('stopped');
		await docker('create', '--label', label, '--name', stopped, BASE_IMAGE, 'true');
		const notRunning = await dockmedic(['tune', stopped], env);
		expect(notRunning.code).toBe(2);
		expect(notRunning.stderr).toContain(`${stopped} is created: tuning measures a running container.`);
		// No terminal to ask on: --apply without --yes changes nothing.
		const idle = `${GROUP}-idle`;
		await runContainer(idle, ['--label', label]);
		const unasked = await dockmedic(['tune', idle, '--for', '2s', '--apply'], env);
		expect(unasked.code).toBe(2);
		expect(unasked.stderr).toContain('add --yes');
		// Nothing changed: it still has no restart policy.
		expect((await docker('inspect', '-f', '{{.HostConfig.RestartPolicy.Name}}', idle)).trim()).toBe('no');
	}, 60_000);
});

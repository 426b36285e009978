/** Tuning advice as lines of text, for `dockmedic tune` and the console's tuning view. Pure. */
import { formatBytes } from './format.js';
import { type Advice, cpusArg, memoryArg, type Tuning } from './tuning.js';

export const cpus = (n: number | null) => (n === null ? 'none' : `${Math.round(n * 100) / 100} CPU`);
export const bytes = (n: number | null) => (n === null ? 'none' : formatBytes(n));
const tasks = (n: number | null) => (n === null ? 'none' : String(n));

function row(name: string, advice: Advice, unit: (n: number | null) => string): string {
	const use = advice.peak === null ? 'no samples' : `peak ${unit(advice.peak)}, p95 ${unit(advice.p95)}`;
	const to = advice.recommended === null ? 'keep' : `→ ${unit(advice.recommended)}`;
	return `  ${name.padEnd(8)} limit ${unit(advice.current).padEnd(10)} ${use.padEnd(34)} ${to}\n           ${advice.reason}`;
}

/** The advice, one limit a row with its reason under it, then how to apply it (docker update, or the Compose keys). */
export function tuningLines(
	name: string,
	t: Tuning,
	command: string | null,
	composeLines: readonly string[],
	compose: { readonly file: string | null; readonly up: string } | null,
	/** How the reader applies it here: a key in the console, a flag on the command line. */
	applyHint = 'or dockmedic tune --apply',
): string[] {
	const lines = [`${name} over ${Math.round(t.windowSeconds)} s (${t.sampleCount} readings):`];
	lines.push(row('CPU', t.cpu, cpus));
	if (t.throttle)
		lines.push(
			`           throttled in ${Math.round(t.throttle.periodsRatio * 100)}% of periods (${t.throttle.throttledPeriods} periods, ${t.throttle.throttledSeconds.toFixed(1)} s lost)`,
		);
	lines.push(row('Memory', t.memory, bytes));
	lines.push(row('PIDs', t.pids, tasks));
	lines.push(
		`  Restart  ${t.restartPolicy.current || 'no'}${t.restartPolicy.recommended ? ` → ${t.restartPolicy.recommended}` : ''}\n           ${t.restartPolicy.reason}`,
	);
	for (const w of t.warnings) lines.push(`  note: ${w}`);
	if (!t.update) lines.push('', 'Nothing to change.');
	else if (compose) {
		lines.push(
			'',
			`A Compose service: \`docker update\` would be undone by the next \`up\`. In ${compose.file ?? 'its Compose file'}:`,
			...composeLines.map((l) => `  ${l}`),
			`then: ${compose.up}   (dockmedic tune --apply writes the file)`,
		);
	} else if (command) lines.push('', `To apply: ${command}   (${applyHint})`);
	return lines;
}

/**
 * The YAML that applies the advice, as lines to paste into the Compose file: `services:`, the service,
 * and under it the keys (`cpus: "1.25"`, `mem_limit: 96m`, `memswap_limit: 96m`, `pids_limit: 256`,
 * `restart: unless-stopped`). No lines when nothing should change.
 */
export function composeTuningLines(service: string, tuning: Tuning): string[] {
	const update = tuning.update;
	if (!update) return [];
	const keys: string[] = [];
	if (update.cpuQuota !== undefined) keys.push(`cpu_quota: ${update.cpuQuota}`);
	else if (update.nanoCpus !== undefined) keys.push(`cpus: "${cpusArg(update.nanoCpus / 1e9)}"`);
	if (update.memoryBytes !== undefined) keys.push(`mem_limit: ${memoryArg(update.memoryBytes)}`);
	if (update.memorySwapBytes !== undefined) keys.push(`memswap_limit: ${memoryArg(update.memorySwapBytes)}`);
	if (update.pidsLimit !== undefined) keys.push(`pids_limit: ${update.pidsLimit}`);
	if (update.restartPolicy !== undefined) keys.push(`restart: ${update.restartPolicy}`);
	const name = /^[\w.-]+$/.test(service) ? service : JSON.stringify(service);
	return ['services:', `  ${name}:`, ...keys.map((key) => `    ${key}`)];
}

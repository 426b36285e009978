// Labs: time to start every scenario and to reset them all (one run each; labs are created once); with
// all of them running, `diagnose --all` over them topped up with idle containers to the fleet size.
import { spawnSync } from 'node:child_process';
import { BIN, docker, ensureIdleContainers, median, removeBenchResources, SIZES, sleep } from '../lib.mjs';

/** Crash loops and health checks need a few seconds to show before triage can see them. */
const FAULTS_FORM_MS = SIZES.settleMs ? 10_000 : 2000;

function dockmedic(...args) {
	const started = process.hrtime.bigint();
	const result = spawnSync(process.execPath, [BIN, ...args], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, ...result };
}

export function labIds() {
	return JSON.parse(dockmedic('lab', 'list', '--format', 'json').stdout);
}

export async function labs() {
	const list = labIds().slice(0, SIZES.labs);
	removeBenchResources();
	dockmedic('lab', 'reset');
	let startTotal = 0;
	for (const lab of list) {
		const r = dockmedic('lab', 'start', lab.id);
		if (r.status !== 0) throw new Error(`lab start ${lab.id}: ${r.stderr}`);
		startTotal += r.ms;
	}

	// diagnose --all over exactly the fleet size: the labs' containers plus idle ones.
	const labContainers = docker('ps', '-aq', '--filter', 'label=dockmedic.lab')
		.split('\n')
		.filter(Boolean).length;
	const total = Math.max(SIZES.fleet, labContainers);
	// Only lab and bench containers take part; others on the engine would change what is measured.
	const labels = docker('ps', '-a', '--format', '{{.Label "dockmedic.lab"}}{{.Label "dockmedic.bench"}}');
	const others = labels.split('\n').filter((line, i, all) => i < all.length - 1 && !line.trim()).length;
	if (others) console.error(`bench: note: ${others} other containers on the engine are diagnosed too`);
	ensureIdleContainers('dmbench-diag', total - labContainers);
	await sleep(FAULTS_FORM_MS);
	const all = [];
	let report;
	for (let i = 0; i < Math.min(SIZES.runs, 3); i++) {
		const r = dockmedic('diagnose', '--all', '--format', 'json');
		all.push(r.ms);
		report = r.stdout;
	}
	const findings = countFindings(report);
	spawnSync('docker', [
		'rm',
		'-f',
		...docker('ps', '-aq', '--filter', 'name=dmbench-diag').split('\n').filter(Boolean),
	]);

	const reset = dockmedic('lab', 'reset');
	return [
		{ scenario: 'labs', metric: `start ${list.length} scenarios (sum)`, dockmedic: startTotal, unit: 'ms' },
		{ scenario: 'labs', metric: `reset ${list.length} scenarios`, dockmedic: reset.ms, unit: 'ms' },
		{
			scenario: `diagnose --all, ${total} containers`,
			metric: `median of ${all.length} (${findings} findings)`,
			dockmedic: median(all),
			unit: 'ms',
		},
	];
}

function countFindings(json) {
	try {
		const parsed = JSON.parse(json);
		const reports = Array.isArray(parsed) ? parsed : (parsed.reports ?? parsed.diagnoses ?? []);
		return reports.filter((r) => r.status === 'finding').length;
	} catch {
		return 'no';
	}
}

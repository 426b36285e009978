// Diagnosis: `diagnose` for every lab scenario (median of 5 each, after the fault has formed),
// and whether it named the injected cause.
import { spawnSync } from 'node:child_process';
import { BIN, median, SIZES, sleep } from '../lib.mjs';
import { labIds } from './labs.mjs';

function diagnose(container) {
	const started = process.hrtime.bigint();
	const r = spawnSync(process.execPath, [BIN, 'diagnose', container, '--format', 'json'], {
		encoding: 'utf8',
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	return { ms, report: JSON.parse(r.stdout || 'null') };
}

export async function diagnosis() {
	const results = [];
	const table = [];
	for (const lab of labIds().slice(0, SIZES.labs)) {
		spawnSync(process.execPath, [BIN, 'lab', 'reset', lab.id]);
		spawnSync(process.execPath, [BIN, 'lab', 'start', lab.id]);
		const deadline = Date.now() + 20_000;
		let found = diagnose(lab.target);
		while (found.report?.status !== 'finding' && Date.now() < deadline) {
			await sleep(300);
			found = diagnose(lab.target);
		}
		const times = [];
		for (let i = 0; i < SIZES.runs; i++) times.push(diagnose(lab.target).ms);
		spawnSync(process.execPath, [BIN, 'lab', 'reset', lab.id]);
		const got = found.report?.cause?.id ?? found.report?.status;
		table.push({ lab: lab.id, injected: lab.cause, found: got, medianMs: median(times) });
		results.push({
			scenario: `diagnose ${lab.id}`,
			metric: `${got === lab.cause ? 'right' : `WRONG (${got})`} cause, median`,
			dockmedic: median(times),
			unit: 'ms',
		});
	}
	console.error(JSON.stringify(table));
	return results;
}

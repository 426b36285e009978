// Labs: time to start every scenario, and to reset them all (one run each; labs are created once).
import { spawnSync } from 'node:child_process';
import { BIN } from '../lib.mjs';

function dockmedic(...args) {
	const started = process.hrtime.bigint();
	const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, ...result };
}

export function labIds() {
	return JSON.parse(dockmedic('lab', 'list', '--format', 'json').stdout);
}

export async function labs() {
	const list = labIds();
	dockmedic('lab', 'reset');
	let startTotal = 0;
	for (const lab of list) {
		const r = dockmedic('lab', 'start', lab.id);
		if (r.status !== 0) throw new Error(`lab start ${lab.id}: ${r.stderr}`);
		startTotal += r.ms;
	}
	const reset = dockmedic('lab', 'reset');
	return [
		{
			scenario: 'labs',
			metric: `start all ${list.length} scenarios (sum)`,
			dockmedic: startTotal,
			unit: 'ms',
		},
		{ scenario: 'labs', metric: `reset all ${list.length} scenarios`, dockmedic: reset.ms, unit: 'ms' },
	];
}

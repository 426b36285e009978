// `npm run bench`: every scenario on the real engine, each figure a median over repeated runs,
// beside the docker CLI doing the same job in the same run, with the ratio. Writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { QUICK, ROOT, removeBenchResources } from './lib.mjs';
import { diagnosis } from './scenarios/diagnosis.mjs';
import { frames } from './scenarios/frames.mjs';
import { hosts } from './scenarios/hosts.mjs';
import { labs } from './scenarios/labs.mjs';
import { load } from './scenarios/load.mjs';
import { logReading, logs } from './scenarios/logs.mjs';
import { machineRest, restLong } from './scenarios/machine.mjs';
import { rest, watchRest } from './scenarios/rest.mjs';
import { scale } from './scenarios/scale.mjs';
import { startup } from './scenarios/startup.mjs';

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
// In this order the fleet of idle containers made for start-up serves the later scenarios too, and has
// settled (past its first minute) by the time the at-rest scenario watches it.
const scenarios = {
	startup,
	hosts,
	logs,
	logReading,
	rest,
	watchRest,
	machineRest,
	restLong,
	scale,
	labs,
	diagnosis,
	frames,
	load,
};
const results = [];
const started = Date.now();
try {
	removeBenchResources();
	for (const [name, run] of Object.entries(scenarios)) {
		if (only.length && !only.includes(name)) continue;
		process.stderr.write(`bench: ${name}… (${Math.round((Date.now() - started) / 1000)} s)\n`);
		results.push(...(await run()));
	}
} finally {
	removeBenchResources();
}

const rows = results.map((r) => [
	r.scenario,
	r.metric,
	fmt(r.dockmedic),
	r.docker === undefined ? '-' : fmt(r.docker),
	r.docker ? `${(r.dockmedic / r.docker).toFixed(2)}x` : '-',
	r.unit,
]);
const header = ['scenario', 'metric', 'dockmedic', 'docker CLI', 'ratio', 'unit'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
for (const line of [header, ...rows]) console.log(line.map((c, i) => String(c).padEnd(widths[i])).join('  '));
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(
	path.join(ROOT, QUICK ? 'bench/results/quick.json' : 'bench/results/latest.json'),
	`${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`,
);

console.log(
	`(${QUICK ? 'quick run, toy sizes: ' : ''}${Math.round((Date.now() - started) / 1000)} s in all)`,
);

function fmt(value) {
	return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

// The load probe's own cost: requests/s of `dockmedic load` (with its stats readings and progress)
// beside autocannon alone with the same options against the same busybox httpd, runs alternated.
import { execFileSync } from 'node:child_process';
import { BIN, docker, median, runBenchContainer, SIZES } from '../lib.mjs';

const REQUESTS = SIZES.runs > 1 ? 3000 : 500;
const CONNECTIONS = 10;

export async function load() {
	const name = 'dmbench-load-httpd';
	runBenchContainer(
		name,
		'-p',
		'127.0.0.1::8080',
		process.env.DOCKMEDIC_BASE_IMAGE ?? 'dockmedic/busybox:local',
		'sh',
		'-c',
		'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www',
	);
	const port = docker('port', name, '8080/tcp').trim().split(':').pop();
	const url = `http://127.0.0.1:${port}/`;
	await new Promise((r) => setTimeout(r, 500));
	const alone = [];
	const ours = [];
	const runs = Math.max(SIZES.runs, 1);
	for (let i = 0; i < runs; i++) {
		// Alternated, each first in turn: a run warms the server for the next.
		if (i % 2) {
			alone.push(autocannonAlone(url));
			ours.push(throughDockmedic(name));
		} else {
			ours.push(throughDockmedic(name));
			alone.push(autocannonAlone(url));
		}
	}
	return [
		{
			scenario: `load probe, ${REQUESTS} requests over ${CONNECTIONS} connections, busybox httpd`,
			metric: `requests/s through dockmedic load against autocannon alone (median of ${runs}; docker CLI column: autocannon)`,
			dockmedic: median(ours),
			docker: median(alone),
			unit: 'req/s',
			runs: { dockmedic: ours, autocannon: alone },
		},
	];
}

function autocannonAlone(url) {
	const script = `import autocannon from 'autocannon';
const started = Date.now(); let last = started; let n = 0;
const i = autocannon({ url: ${JSON.stringify(url)}, connections: ${CONNECTIONS}, amount: ${REQUESTS}, sampleInt: 100 }, () => {
	console.log(Math.round(n / ((last - started) / 1000)));
});
i.on('response', () => { n++; last = Date.now(); });`;
	return Number(
		execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim(),
	);
}

function throughDockmedic(name) {
	const out = execFileSync(
		process.execPath,
		[BIN, 'load', name, '-n', String(REQUESTS), '-C', String(CONNECTIONS), '--format', 'json'],
		{ encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: '/tmp/dmbench-load-state' } },
	);
	return JSON.parse(out).requestsPerSecond;
}

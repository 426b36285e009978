// Several hosts: the console over two engines with 50 containers each (the second engine from
// scripts/second-engine.sh), first frame beside `docker ps -a` on both; then the same with one host
// answering late (a loopback proxy that holds every response of the second engine back).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
	docker,
	ensureIdleContainers,
	LABEL,
	median,
	ROOT,
	SIZES,
	startConsole,
	timeCommand,
	waitScreen,
} from '../lib.mjs';
import { FLEET } from './startup.mjs';

const SCRIPT = path.join(ROOT, 'scripts', 'second-engine.sh');
const SECOND = 'unix:///run/dmt-engine2/docker.sock';
/** How late the slow host answers each response. */
const LATE_MS = 1500;

export async function hosts() {
	const n = SIZES.fleet;
	execFileSync('bash', [SCRIPT, 'up'], { stdio: 'ignore' });
	const slow = await slowProxy('/run/dmt-engine2/docker.sock', LATE_MS);
	try {
		ensureIdleContainers(FLEET, n);
		ensureIdleContainers(FLEET, n, SECOND);
		const config = mkdtempSync(path.join(os.tmpdir(), 'dmbench-contexts-'));
		const context = (name, host) =>
			docker('--config', config, 'context', 'create', name, '--docker', `host=${host}`);
		context('engine2', SECOND);
		context('slow', slow.url);
		const env = `DOCKER_CONFIG=${config} DOCKER_HOST=`;
		// Listed: the header counts a host's containers once its list is on screen (details may still be filling).
		// (at least n: a second engine kept between runs may hold a container of something else)
		const listed = (s, host) => Number(new RegExp(`${host} \\[[^\\]]+\\] (\\d+)`).exec(s)?.[1]) >= n;
		const both = (s, second) => listed(s, 'default') && listed(s, second);

		const ours = [];
		const theirs = [];
		for (let i = 0; i < SIZES.startupRuns; i++) {
			theirs.push(timeCommand('docker', ['ps', '-a']) + timeCommand('docker', ['-H', SECOND, 'ps', '-a']));
			ours.push(await launchUntil(`dmbench-hosts-${i}`, env, 'default,engine2', (s) => both(s, 'engine2')));
		}

		// One host late: when do the other host's rows show, and when the late one's?
		const otherFirst = [];
		const lateToo = [];
		for (let i = 0; i < SIZES.runs; i++) {
			const session = `dmbench-slow-${i}`;
			const start = process.hrtime.bigint();
			startConsole(session, { env, args: '--context default,slow' });
			try {
				await waitScreen(session, (s) => listed(s, 'default'));
				otherFirst.push(Number(process.hrtime.bigint() - start) / 1e6);
				await waitScreen(session, (s) => both(s, 'slow'), 60_000);
				lateToo.push(Number(process.hrtime.bigint() - start) / 1e6);
			} finally {
				spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
			}
		}
		return [
			{
				scenario: `2 hosts x ${n} containers`,
				metric: `launch to first frame with both hosts listed (median of ${SIZES.startupRuns})`,
				dockmedic: median(ours),
				docker: median(theirs),
				unit: 'ms',
				runs: { dockmedic: ours, docker: theirs },
			},
			{
				scenario: `2 hosts, one ${LATE_MS} ms late per response`,
				metric: 'launch to the prompt host listed',
				dockmedic: median(otherFirst),
				unit: 'ms',
			},
			{
				scenario: `2 hosts, one ${LATE_MS} ms late per response`,
				metric: 'launch to the late host listed too',
				dockmedic: median(lateToo),
				unit: 'ms',
			},
		];
	} finally {
		slow.close();
		const ids = docker('-H', SECOND, 'ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
		if (ids.length) spawnSync('docker', ['-H', SECOND, 'rm', '-f', ...ids], { stdio: 'ignore' });
		execFileSync('bash', [SCRIPT, 'down'], { stdio: 'ignore' });
	}
}

async function launchUntil(session, env, contexts, predicate) {
	const start = process.hrtime.bigint();
	startConsole(session, { env, args: `--context ${contexts}` });
	try {
		await waitScreen(session, predicate);
		return Number(process.hrtime.bigint() - start) / 1e6;
	} finally {
		spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
	}
}

/** A loopback TCP listener in front of an engine's socket that holds every chunk of its answers back. */
async function slowProxy(socketPath, lateMs) {
	const server = net.createServer((client) => {
		const upstream = net.connect(socketPath);
		client.pipe(upstream);
		upstream.on('data', (chunk) => setTimeout(() => client.write(chunk), lateMs));
		upstream.on('end', () => setTimeout(() => client.end(), lateMs));
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `tcp://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

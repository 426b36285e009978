import { memoryUsage } from '../../model/stats.js';
import { isHealthy, runsSteadily } from '../checks.js';
import type { LabContext, Scenario } from '../scenario.js';
import { recreate } from './common.js';

/** Causes that had a verdict and no lab: each a real fault on the real engine, its fix verified. */

function queueWorker(ctx: LabContext, init: boolean) {
	return {
		name: 'queue-worker',
		image: ctx.image,
		labels: ctx.labels,
		...(init ? { init: true } : {}),
		// A shell as PID 1 has no handler for SIGTERM: docker stop waits, then kills.
		command: ['sh', '-c', 'echo "queue-worker consuming"; while true; do sleep 1; done'],
	};
}

function thumbnailer(ctx: LabContext, release: 'broken' | 'good') {
	return {
		name: 'image-thumbs',
		image: ctx.image,
		labels: ctx.labels,
		command:
			release === 'broken'
				? [
						'sh',
						'-c',
						'echo "image-thumbs 2.4.1 starting, libvips loaded"; sh -c "kill -SEGV \\$\\$"; exit $?',
					]
				: ['sh', '-c', 'echo "image-thumbs 2.4.0 starting"; while true; do sleep 5; done'],
	};
}

function ledgerSync(ctx: LabContext, once: boolean) {
	return {
		name: 'ledger-sync',
		image: ctx.image,
		labels: ctx.labels,
		restart: 'always' as const,
		env: { SYNC_MODE: once ? 'daemon' : 'oneshot' },
		// In oneshot mode it syncs and ends with a status of its own, silently; the policy starts it again.
		command: [
			'sh',
			'-c',
			'echo "ledger-sync starting ($SYNC_MODE)"; if [ "$SYNC_MODE" = oneshot ]; then sleep 1; exit 3; fi; while true; do sleep 5; done',
		],
	};
}

function searchApi(ctx: LabContext, check: string) {
	return {
		name: 'search-api',
		image: ctx.image,
		labels: ctx.labels,
		command: [
			'sh',
			'-c',
			'mkdir -p /tmp/w && echo ok > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w',
		],
		health: { command: check, intervalS: 1, timeoutS: 1, retries: 2 },
	};
}

function auditShipper(ctx: LabContext, remote: boolean) {
	return {
		name: 'audit-shipper',
		image: ctx.image,
		labels: ctx.labels,
		...(remote ? { logDriver: 'syslog', logOptions: { 'syslog-address': 'tcp://127.0.0.1:1' } } : {}),
		command: ['sh', '-c', 'echo "audit-shipper up"; while true; do sleep 5; done'],
	};
}

function importer(ctx: LabContext, memoryMb: number) {
	return {
		name: 'csv-importer',
		image: ctx.image,
		labels: ctx.labels,
		memoryBytes: memoryMb * 1024 * 1024,
		// Holds 58 MiB in shared memory, as an importer keeps its working set.
		command: [
			'sh',
			'-c',
			'dd if=/dev/zero of=/dev/shm/batch bs=1M count=58 2>/dev/null; echo "batch of 58 MiB loaded"; while true; do sleep 5; done',
		],
	};
}

function adminPanel(ctx: LabContext, name: string, hostPort: number) {
	return {
		name,
		image: ctx.image,
		labels: ctx.labels,
		ports: [{ hostIp: '127.0.0.1', hostPort, containerPort: 8080 }],
		command: [
			'sh',
			'-c',
			'mkdir -p /tmp/w && echo admin > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w',
		],
	};
}

const REPORT_SCRIPT = '#!/bin/sh\necho "nightly report started"\nwhile true; do sleep 5; done\n';

function reportCron(ctx: LabContext) {
	return {
		name: 'report-cron',
		image: ctx.image,
		labels: ctx.labels,
		binds: [{ source: ctx.dir('cron'), target: '/opt/cron', readOnly: true }],
		command: ['/opt/cron/run-report.sh'],
	};
}

function groupSync(ctx: LabContext, target: string) {
	return {
		name: 'group-sync',
		image: ctx.image,
		labels: ctx.labels,
		// Writable: the engine puts /etc/hosts and /etc/resolv.conf into a mount on /etc.
		binds: [{ source: ctx.dir('config'), target }],
		command: [
			'sh',
			'-c',
			'[ -f /etc/group ] || { echo "FATAL: /etc/group: no such file or directory" >&2; exit 1; }; ' +
				'echo "groups: $(wc -l < /etc/group), settings: $(cat /etc/group-sync/settings.conf 2>/dev/null)"; while true; do sleep 5; done',
		],
	};
}

export const moreCauseScenarios: Scenario[] = [
	{
		id: 'worker-ignores-sigterm',
		title: 'Every deploy of the queue worker takes ten seconds and ends in a kill',
		difficulty: 'medium',
		cause: 'killed-by-signal',
		story:
			'Deploys stop queue-worker and start the new version. The stop always hangs, and afterwards the old ' +
			'container shows exit code 137. Nobody sees an out-of-memory message anywhere.',
		hints: [
			'137 is 128 + 9: SIGKILL. Was it the kernel OOM killer (OOMKilled)?',
			'docker stop sends SIGTERM, waits, then SIGKILL. What is PID 1 in the container?',
			'A shell or any process as PID 1 gets no default signal handling.',
		],
		target: 'queue-worker',
		containers: (ctx) => [{ ...queueWorker(ctx, false), stopAfterStart: true }],
		fix: (ctx) => recreate(queueWorker(ctx, true)),
		check: async (ctx) => {
			const steady = await runsSteadily(ctx, 'queue-worker', 1);
			if (!steady.fixed) return steady;
			const r = await ctx.engine.exec.run('queue-worker', ['cat', '/proc/1/cmdline']);
			const pid1 = r.stdout.split('\0')[0] ?? '';
			return /init/.test(pid1)
				? { fixed: true, observed: `PID 1 is ${pid1}, which forwards SIGTERM` }
				: { fixed: false, observed: `PID 1 is ${pid1 || 'unknown'}, which ignores SIGTERM` };
		},
	},
	{
		id: 'thumbs-segfault',
		title: 'Thumbnail service dies right after the library upgrade',
		difficulty: 'easy',
		cause: 'segfault',
		story:
			'image-thumbs 2.4.1 came with a new image-processing library. The container now exits at start with ' +
			'code 139, and its log ends after the start-up line.',
		hints: ['What is 139 - 128, and which signal is that?', 'Native code crashed: which version worked?'],
		target: 'image-thumbs',
		containers: (ctx) => [thumbnailer(ctx, 'broken')],
		fix: (ctx) => recreate(thumbnailer(ctx, 'good')),
		check: (ctx) => runsSteadily(ctx, 'image-thumbs'),
	},
	{
		id: 'ledger-sync-loop',
		title: 'Ledger sync restarts all day',
		difficulty: 'medium',
		cause: 'restart-loop',
		story:
			'ledger-sync shows "Restarting" in docker ps most of the time, with a restart count that only grows. ' +
			'Its logs show nothing but the start line.',
		hints: [
			'Which exit code does each run end with?',
			'Nothing in the logs says why: look at how it is configured to run (Config.Env, the command).',
			'A container lives as long as its main process; the restart policy brings it back.',
		],
		target: 'ledger-sync',
		containers: (ctx) => [ledgerSync(ctx, false)],
		fix: (ctx) => recreate(ledgerSync(ctx, true)),
		check: (ctx) => runsSteadily(ctx, 'ledger-sync'),
	},
	{
		id: 'search-health-timeout',
		title: 'Search API flaps to unhealthy',
		difficulty: 'medium',
		cause: 'healthcheck-timeout',
		story:
			'search-api answers queries, but Docker keeps reporting it unhealthy since someone made its health ' +
			'check "more thorough".',
		hints: [
			'What does the health log say about each check? (State.Health.Log)',
			'An exit code of -1 is not the check failing: the engine stopped waiting for it.',
			'Compare how long the check takes with --health-timeout.',
		],
		target: 'search-api',
		containers: (ctx) => [searchApi(ctx, 'sleep 3 && wget -q -O /dev/null http://127.0.0.1:8080/')],
		fix: (ctx) => recreate(searchApi(ctx, 'wget -q -O /dev/null http://127.0.0.1:8080/')),
		check: (ctx) => isHealthy(ctx, 'search-api'),
	},
	{
		id: 'audit-syslog-down',
		title: 'Audit shipper does not start after the logging change',
		difficulty: 'easy',
		cause: 'log-driver-start-failure',
		story:
			'Ops moved audit-shipper to ship its logs to the central syslog. `docker run` failed, and the container ' +
			'has sat in "Created" ever since.',
		hints: [
			'A container that never ran has no logs: what does State.Error say?',
			'The logging driver starts before the process: can the engine reach its endpoint?',
			'The logging driver cannot be changed with docker update.',
		],
		target: 'audit-shipper',
		containers: (ctx) => [{ ...auditShipper(ctx, true), startFails: true }],
		fix: (ctx) => recreate(auditShipper(ctx, false)),
		check: (ctx) => runsSteadily(ctx, 'audit-shipper'),
	},
	{
		id: 'importer-near-limit',
		title: 'CSV importer is one batch away from being killed',
		difficulty: 'medium',
		cause: 'memory-near-limit',
		story:
			'csv-importer runs and imports, but the platform team saw it OOM-killed twice last month, always on ' +
			'big days. Today is a big day.',
		hints: [
			'How much memory does it use, against which limit? (docker stats)',
			'Page cache does not count; shared memory does.',
			'docker update --memory raises the limit of a running container.',
		],
		target: 'csv-importer',
		containers: (ctx) => [importer(ctx, 64)],
		fix: (ctx) => recreate(importer(ctx, 128)),
		check: async (ctx) => {
			const memory = memoryUsage((await ctx.engine.stats.now('csv-importer')).memory_stats);
			const used = memory.used / (memory.limit || 1);
			return used < 0.8
				? { fixed: true, observed: `memory at ${Math.round(used * 100)}% of its limit` }
				: { fixed: false, observed: `memory at ${Math.round(used * 100)}% of its limit` };
		},
	},
	{
		id: 'admin-port-taken',
		title: 'The new admin panel will not start',
		difficulty: 'easy',
		cause: 'port-conflict',
		story:
			'admin-v2 was deployed next to the old admin panel "for a week of overlap". docker run failed and the ' +
			'new container sits in "Created". The old one still runs.',
		hints: [
			'What does State.Error of admin-v2 say?',
			'Which container already publishes that host port? (docker ps, PORTS)',
			'Two containers cannot publish the same host port and address.',
		],
		target: 'admin-v2',
		containers: (ctx) => [
			adminPanel(ctx, 'admin-legacy', 28090),
			{ ...adminPanel(ctx, 'admin-v2', 28090), startFails: true },
		],
		fix: (ctx) => recreate(adminPanel(ctx, 'admin-v2', 28091)),
		check: (ctx) => runsSteadily(ctx, 'admin-v2'),
	},
	{
		id: 'report-script-not-executable',
		title: 'The nightly report container never runs',
		difficulty: 'easy',
		cause: 'command-not-executable',
		story:
			'The report script was copied to the server with scp and mounted into report-cron. The container was ' +
			'created, but it never ran once.',
		hints: [
			'What do State.Error and the exit code say?',
			'126 means the command exists but cannot be executed.',
			'ls -l the script on the host.',
		],
		target: 'report-cron',
		dirs: [
			{
				name: 'cron',
				uid: 0,
				gid: 0,
				mode: 0o755,
				files: { 'run-report.sh': { content: REPORT_SCRIPT, mode: 0o644 } },
			},
		],
		containers: (ctx) => [{ ...reportCron(ctx), startFails: true }],
		fix: (ctx) => [`chmod +x ${ctx.dir('cron')}/run-report.sh`, 'docker start report-cron'],
		check: (ctx) => runsSteadily(ctx, 'report-cron'),
	},
	{
		id: 'config-mount-hides-etc',
		title: 'Group sync cannot find the system group file',
		difficulty: 'hard',
		cause: 'volume-shadows-image',
		story:
			'group-sync got its settings from a shared config folder, mounted by the new deploy script. It now ' +
			'exits at once saying /etc/group does not exist, though every image has that file.',
		hints: [
			'Does the image ship /etc/group? (docker run --rm IMAGE ls /etc)',
			'What is mounted where in group-sync? (docker inspect, Mounts)',
			'A mount hides everything the image has below it.',
		],
		target: 'group-sync',
		dirs: [{ name: 'config', uid: 0, gid: 0, mode: 0o755, files: { 'settings.conf': 'interval=300\n' } }],
		containers: (ctx) => [groupSync(ctx, '/etc')],
		fix: (ctx) => recreate(groupSync(ctx, '/etc/group-sync')),
		check: (ctx) => runsSteadily(ctx, 'group-sync'),
	},
];

import { canFork, notThrottled } from '../checks.js';
import type { Scenario } from '../scenario.js';

export const resourceScenarios: Scenario[] = [
	{
		id: 'resizer-cpu-throttled',
		title: 'Image resizer is slow on an idle host',
		difficulty: 'medium',
		cause: 'cpu-throttled',
		story:
			"Thumbnails take ages to appear. The host's CPUs are mostly idle, yet image-resizer seems to crawl.",
		hints: [
			'docker stats: how much CPU does it use, and is that a round number?',
			'Look at HostConfig.NanoCpus and the throttling counters in the stats.',
			'docker update can change CPU limits of a running container.',
		],
		target: 'image-resizer',
		containers: (ctx) => [
			{
				name: 'image-resizer',
				image: ctx.image,
				labels: ctx.labels,
				nanoCpus: 100_000_000,
				command: ['sh', '-c', 'while :; do :; done'],
			},
		],
		fix: () => ['docker update --cpus 2 image-resizer'],
		check: (ctx) => notThrottled(ctx, 'image-resizer'),
	},
	{
		id: 'thumbnail-pids-limit',
		title: 'Thumbnail pool cannot spawn workers',
		difficulty: 'hard',
		cause: 'pids-limit-reached',
		story:
			'thumbnail-pool starts 40 worker processes. Its logs are full of "can\'t fork", and even `docker exec` into it fails.',
		hints: [
			'What resource does fork need that can run out?',
			'Compare pids_stats.current with pids_stats.limit (docker stats PIDS column).',
			'HostConfig.PidsLimit can be raised with docker update.',
		],
		target: 'thumbnail-pool',
		containers: (ctx) => [
			{
				name: 'thumbnail-pool',
				image: ctx.image,
				labels: ctx.labels,
				pidsLimit: 12,
				// The spawner runs in a subshell so that PID 1 survives its fork failures; then PID 1
				// becomes one idle process (exec needs no fork).
				command: [
					'sh',
					'-c',
					'(i=0; while [ $i -lt 40 ]; do sleep 3600 & i=$((i+1)); done; echo "started $i workers"); exec sleep 360000',
				],
			},
		],
		fix: () => ['docker update --pids-limit 256 thumbnail-pool'],
		check: (ctx) => canFork(ctx, 'thumbnail-pool'),
	},
];

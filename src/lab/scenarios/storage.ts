import { canWrite, canWriteBytes, runsSteadily } from '../checks.js';
import type { LabContext, Scenario } from '../scenario.js';
import { recreate } from './common.js';

const UPLOADER =
	'while true; do f="$UPLOAD_DIR/thumb-$(date +%s).jpg"; if touch "$f" 2>/dev/null; then echo "$(date) stored $f"; ' +
	'else echo "$(date) ERROR: EACCES: could not write $f" >&2; fi; sleep 5; done';

function uploader(ctx: LabContext, name: string, readOnly: boolean) {
	return {
		name,
		image: ctx.image,
		labels: ctx.labels,
		user: '1000:1000',
		env: { UPLOAD_DIR: '/srv/uploads' },
		binds: [{ source: ctx.dir('uploads'), target: '/srv/uploads', readOnly }],
		command: ['sh', '-c', UPLOADER],
	};
}

function renderer(ctx: LabContext, withTmpfs: boolean) {
	return {
		name: 'pdf-renderer',
		image: ctx.image,
		labels: ctx.labels,
		readOnlyRootfs: true,
		...(withTmpfs ? { tmpfs: { '/var/cache/renderer': '' } } : {}),
		command: [
			'sh',
			'-c',
			'mkdir -p /var/cache/renderer 2>/dev/null; while true; do if echo page > /var/cache/renderer/page.tmp 2>/dev/null; ' +
				'then echo "$(date) rendered invoice.pdf"; else echo "$(date) ERROR: cannot write /var/cache/renderer/page.tmp" >&2; fi; sleep 5; done',
		],
	};
}

function indexer(ctx: LabContext, configDir: string) {
	return {
		name: 'search-indexer',
		image: ctx.image,
		labels: ctx.labels,
		binds: [{ source: configDir, target: '/etc/indexer', readOnly: true }],
		command: [
			'sh',
			'-c',
			'[ -f /etc/indexer/indexer.conf ] || { echo "FATAL: /etc/indexer/indexer.conf: no such file or directory" >&2; exit 1; }; ' +
				'echo "loaded $(cat /etc/indexer/indexer.conf)"; while true; do echo "$(date) indexed 0 documents"; sleep 5; done',
		],
	};
}

function shipper(ctx: LabContext, size: string) {
	return {
		name: 'log-shipper',
		image: ctx.image,
		labels: ctx.labels,
		tmpfs: { '/var/spool/shipper': `size=${size}` },
		command: [
			'sh',
			'-c',
			'while true; do if dd if=/dev/zero of=/var/spool/shipper/batch.tmp bs=1k count=512 2>/dev/null; then echo "$(date) spooled batch"; ' +
				'else echo "$(date) ERROR: write /var/spool/shipper/batch.tmp: no space left on device" >&2; fi; rm -f /var/spool/shipper/batch.tmp; ' +
				'dd if=/dev/zero of=/var/spool/shipper/retained-$(date +%s) bs=1k count=64 2>/dev/null; sleep 3; done',
		],
	};
}

export const storageScenarios: Scenario[] = [
	{
		id: 'uploads-read-only',
		title: 'Document uploads fail although permissions look right',
		difficulty: 'medium',
		cause: 'mount-read-only',
		story:
			'docs-api stores uploaded documents in /srv/uploads. The folder on the host belongs to the app user and ' +
			'is writable, someone checked twice. Uploads still fail. The deploy was copied from the reporting service.',
		hints: [
			'Permissions are only one reason a write can fail. What else does the mount say?',
			'Look at Mounts[].RW in docker inspect, or the mount options in /proc/mounts inside the container.',
			'The reporting service only reads that folder.',
		],
		target: 'docs-api',
		dirs: [{ name: 'uploads', uid: 1000, gid: 1000, mode: 0o755 }],
		containers: (ctx) => [uploader(ctx, 'docs-api', true)],
		fix: (ctx) => recreate(uploader(ctx, 'docs-api', false)),
		check: (ctx) => canWrite(ctx, 'docs-api', '/srv/uploads'),
	},
	{
		id: 'renderer-read-only-rootfs',
		title: 'PDF renderer fails after hardening',
		difficulty: 'medium',
		cause: 'read-only-rootfs',
		story:
			'Security hardened pdf-renderer last sprint. Since then invoices come out empty and the logs say it ' +
			'cannot write its page cache. No volume was ever mounted for that cache.',
		hints: [
			"Where does the renderer write, and is that path on a mount or on the container's own filesystem?",
			'Look at HostConfig.ReadonlyRootfs.',
			'A read-only container can still get a writable scratch path with --tmpfs.',
		],
		target: 'pdf-renderer',
		containers: (ctx) => [renderer(ctx, false)],
		fix: (ctx) => recreate(renderer(ctx, true)),
		check: (ctx) => canWrite(ctx, 'pdf-renderer', '/var/cache/renderer'),
	},
	{
		id: 'indexer-config-missing',
		title: 'Search indexer exits on start',
		difficulty: 'medium',
		cause: 'mount-source-missing',
		story:
			'search-indexer was redeployed with a new run command. It exits immediately complaining about its ' +
			'config file, although the file is on the host, in the lab folder under config/indexer/indexer.conf.',
		hints: [
			'What does the container see in /etc/indexer?',
			'Compare the bind mount source path with where the config really is on the host.',
			'With -v, Docker creates a missing source folder silently, empty.',
		],
		target: 'search-indexer',
		dirs: [{ name: 'config/indexer', uid: 0, gid: 0, mode: 0o755, files: { 'indexer.conf': 'shards=2\n' } }],
		containers: (ctx) => [indexer(ctx, ctx.dir('configs/indexer'))],
		fix: (ctx) => recreate(indexer(ctx, ctx.dir('config/indexer'))),
		check: (ctx) => runsSteadily(ctx, 'search-indexer'),
	},
	{
		id: 'spool-disk-full',
		title: 'Log shipper stops shipping',
		difficulty: 'hard',
		cause: 'disk-full',
		story:
			'log-shipper worked for a few seconds after the deploy, then every batch failed. The host disk has ' +
			'plenty of space, says the on-call engineer who checked df on the host.',
		hints: [
			'Which filesystem is the spool folder on, from inside the container?',
			'df inside the container tells a different story than df on the host.',
			'tmpfs mounts have their own size limit.',
		],
		target: 'log-shipper',
		containers: (ctx) => [shipper(ctx, '256k')],
		fix: (ctx) => recreate(shipper(ctx, '64m')),
		check: (ctx) => canWriteBytes(ctx, 'log-shipper', '/var/spool/shipper', 512),
	},
];

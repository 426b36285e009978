import { expect } from 'vitest';
import { docker, dockerStatus, waitFor } from '../helpers/docker.js';
import { describeLabLifecycles, symptoms } from '../helpers/labs.js';

/** Crashes and running failures whose operating-system error the application prints. */
const lastLog = async (container: string) => (await dockerStatus('logs', container)).stderr;

const cases: Record<string, () => Promise<void>> = {
	'orders-db-start-race': async () => {
		await symptoms.exited('orders-sync', 1);
		expect(await lastLog('orders-sync')).toMatch(/port 5432 failed: Connection refused/);
		// The database accepts connections now: the fault was the moment the app tried.
		await waitFor(
			async () => (await dockerStatus('exec', 'orders-db', 'nc', '-w', '1', '127.0.0.1', '5432')).code === 0,
			15_000,
			300,
		);
	},
	'entrypoint-crlf': async () => {
		await symptoms.exited('report-api', 1);
		expect(await lastLog('report-api')).toMatch(
			/exec \/opt\/report\/bin\/docker-entrypoint.sh: no such file or directory/,
		);
		expect((await docker('inspect', '-f', '{{.State.Error}}', 'report-api')).trim()).toBe('');
	},
	'exports-owned-by-root': async () => {
		await symptoms.exited('report-exporter', 1);
		expect(await lastLog('report-exporter')).toMatch(
			/PermissionError: \[Errno 13\] Permission denied: '\/srv\/exports\/report.csv'/,
		);
	},
	'thumbnail-cache-read-only': async () => {
		await symptoms.exited('thumbnailer', 1);
		expect(await lastLog('thumbnailer')).toMatch(/EROFS: read-only file system/);
		expect(await docker('inspect', '-f', '{{range .Mounts}}{{.RW}}{{end}}', 'thumbnailer')).toMatch(/false/);
	},
	'token-store-image-path': async () => {
		await symptoms.exited('token-store', 2);
		expect(await lastLog('token-store')).toMatch(/panic: open \/var\/www\/tokens.db: permission denied/);
	},
	'render-scratch-full': async () => {
		await waitFor(async () => /No space left on device/.test(await lastLog('render-queue')), 20_000, 300);
		// Less room left than one job needs.
		const df = await docker('exec', 'render-queue', 'df', '-k', '/var/lib/render');
		expect(Number(df.trim().split('\n').at(-1)?.split(/\s+/)[3])).toBeLessThan(24);
	},
	'ingest-open-files': async () => {
		expect((await docker('exec', 'ingest-gateway', 'sh', '-c', 'ulimit -n')).trim()).toBe('16');
		await waitFor(
			async () => /EMFILE: too many open files/.test(await lastLog('ingest-gateway')),
			15_000,
			300,
		);
	},
};

describeLabLifecycles(cases);

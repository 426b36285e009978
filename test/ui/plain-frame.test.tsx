import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { plainFirstFrame } from '../../src/ui/format/plain-frame.js';
import { resolveTheme } from '../../src/ui/theme.js';
import { waitForFrame } from '../helpers/frames.js';
import { FIXED_NOW, ListSource, makeRow } from '../helpers/list-source.js';

const theme = resolveTheme({ NO_COLOR: '1', LANG: 'en_US.UTF-8' });
const compose = (project: string, service: string) => ({
	'com.docker.compose.project': project,
	'com.docker.compose.service': service,
});
const rows = [
	makeRow({ name: 'shop-api-1', image: 'shop/api:2', labels: compose('shop', 'api') }),
	makeRow({
		name: 'shop-db-1',
		image: 'postgres:16',
		state: 'exited',
		exitCode: 137,
		oomKilled: true,
		labels: compose('shop', 'db'),
	}),
	...Array.from({ length: 30 }, (_, i) =>
		makeRow({
			name: `worker-${String(i).padStart(2, '0')}`,
			image: 'jobs/worker:1',
			ports: [{ privatePort: 8080, publicPort: 18000 + i, type: 'tcp', ip: '0.0.0.0' }],
		}),
	),
	makeRow({ name: '数据库-同步', image: 'sync:3', state: 'restarting', exitCode: 1, restartCount: 4 }),
];

let instance: ReturnType<typeof render> | undefined;
afterEach(() => instance?.unmount());

describe('the plain first frame', () => {
	for (const [columns, lines] of [
		[120, 40],
		[80, 24],
	] as const)
		it(`has the console's own header, title and rows at ${columns}x${lines}, line for line`, async () => {
			instance = render(
				<App
					containers={new ListSource(rows)}
					endpoint="unix:///var/run/docker.sock"
					theme={theme}
					now={FIXED_NOW}
				/>,
			);
			const { stdout } = instance;
			Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
			Object.defineProperty(stdout, 'rows', { value: lines, configurable: true });
			stdout.emit('resize');
			const frame = await waitForFrame(instance, (f) => f.split('\n').length === lines - 1);
			const plain = plainFirstFrame({
				rows,
				endpoint: 'unix:///var/run/docker.sock',
				engine: new ListSource(rows).getSnapshot().engine,
				columns,
				lines,
				theme,
				now: FIXED_NOW,
			});
			const drawn = frame.split('\n').map((line) => line.trimEnd());
			// The console adds its connection badge to the first line, and the key hints below the table.
			expect(drawn[0]).toMatch(new RegExp(`^${plain[0]?.replace(/[.()[\]]/g, '\\$&')} \\[live\\]$`));
			expect(plain.slice(1)).toEqual(drawn.slice(1, plain.length));
			expect(plain).toHaveLength(lines - 2);
			expect(plain.some((l) => l.includes('worker-00'))).toBe(true);
		});
});

import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { commands } from '../../src/ui/keymap.js';
import { resolveTheme } from '../../src/ui/theme.js';
import { press, waitForFrame } from '../helpers/frames.js';
import { DOWN, ENTER, ESC, PAGE_DOWN, UP } from '../helpers/keys.js';
import { FIXED_NOW, ListSource, makeRow } from '../helpers/list-source.js';

const theme = resolveTheme({ NO_COLOR: '1', LANG: 'en_US.UTF-8' });
const rows = [
	makeRow({
		name: 'checkout-api',
		image: 'shop/checkout:2.3',
		ports: [{ privatePort: 8080, publicPort: 18080, type: 'tcp', ip: '0.0.0.0' }],
	}),
	makeRow({
		name: 'orders-db',
		image: 'postgres:16',
		state: 'exited',
		exitCode: 137,
		oomKilled: true,
		finishedAt: new Date(FIXED_NOW - 600_000).toISOString(),
	}),
	makeRow({
		name: 'cart-cache',
		image: 'redis:7',
		state: 'restarting',
		exitCode: 1,
		restartCount: 12,
		finishedAt: new Date(FIXED_NOW - 2000).toISOString(),
	}),
	makeRow({ name: 'frontend', image: 'shop/frontend:5', health: 'unhealthy' }),
];

let instance: ReturnType<typeof render> | undefined;
afterEach(() => instance?.unmount());

function mount(source = new ListSource(rows)) {
	instance = render(
		<App containers={source} endpoint="unix:///var/run/docker.sock" theme={theme} now={FIXED_NOW} />,
	);
	return instance;
}

/**
 * Resizes the terminal and waits for the console's frame for the new size: a new layout (Ink first redraws
 * the old one), one row shorter than the terminal, no line wider than it.
 */
async function resizeTo(screen: ReturnType<typeof render>, columns: number, rowsCount: number) {
	const { stdout } = screen;
	const before = screen.lastFrame();
	Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
	Object.defineProperty(stdout, 'rows', { value: rowsCount, configurable: true });
	stdout.emit('resize');
	return waitForFrame(screen, (frame) => {
		const lines = frame.split('\n');
		return (
			frame !== before && lines.length === rowsCount - 1 && lines.every((line) => line.length <= columns)
		);
	});
}

function selectedLine(frame: string | undefined): string | undefined {
	return frame?.split('\n').find((line) => line.startsWith('›'));
}

/** A frame whose selected row (the one marked ›) shows `name`. */
const selecting = (name: string) => (frame: string) => selectedLine(frame)?.includes(name) ?? false;

describe('console list', () => {
	it('shows engine, counts, and every column at 80x24, trouble first, within 80 columns', async () => {
		const frame = await resizeTo(mount(), 80, 24);
		expect(frame).toContain('engine 20.10.24 (API 1.41)');
		expect(frame).toContain('4 containers: 2 running');
		expect(frame).toMatch(/NAME\s+IMAGE\s+STATE\s+STATUS\s+RST\s+PORTS/);
		expect(frame).toContain('✖ OOM killed');
		expect(frame).toContain('↻ restarting');
		expect(frame).toContain('Up 3 minutes (unhe');
		expect(frame).toContain('18080->8080/tcp');
		for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		const lines = frame.split('\n');
		const order = ['cart-cache', 'orders-db', 'frontend', 'checkout-api'].map((n) =>
			lines.findIndex((l) => l.includes(n)),
		);
		expect(order).toEqual([...order].sort((a, b) => a - b));
		expect(lines.at(-1)).toContain('q quit');
	});

	it('gives the status its full text on a wide terminal, with an uptime column', async () => {
		const screen = mount();
		await resizeTo(screen, 130, 30);
		expect(screen.lastFrame()).toContain('Up 3 minutes (unhealthy)');
		expect(screen.lastFrame()).toMatch(/STATUS\s+UP\s+RST/);
		expect(screen.lastFrame()).toContain('Exited (137) 10 minutes ago');
	});

	it('moves the selection with arrows and j/k, including keys typed in one burst', async () => {
		const screen = mount();
		const { lastFrame, stdin } = screen;
		await waitForFrame(screen, selecting('cart-cache'));
		expect(selectedLine(lastFrame())).toContain('cart-cache');
		await press(screen, DOWN, selecting('orders-db'));
		expect(selectedLine(lastFrame())).toContain('orders-db');
		await press(screen, 'jj', selecting('checkout-api'));
		expect(selectedLine(lastFrame())).toContain('checkout-api');
		stdin.write(UP);
		await press(screen, 'k', selecting('orders-db'));
		expect(selectedLine(lastFrame())).toContain('orders-db');
	});

	it('filters by name or image as you type, and Esc clears the filter', async () => {
		const screen = mount();
		const { lastFrame } = screen;
		await waitForFrame(screen, 'orders-db');
		await press(screen, '/redis', '/redis');
		expect(lastFrame()).toContain('/redis');
		expect(lastFrame()).toContain('cart-cache');
		expect(lastFrame()).not.toContain('orders-db');
		await press(screen, ENTER, 'filter "redis"');
		expect(lastFrame()).toContain('filter "redis"');
		await press(screen, ESC, 'orders-db');
		expect(lastFrame()).toContain('orders-db');
	});

	it('toggles between all and running containers, and cycles the sort', async () => {
		const screen = mount();
		const { lastFrame } = screen;
		await waitForFrame(screen, 'orders-db');
		await press(screen, 'a', 'showing 3 (running)');
		expect(lastFrame()).not.toContain('orders-db');
		expect(lastFrame()).toContain('showing 3 (running)');
		await press(screen, 's', 'sorted by created');
		expect(lastFrame()).toContain('sorted by created');
	});

	it('opens and closes the help overlay with every key described, scrolling when it is taller than the screen', async () => {
		const screen = mount();
		const { lastFrame } = screen;
		await waitForFrame(screen, 'checkout-api');
		await press(screen, '?', 'Cycle sort: name, state, created, restarts');
		expect(lastFrame()).toContain('Cycle sort: name, state, created, restarts');
		expect(lastFrame()).toMatch(/↓ \d+ more rows/);
		// Page through to the end: every description shows on some page, and the frame never grows past the terminal.
		const seen = new Set<string>();
		for (let page = 0; page < 6; page++) {
			const frame = lastFrame() ?? '';
			expect(frame.split('\n').length).toBeLessThanOrEqual(24);
			seen.add(frame.replace(/[│╭╮╰╯─\s]+/g, ' '));
			if (/end · ↑ \d+ above/.test(frame)) break;
			await press(screen, PAGE_DOWN, (next) => next !== frame);
		}
		const pages = [...seen].join(' ');
		for (const c of Object.values(commands))
			expect(pages).toContain(c.description.split(' ').slice(0, 3).join(' '));
		expect(lastFrame()).toContain('Quit');
		expect(lastFrame()).toMatch(/end · ↑ \d+ above/);
		// Keys typed quickly arrive as one chunk: each one counts.
		await press(screen, 'gjjj', /· ↑ 3 above/);
		expect(lastFrame()).toMatch(/· ↑ 3 above/);
		await press(screen, ESC, 'checkout-api');
		expect(lastFrame()).not.toContain('Cycle sort');
		expect(lastFrame()).toContain('checkout-api');
	});

	it('follows live changes and keeps the selection on the same container', async () => {
		const source = new ListSource(rows);
		const screen = mount(source);
		const { lastFrame } = screen;
		await waitForFrame(screen, 'checkout-api');
		await press(screen, 'jjj', selecting('checkout-api'));
		expect(selectedLine(lastFrame())).toContain('checkout-api');
		source.set({
			rows: [
				makeRow({
					name: 'new-worker',
					state: 'exited',
					exitCode: 2,
					finishedAt: new Date(FIXED_NOW).toISOString(),
				}),
				...rows,
			],
		});
		await waitForFrame(screen, 'new-worker');
		expect(lastFrame()).toContain('new-worker');
		expect(selectedLine(lastFrame())).toContain('checkout-api');
	});

	it('shows why the engine cannot be reached instead of crashing, and keeps the last list when it drops', async () => {
		const source = new ListSource([], {
			loaded: false,
			engine: null,
			connection: {
				status: 'unreachable',
				attempt: 3,
				message: 'Cannot reach the Docker engine at unix:///var/run/docker.sock: no socket.',
			},
		});
		const screen = mount(source);
		const { lastFrame } = screen;
		await waitForFrame(screen, 'Cannot reach the Docker engine');
		expect(lastFrame()).toContain('Cannot reach the Docker engine');
		expect(lastFrame()).toContain('[unreachable: retrying #3]');
		source.set({
			rows,
			loaded: true,
			connection: { status: 'reconnecting', attempt: 1, message: 'engine lost' },
		});
		await waitForFrame(screen, 'engine lost (showing the last known list)');
		expect(lastFrame()).toContain('engine lost (showing the last known list)');
		expect(lastFrame()).toContain('checkout-api');
	});

	it('renders without any escape sequence under NO_COLOR', async () => {
		const screen = mount();
		await waitForFrame(screen, 'checkout-api');
		expect(screen.lastFrame()).not.toContain('\u001B[');
	});

	it('marks a running container whose own logs keep failing with !, and says why when it is selected', async () => {
		const failing = makeRow({
			name: 'pricing-api',
			trouble: { reason: 'its logs keep reporting errors: Error: getaddrinfo ENOTFOUND rates-db' },
		});
		const quiet = makeRow({ name: 'audit-log' });
		const screen = mount(new ListSource([quiet, failing]));
		const { lastFrame } = screen;
		await waitForFrame(screen, 'audit-log');
		const line = (name: string) =>
			lastFrame()
				?.split('\n')
				.find((l) => l.includes(name)) ?? '';
		// Trouble first: it is selected, and the status line says why.
		expect(line('pricing-api')).toMatch(/^› /);
		expect(lastFrame()).toContain(
			'! pricing-api: its logs keep reporting errors: Error: getaddrinfo ENOTFOUND',
		);
		await press(screen, DOWN, selecting('audit-log'));
		expect(line('pricing-api')).toMatch(/^! /);
		expect(line('audit-log')).not.toMatch(/^! /);
		expect(lastFrame()).not.toContain('ENOTFOUND');
		expect(lastFrame()?.split('\n').length).toBeLessThanOrEqual(24);
	});
});

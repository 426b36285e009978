import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { docker, removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { freePort } from '../helpers/ports.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('panes');
const label = `${TEST_LABEL}.group=${GROUP}`;
let session: TmuxSession | undefined;

beforeAll(async () => {
	await runContainer(
		`${GROUP}-api`,
		[
			'--label',
			label,
			'-e',
			'API_SECRET=topsecret',
			'-e',
			'DATABASE_URL=postgres://app:dbpass@orders-db/orders',
		],
		[
			'sh',
			'-c',
			'i=0; while true; do i=$((i+1)); echo "request $i served"; printf "\\033[2J\\033]0;pwned\\007\\n"; sleep 0.3; done',
		],
	);
});
afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

it('selects a container, shows stats, logs and inspect, goes back and quits', async () => {
	session = new TmuxSession(uniqueName('panes'));
	await session.waitForScreen((s) => s.includes(`${GROUP}-api`));
	await session.openDetails(`${GROUP}-api`);
	const stats = await session.waitForScreen((s) => s.includes('CPU ') && s.includes('Memory % of limit'));
	expect(stats).toContain('1 Stats');
	session.type('2');
	const logs = await session.waitForScreen((s) => /request \d+ served/.test(s));
	expect(logs).toContain('following');
	expect(logs).not.toContain('pwned');
	session.type('/served');
	session.keys('Enter');
	await session.waitForScreen((s) => /"served": match \d+ of \d+/.test(s));
	session.type('3');
	await session.waitForScreen((s) => s.includes('[State]'));
	session.keys('Right');
	const config = await session.waitForScreen((s) => s.includes('API_SECRET='));
	expect(config).toContain('API_SECRET=********');
	expect(config).toContain('DATABASE_URL=postgres://app:********@orders-db/orders');
	expect(config).not.toContain('topsecret');
	expect(config).not.toContain('dbpass');
	session.keys('Escape');
	await session.waitForScreen((s) => s.includes('NAME') && s.includes('d diagnose'));
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('shows secret values in the inspect pane only with --show-secrets', async () => {
	session = new TmuxSession(uniqueName('panes'), { args: ['--show-secrets'] });
	await session.waitForScreen((s) => s.includes(`${GROUP}-api`));
	await session.openDetails(`${GROUP}-api`);
	session.type('3');
	await session.waitForScreen((s) => s.includes('[State]'));
	session.keys('Right');
	const config = await session.waitForScreen((s) => s.includes('API_SECRET='));
	expect(config).toContain('API_SECRET=topsecret');
	expect(config).toContain('DATABASE_URL=postgres://app:dbpass@orders-db/orders');
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('says so when the open container is removed, keeps what it read, and goes on working', async () => {
	const doomed = `${GROUP}-doomed`;
	await runContainer(
		doomed,
		['--label', label],
		['sh', '-c', 'while true; do echo "tick from doomed"; sleep 0.3; done'],
	);
	session = new TmuxSession(uniqueName('panes'));
	await session.waitForScreen((s) => s.includes(doomed));
	await session.openDetails(`${doomed}`);
	session.type('2');
	await session.waitForScreen((s) => s.includes('tick from doomed') && s.includes('following'));
	await docker('rm', '-f', doomed);
	const after = await session.waitForScreen((s) => s.includes('(removed;') && s.includes('no more output'));
	expect(after).toContain('tick from doomed');
	session.type('1');
	await session.waitForScreen((s) => s.includes('No such container'));
	session.type('3');
	await session.waitForScreen((s) => s.includes('No such container'));
	session.keys('Escape');
	await session.waitForScreen((s) => s.includes(`No container matches "${doomed}"`));
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('shows hostile env values, labels and commands in the inspect pane without passing their control sequences on', async () => {
	const hostile = `${GROUP}-hostile`;
	const esc = '\u001b';
	const bel = String.fromCharCode(7);
	await runContainer(
		hostile,
		[
			'--label',
			label,
			'--label',
			`note=${esc}]0;pwned-label${bel}${esc}[2Jlabelled`,
			'--label',
			'deploy.token=abc123',
			'-e',
			`MOTD=${esc}]0;pwned${bel}${esc}[2J${esc}[31mwelcome`,
		],
		['sh', '-c', `echo ${esc}]2;pwned-too${String.fromCharCode(7)}; sleep 3600`],
	);
	session = new TmuxSession(uniqueName('panes'));
	await session.waitForScreen((s) => s.includes(hostile));
	await session.openDetails(hostile);
	session.type('3');
	await session.waitForScreen((s) => s.includes('[State]'));
	session.keys('Right');
	const config = await session.waitForScreen((s) => s.includes('MOTD='));
	expect(config).toMatch(/MOTD=.*welcome/);
	expect(config).toContain('sleep 3600');
	expect(session.title()).not.toContain('pwned');
	// Resources, Network, Mounts, Labels: hostile label shown as text, a secret-looking one masked.
	session.keys('Right', 'Right', 'Right', 'Right');
	const labels = await session.waitForScreen((s) => s.includes('[Labels]') && s.includes('deploy.token'));
	expect(labels).toMatch(/note .*labelled/);
	expect(labels).toContain('********');
	expect(labels).not.toContain('abc123');
	expect(session.title()).not.toContain('pwned');
	// The list above is still there: nothing cleared the screen.
	session.keys('Escape');
	await session.waitForScreen((s) => s.includes('NAME') && s.includes(hostile));
	expect(session.title()).not.toContain('pwned');
	session.type('q');
	expect(await session.waitForScreen((s) => s.includes('EXIT='))).toContain('EXIT=0');
});

it('draws the history it saw itself when the Prometheus given cannot be read, and says why', async () => {
	// A port nothing listens on: the history falls back to the samples this console took.
	const closed = await freePort();
	session = new TmuxSession(uniqueName('panes'), { args: ['--prometheus', `http://127.0.0.1:${closed}`] });
	await session.waitForScreen((s) => s.includes(`${GROUP}-api`));
	await session.openDetails(`${GROUP}-api`);
	await session.waitForScreen((s) => s.includes('Memory % of limit'));
	await new Promise((r) => setTimeout(r, 4000));
	session.type('H');
	const screen = await session.waitForScreen((s) => s.includes('MEM peak'));
	expect(screen).toContain(`Prometheus at http://127.0.0.1:${closed} cannot be read: ECONNREFUSED.`);
	expect(screen).toContain('as this console saw it (no --prometheus)');
	expect(screen).toContain('Memory, MiB');
	// H steps through the spans, then back to the live charts.
	session.type('H');
	await session.waitForScreen((s) => s.includes('History, last 1h'));
	session.type('HHH');
	await session.waitForScreen((s) => s.includes('Memory % of limit') && !s.includes('History'));
});

it('refuses a --prometheus that is not an http URL before opening', async () => {
	session = new TmuxSession(uniqueName('panes'), { args: ['--prometheus', 'ftp://metrics'] });
	const screen = await session.waitForScreen((s) => s.includes('EXIT='));
	expect(screen).toContain('--prometheus expects an http(s) URL, got "ftp://metrics".');
	expect(screen).toContain('EXIT=2');
});

it('measures Chinese text by its width: a long log line wrapped whole by w, a label aligned in its table', async () => {
	const name = `${GROUP}-zh`;
	// Each of these characters takes two columns: the line is far wider than the 80-column pane.
	const line = `错误：无法连接到数据库服务器，请检查网络配置和防火墙规则，然后重试一次。${'稍后再试。'.repeat(4)}尾部标记`;
	await runContainer(
		name,
		['--label', label, '--label', 'team=订单服务组'],
		['sh', '-c', `echo '${line}'; sleep 3600`],
	);
	session = new TmuxSession(uniqueName('panes'));
	await session.waitForScreen((s) => s.includes(name));
	await session.openDetails(name);
	session.type('2');
	const cut = await session.waitForScreen((s) => s.includes('错误：无法连接'));
	expect(cut).not.toContain('尾部标记');
	session.type('w');
	const wrapped = await session.waitForScreen((s) => s.includes('尾部标记'));
	// Every row fits the terminal: nothing spilled onto a row of its own.
	for (const row of wrapped.split('\n')) expect(stringWidth(row)).toBeLessThanOrEqual(80);
	session.type('3');
	await session.waitForScreen((s) => s.includes('[State]'));
	session.keys('Right', 'Right', 'Right', 'Right', 'Right');
	const labels = await session.waitForScreen((s) => s.includes('[Labels]') && s.includes('订单服务组'));
	// The label's row is as wide as the table's border above it.
	const rows = labels.split('\n');
	const labelRow = rows.find((r) => r.includes('订单服务组')) ?? '';
	const border = rows.find((r) => /^[┌├└+][─┬┼┴+-]+[┐┤┘+]\s*$/.test(r.trimEnd())) ?? '';
	expect(border).not.toBe('');
	expect(stringWidth(labelRow.trimEnd())).toBe(stringWidth(border.trimEnd()));
});

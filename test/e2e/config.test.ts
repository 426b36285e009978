import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { dockmedic } from '../helpers/cli.js';
import { removeLabelled, runContainer, TEST_LABEL, uniqueName } from '../helpers/docker.js';
import { TmuxSession } from '../helpers/tmux.js';

const GROUP = uniqueName('config');
const label = `${TEST_LABEL}.group=${GROUP}`;
let session: TmuxSession | undefined;

/** A config home holding `text` as dockmedic/config.yaml. */
function configHome(text: string): string {
	const home = mkdtempSync(path.join(tmpdir(), 'dmt-config-'));
	mkdirSync(path.join(home, 'dockmedic'));
	writeFileSync(path.join(home, 'dockmedic', 'config.yaml'), text);
	return home;
}

beforeAll(() =>
	runContainer(
		`${GROUP}-api`,
		['--label', label],
		['sh', '-c', 'while true; do echo "INFO served"; echo "ERROR: upstream refused"; sleep 0.5; done'],
	),
);
afterEach(() => session?.kill());
afterAll(() => removeLabelled(label));

it('takes remapped keys, a theme and --read-only from the config file', async () => {
	const home = configHome(
		[
			'readOnly: true',
			'theme:',
			'  unicode: false',
			'keys:',
			'  logs.errorsOnly: O',
			'  logs.warningsUp: [V]',
			'',
		].join('\n'),
	);
	session = new TmuxSession(uniqueName('config'), { env: { XDG_CONFIG_HOME: home } });
	// The console's own frame (after the plain one drawn from the list call): its key hints are there.
	const list = await session.waitForScreen((s) => s.includes(`${GROUP}-api`) && s.includes('jk move'));
	// ASCII whatever the locale: the selection pointer is no longer ›.
	expect(list).not.toContain('›');
	expect(list).toContain('^v/jk move');
	await session.openDetails(`${GROUP}-api`);
	session.type('2');
	const logs = await session.waitForScreen(
		(s) => s.includes('upstream refused') && s.includes('INFO served'),
	);
	// The footer shows the new key; read-only: no actions offered.
	expect(logs).toContain('O errors/warnings');
	expect(logs).not.toContain('x actions');
	session.type('e');
	await new Promise((r) => setTimeout(r, 700));
	expect(session.screen()).not.toContain('errors only');
	session.type('O');
	const errors = await session.waitForScreen((s) => s.includes('errors only'));
	expect(errors).not.toContain('INFO served');
	// The help lists the new key.
	session.type('?');
	// ASCII borders too.
	expect(await session.waitForScreen((s) => s.includes('Keys (? or Esc closes)'))).toMatch(/^\+-+\+$/m);
	// Down the help to the logs' keys.
	for (let i = 0; i < 4 && !session.screen().includes('Logs: only errors'); i++) {
		session.keys('PgDn');
		await new Promise((r) => setTimeout(r, 300));
	}
	const help = await session.waitForScreen((s) => s.includes('Logs: only errors'));
	expect(help).toMatch(/O\s+Logs: only errors/);
	// `dockmedic keys` lists the ids the file names, with the keys as remapped.
	const keys = await dockmedic(['keys'], { XDG_CONFIG_HOME: home });
	expect(keys.stdout).toMatch(/^logs\.errorsOnly\s+O\s+Logs: only errors/m);
	expect(keys.stdout).toMatch(/^logs\.warningsUp\s+V\s+/m);
});

it('refuses a config file with problems, each with its line, and starts nothing', async () => {
	const home = configHome(
		['readOnly: yes please', 'keys:', '  logs.errorsOnly: W', '  diagnose.start: "1"', ''].join('\n'),
	);
	const typeError = await dockmedic(['ps'], { XDG_CONFIG_HOME: home });
	expect(typeError.code).toBe(2);
	expect(typeError.stderr).toContain(`${path.join(home, 'dockmedic', 'config.yaml')}:1: readOnly:`);
	const clash = configHome(
		['keys:', '  logs.errorsOnly: W', '  diagnose.start: "1"', '  no.such: x', ''].join('\n'),
	);
	const clashes = await dockmedic(['ps'], { XDG_CONFIG_HOME: clash });
	expect(clashes.code).toBe(2);
	expect(clashes.stdout).toBe('');
	expect(clashes.stderr).toContain(':4: keys.no.such: no such command');
	// The commands that help mend the file still run, saying what is wrong with it.
	const keys = await dockmedic(['keys'], { XDG_CONFIG_HOME: clash });
	expect(keys.code).toBe(0);
	expect(keys.stdout).toMatch(/^logs\.errorsOnly\s+e\s+/m);
	expect(keys.stderr).toContain('no such command (`dockmedic keys` lists them)');
	const valid = configHome(['keys:', '  logs.errorsOnly: W', '  diagnose.start: "1"', ''].join('\n'));
	const both = await dockmedic(['ps'], { XDG_CONFIG_HOME: valid });
	expect(both.code).toBe(2);
	expect(both.stderr).toContain(
		':2: keys.logs.errorsOnly: "W" would mean both logs.errorsOnly and logs.warningsUp in the logs pane',
	);
	expect(both.stderr).toContain(
		':3: keys.diagnose.start: "1" would mean both diagnose.start and opening a pane in the details view',
	);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, type Engine } from '../../src/engine/index.js';
import { LogBuffer } from '../../src/model/log-lines.js';
import {
	removeLabelled,
	runContainer,
	TEST_LABEL,
	testEngine,
	uniqueName,
	waitFor,
} from '../helpers/docker.js';

const GROUP = uniqueName('logs');
const label = `${TEST_LABEL}.group=${GROUP}`;
let engine: Engine;

const SCRIPT =
	'echo "out one"; echo "err one" >&2; printf "\\033[2J\\033]0;owned\\007\\033[31mcoloured\\033[0m\\n"; printf "\\000nul\\377byte\\n"; sleep 3600';

beforeAll(async () => {
	engine = await testEngine();
	await runContainer(`${GROUP}-plain`, ['--label', label], ['sh', '-c', SCRIPT]);
	await runContainer(`${GROUP}-tty`, ['--label', label, '-t'], ['sh', '-c', SCRIPT]);
	await runContainer(`${GROUP}-nolog`, ['--label', label, '--log-driver', 'none'], ['sh', '-c', SCRIPT]);
});

afterAll(() => removeLabelled(label));

async function follow(name: string, tty: boolean): Promise<LogBuffer> {
	const buffer = new LogBuffer(100);
	const controller = new AbortController();
	const done = engine.logs.follow(name, { tail: 50, tty }, controller.signal, (chunk) =>
		buffer.push(chunk.stream, chunk.data.toString('utf8')),
	);
	await waitFor(() => buffer.size >= 4, 10_000);
	controller.abort();
	await done;
	return buffer;
}

describe('following logs on the real engine', () => {
	it('demultiplexes stdout and stderr of a non-TTY container and neutralises control sequences', async () => {
		const lines = (await follow(`${GROUP}-plain`, false))
			.window(10, 0)
			.map(({ stream, text }) => ({ stream, text }));
		expect(lines).toContainEqual({ stream: 'stdout', text: 'out one' });
		expect(lines).toContainEqual({ stream: 'stderr', text: 'err one' });
		expect(lines).toContainEqual({ stream: 'stdout', text: 'coloured' });
		expect(lines.map((l) => l.text).join('\n')).not.toMatch(/[\u0000-\u0008\u001B\u007F]/);
		expect(lines.map((l) => l.text)).toContainEqual(expect.stringContaining('nul'));
	});

	it('reads a TTY container raw (one stream, no frame headers)', async () => {
		const lines = (await follow(`${GROUP}-tty`, true)).window(10, 0);
		expect(lines.every((l) => l.stream === 'stdout')).toBe(true);
		expect(lines.map((l) => l.text)).toEqual(expect.arrayContaining(['out one', 'err one', 'coloured']));
	});

	it('reports a logging driver that cannot be read back', async () => {
		const controller = new AbortController();
		const error = await engine.logs
			.follow(`${GROUP}-nolog`, { tail: 10, tty: false }, controller.signal, () => undefined)
			.catch((e: unknown) => e);
		expect(describeError(error)).toMatch(/does not support reading/);
	});
});

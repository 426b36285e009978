import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.js';
import { PS_ARGS, processRows } from '../../src/model/processes.js';
import {
	docker,
	removeLabelled,
	runContainer,
	TEST_LABEL,
	testEngine,
	uniqueName,
} from '../helpers/docker.js';

const NAME = uniqueName('procs');
const label = `${TEST_LABEL}.group=${NAME}`;
let engine: Engine;

beforeAll(async () => {
	engine = await testEngine();
	// A shell as PID 1 with two children (zombies and stuck I/O are marked by the same model, unit-tested).
	await runContainer(`${NAME}-shell`, ['--label', label], ['sh', '-c', 'sleep 1000 & sleep 1001 & wait']);
	await runContainer(`${NAME}-exec`, ['--label', label], ['sh', '-c', 'exec sleep 1002']);
});

afterAll(() => removeLabelled(label));

describe('the processes pane on the real engine', () => {
	it('lists the processes docker top lists, with a shell as PID 1 marked', async () => {
		const name = `${NAME}-shell`;
		const details = await engine.containers.inspect(name);
		const rows = processRows(await engine.containers.top(name, PS_ARGS), details.pid);
		// The oracle: the docker CLI asked for the same columns.
		const oracle = (await docker('top', name, '-o', 'pid,args'))
			.trim()
			.split('\n')
			.slice(1)
			.map((l) => l.trim().split(/\s+/)[0]);
		expect(rows.map((r) => String(r.pid)).sort()).toEqual([...oracle].sort());
		expect(rows.map((r) => r.command)).toEqual(expect.arrayContaining(['sleep 1000', 'sleep 1001']));
		const init = rows.find((r) => r.pid === details.pid);
		expect(init?.command).toMatch(/^sh -c /);
		expect(init?.mark).toMatch(/a shell is PID 1/);
		expect(rows.filter((r) => r.mark)).toHaveLength(1);
	});

	it('leaves a container whose PID 1 is the program itself unmarked', async () => {
		const name = `${NAME}-exec`;
		const details = await engine.containers.inspect(name);
		const rows = processRows(await engine.containers.top(name, PS_ARGS), details.pid);
		expect(rows.map((r) => [r.pid === details.pid, r.command, r.mark])).toEqual([[true, 'sleep 1002', null]]);
	});
});

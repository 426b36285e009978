import { type Endpoint, Engine } from '../../engine/index.js';
import { diagnose } from '../../playbooks/diagnose.js';
import type { Diagnosis, Remedy, StepRecord } from '../../playbooks/diagnosis.js';
import { applyRemedy } from '../../playbooks/remedies.js';
import type { Playbook } from '../../playbooks/schema.js';
import { helperImage, loadAllPlaybooks } from '../playbook-setup.js';

type Prepared = { engine: Engine; playbooks: Playbook[]; helperImage: string };
let prepared: Promise<Prepared> | undefined;

/**
 * Diagnoses one container for the console. Loaded on the first `d` only; the engine connection,
 * playbooks and helper image are prepared once per session. Playbook load errors are dropped here
 * (stderr belongs to the terminal); `dockmedic playbooks list` shows them.
 */
async function ready(endpoint: Endpoint): Promise<Prepared> {
	prepared ??= (async () => {
		const engine = await Engine.connect(endpoint);
		return {
			engine,
			playbooks: loadAllPlaybooks([], () => undefined),
			helperImage: await helperImage(engine),
		};
	})();
	return prepared.catch((error: unknown) => {
		prepared = undefined;
		throw error;
	});
}

/** Applies a fix the person confirmed in the console. */
export async function applyFixForConsole(endpoint: Endpoint, remedy: Remedy): Promise<string> {
	return applyRemedy((await ready(endpoint)).engine, remedy);
}

export async function diagnoseForConsole(
	endpoint: Endpoint,
	containerId: string,
	onStep: (step: StepRecord) => void,
): Promise<Diagnosis> {
	prepared ??= (async () => {
		const engine = await Engine.connect(endpoint);
		return {
			engine,
			playbooks: loadAllPlaybooks([], () => undefined),
			helperImage: await helperImage(engine),
		};
	})();
	const ready = await prepared.catch((error: unknown) => {
		prepared = undefined;
		throw error;
	});
	return diagnose(containerId, {
		...ready,
		onEvent: (event) => {
			if (event.type === 'step-finished') onStep(event.step);
		},
	});
}

import { describeError, type Endpoint, Engine } from '../../engine/index.js';
import type { Remedy } from '../../playbooks/diagnosis.js';
import { ContainerStore } from '../../store/container-store.js';
import { StatsStore } from '../../store/stats-store.js';
import type { DiagnoseService } from '../../ui/App.js';
import type { ContainerAction } from '../../ui/actions.js';
import type { DetailsService } from '../../ui/details-service.js';
import { endpointFrom, type GlobalOptions } from '../connect.js';

/** The engine side of a console session, started before the UI modules load so the two overlap. */
export type ConsoleSession = {
	readonly endpoint: Endpoint;
	readonly store: ContainerStore;
	/** Diagnoses a container; the playbook machinery loads on first use. */
	readonly diagnose: DiagnoseService;
	/** Stats of the rows on screen, for the list's sparklines. */
	readonly rowStats: StatsStore;
	/** Stats, logs and inspect for the detail panes; the engine side loads on first use. */
	readonly details: DetailsService;
	/** Runs a container action; undefined with --read-only. */
	readonly act: ((containerId: string, action: ContainerAction) => Promise<void>) | undefined;
	/** Applies a diagnosis's safe fix; undefined with --read-only. */
	readonly applyFix: ((remedy: Remedy) => Promise<string>) | undefined;
};

export function openSession(options: GlobalOptions): ConsoleSession {
	const endpoint = endpointFrom(options);
	const store = new ContainerStore({ connect: () => Engine.connect(endpoint), describe: describeError });
	store.start();
	const diagnose: DiagnoseService = async (containerId, onStep, onRunning) => {
		const { diagnoseForConsole } = await import('./console-services.js');
		return diagnoseForConsole(endpoint, containerId, onStep, onRunning, options.showSecrets);
	};
	const applyFix = options.readOnly
		? undefined
		: async (remedy: Remedy) => {
				const { applyFixForConsole } = await import('./console-services.js');
				return applyFixForConsole(endpoint, remedy);
			};
	const services = () =>
		import('./console-services.js').then((m) => m.detailsForConsole(endpoint, options.showSecrets));
	const details: DetailsService = {
		inspect: async (id) => (await services()).inspect(id),
		stats: async (id, signal, onSample, pace) => (await services()).stats(id, signal, onSample, pace),
		logs: async (id, signal, onOutput, logOptions) =>
			(await services()).logs(id, signal, onOutput, logOptions),
	};
	const act = options.readOnly
		? undefined
		: async (containerId: string, action: ContainerAction) => {
				const { actOnContainer } = await import('./console-services.js');
				await actOnContainer(endpoint, containerId, action);
			};
	// List rows read stats rather than stream them: every 2 s (the sparklines' pace) while a container works,
	// every 10 s while it sits idle, which is most of them most of the time; each reading costs the engine.
	const rowStats = new StatsStore((id, signal, onSample) =>
		details.stats(id, signal, onSample, { busyMs: 2000, quietMs: 10_000 }),
	);
	return { endpoint, store, diagnose, applyFix, details, act, rowStats };
}

import { describeError } from '../../engine/index.js';
import type { TuningUpdate } from '../../model/tuning.js';
import type { DiagnoseService, Remedy } from '../../playbooks/diagnosis.js';
import { ContainerStore } from '../../store/container-store.js';
import { FleetStore } from '../../store/fleet-store.js';
import { StatsStore } from '../../store/stats-store.js';
import type { ContainerAction } from '../../ui/actions.js';
import type { DetailsService } from '../../ui/details-service.js';
import type { SwarmService } from '../../ui/swarm-service.js';
import { endpointsFrom, type GlobalOptions } from '../connect.js';
import { prometheusBase } from '../prometheus-reads.js';
import { SharedEngine } from '../shared-engine.js';

/** The live list the console shows: one engine's store, or several engines' under one (FleetStore). */
export type ListStore = Pick<ContainerStore, 'subscribe' | 'getSnapshot' | 'whenListedOrFailed' | 'stop'>;

/** The engine side of a console session, started before the UI modules load so the two overlap. */
export type ConsoleSession = {
	/** What the header names: the endpoint URL, or how many hosts. */
	readonly label: string;
	readonly store: ListStore;
	/** Diagnoses a container; the playbook machinery loads on first use. */
	readonly diagnose: DiagnoseService;
	/** Stats of the rows on screen, for the list's sparklines. */
	readonly rowStats: StatsStore;
	/** Stats, logs and inspect for the detail panes; the engine side loads on first use. */
	readonly details: DetailsService;
	/** Runs a container action; undefined with --read-only. */
	readonly act: ((containerId: string, action: ContainerAction) => Promise<void>) | undefined;
	/** A shell in a container with this terminal (the console steps aside first); undefined with --read-only. */
	readonly shell:
		| ((containerId: string, stepAside: () => void, toolbox?: boolean) => Promise<number>)
		| undefined;
	/** Applies a diagnosis's safe fix to a container; undefined with --read-only. */
	readonly applyFix: ((remedy: Remedy, containerId: string) => Promise<string>) | undefined;
	/** Swarm services of the manager engines, for the services view. */
	readonly swarm: SwarmService;
	/** Writes a container's incident report; resolves with the file's path. */
	readonly report: (containerId: string) => Promise<string>;
	/** Says the first frame is on screen: the containers' details are read from then on. */
	readonly firstFrameDrawn: () => void;
};

/** Longest the details wait for the first frame (a console that fails to draw must not hold them). */
const DETAILS_WAIT_MS = 2000;

export function openSession(options: GlobalOptions): ConsoleSession {
	const named = endpointsFrom(options);
	const prometheusUrl = options.prometheus ?? process.env.DOCKMEDIC_PROMETHEUS;
	const prometheus = prometheusUrl ? prometheusBase(prometheusUrl) : undefined;
	let firstFrameDrawn = () => {};
	const drawn = new Promise<void>((resolve) => {
		firstFrameDrawn = resolve;
		setTimeout(resolve, DETAILS_WAIT_MS).unref();
	});
	const members = named.map(({ name, endpoint }) => {
		// The list and the services share this connection; the list renews it after losing the engine.
		const engine = new SharedEngine(endpoint);
		return {
			name,
			engine,
			store: new ContainerStore({
				connect: () => engine.renew(),
				describe: describeError,
				// Loaded after the first frame, compiled at build time; a broken user signature file is skipped
				// quietly here (diagnose reports it).
				signatures: async () => (await import('../../playbooks/signature-catalogue.js')).triageSignatures(),
				logTriageMs: Number(process.env.DOCKMEDIC_LOG_TRIAGE_MS) || 15_000,
				detailsAfter: drawn,
				onScreen: (id) => rowStats.isWatched(id),
			}),
		};
	});
	const [first] = members as [(typeof members)[number]];
	const fleet = members.length > 1 ? new FleetStore(members) : undefined;
	const store: ListStore & { start(): void } = fleet ?? first.store;
	store.start();
	// Every call about a container goes to the engine that listed it.
	const engineOf = (containerId: string): SharedEngine => {
		const host = fleet?.hostOf(containerId);
		return members.find((m) => m.name === host)?.engine ?? first.engine;
	};
	const services = () => import('./console-services.js');
	const diagnose: DiagnoseService = async (containerId, onStep, onRunning) =>
		(await services()).diagnoseForConsole(
			engineOf(containerId),
			containerId,
			onStep,
			onRunning,
			options.showSecrets,
			fleet?.hostOf(containerId),
		);
	const applyFix = options.readOnly
		? undefined
		: async (remedy: Remedy, containerId: string) =>
				(await services()).applyFixForConsole(engineOf(containerId), remedy);
	const detailsOf = async (id: string) =>
		(await services()).detailsForConsole(engineOf(id), options.showSecrets);
	const details: DetailsService = {
		showSecrets: options.showSecrets ?? false,
		inspect: async (id) => (await detailsOf(id)).inspect(id),
		processes: async (id) => (await detailsOf(id)).processes(id),
		sockets: async (id) => (await detailsOf(id)).sockets(id),
		timeline: async (id) => (await detailsOf(id)).timeline(id),
		hostResources: async (id) => {
			const resources = (await detailsOf(id)).hostResources;
			if (!resources) throw new Error('no engine to ask');
			return resources(id);
		},
		...(options.readOnly
			? {}
			: {
					tune: async (id: string, update: TuningUpdate) => (await detailsOf(id)).tune?.(id, update) ?? '',
					load: async (id, signal, onStart, onProgress) => {
						const load = (await detailsOf(id)).load;
						if (!load) throw new Error('no load runs here');
						return load(id, signal, onStart, onProgress);
					},
				}),
		stats: async (id, signal, onSample, pace) => (await detailsOf(id)).stats(id, signal, onSample, pace),
		logs: async (id, signal, onOutput, logOptions) =>
			(await detailsOf(id)).logs(id, signal, onOutput, logOptions),
		saveLogs: async (id, lines) => (await detailsOf(id)).saveLogs(id, lines),
		projectMembers: async (id) => (await detailsOf(id)).projectMembers(id),
		copyToClipboard: async (lines) => (await services()).copyToTerminalClipboard(lines, options.showSecrets),
		...(prometheus
			? {
					historyFrom: prometheus,
					history: async (id, rangeSeconds, points, signal) =>
						(await services()).historyForConsole(engineOf(id), prometheus, id, rangeSeconds, points, signal),
				}
			: {}),
	};
	const act = options.readOnly
		? undefined
		: async (containerId: string, action: ContainerAction) =>
				(await services()).actOnContainer(engineOf(containerId), containerId, action);
	// List rows read stats rather than stream them: every 2 s (the sparklines' pace) while a container works,
	// every 10 s while it sits idle, which is most of them most of the time; each reading costs the engine.
	const rowStats = new StatsStore((id, signal, onSample) =>
		details.stats(id, signal, onSample, { busyMs: 2000, quietMs: 10_000 }),
	);
	const shell = options.readOnly
		? undefined
		: async (containerId: string, stepAside: () => void, toolbox = false) =>
				(await services()).shellForConsole(engineOf(containerId), containerId, stepAside, toolbox);
	const label = fleet ? `${members.length} hosts` : first.engine.endpoint.url;
	const swarm: SwarmService = {
		services: async () => (await services()).swarmForConsole(members).services(),
		taskToDiagnose: async (service) => (await services()).swarmForConsole(members).taskToDiagnose(service),
	};
	const report = async (containerId: string) =>
		(await services()).reportForConsole(engineOf(containerId), containerId, options.showSecrets);
	return { label, store, diagnose, applyFix, details, act, shell, rowStats, swarm, report, firstFrameDrawn };
}

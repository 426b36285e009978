import type { ContainerDetails } from '../model/container.js';
import type { LoadFigures, LoadProgress, LoadUsage } from '../model/load-result.js';
import type { MetricHistory } from '../model/metric-history.js';
import type { ProcessRow } from '../model/processes.js';
import type { Socket } from '../model/sockets.js';
import type { ReadingPace, StatsSample } from '../model/stats.js';
import type { Timeline } from '../model/timeline.js';
import type { TuningUpdate } from '../model/tuning.js';

/** A finished load run as the console shows it. */
export type ConsoleLoadResult = {
	readonly figures: LoadFigures;
	readonly usage: LoadUsage | null;
	/** The line comparing it with the previous run on the same target, or null for a first run. */
	readonly comparison: string | null;
};

/** What the detail panes need from the engine side; the UI never touches the engine itself. */
/** A container whose logs a merged view follows, by the short name its lines carry. */
export type LogSource = { readonly id: string; readonly name: string };

export type DetailsService = {
	/** --show-secrets: log lines are shown as written; otherwise secret-looking values are masked on screen too. */
	readonly showSecrets?: boolean;
	readonly inspect: (id: string) => Promise<ContainerDetails>;
	/** Derived samples until the signal aborts: streamed (about one a second), or read at a pace. */
	readonly stats: (
		id: string,
		signal: AbortSignal,
		onSample: (sample: StatsSample) => void,
		pace?: ReadingPace,
	) => Promise<void>;
	/** Its processes now, marked (zombies, a shell as PID 1); rejects for a container that is not running. */
	readonly processes: (id: string) => Promise<readonly ProcessRow[]>;
	/**
	 * Its sockets (TCP and UDP, IPv4 and IPv6) read from its network namespace, marked, with the published
	 * ports no socket listens behind; rejects for a container that is not running.
	 */
	readonly sockets: (
		id: string,
	) => Promise<{ readonly sockets: readonly Socket[]; readonly deadPublished: readonly string[] }>;
	/**
	 * Its CPU and memory over the last `rangeSeconds` in about `points` steps, from the Prometheus given
	 * with --prometheus (dockmedic watch's series, or cAdvisor's); absent without one.
	 */
	readonly history?: (
		id: string,
		rangeSeconds: number,
		points: number,
		signal: AbortSignal,
	) => Promise<MetricHistory>;
	/** Where `history` reads from, for the pane to name. */
	readonly historyFrom?: string;
	/** CPUs and memory of the host the container runs on: the ceiling of any limit the tuning advises. */
	readonly hostResources?: (id: string) => Promise<{ readonly cpus: number; readonly memoryBytes: number }>;
	/**
	 * Sets the limits the tuning advises (docker update), journaled; resolves with the command that does the
	 * same. Absent with --read-only.
	 */
	readonly tune?: (id: string, update: TuningUpdate) => Promise<string>;
	/**
	 * A bounded HTTP load run against its port from this machine (the defaults of `dockmedic load`), with
	 * figures each second; resolves with the result, the container's use during it and the run it is shown
	 * against. Absent with --read-only.
	 */
	readonly load?: (
		id: string,
		signal: AbortSignal,
		onStart: (describe: string) => void,
		onProgress: (progress: LoadProgress) => void,
	) => Promise<ConsoleLoadResult>;
	/** Its life over the last hour from the engine's event history, each death with its last log lines. */
	readonly timeline: (id: string) => Promise<Timeline>;
	/**
	 * Writes log lines (secrets masked unless --show-secrets) to a new file named after the container and
	 * the time, under the XDG state folder; resolves with its path.
	 */
	readonly saveLogs: (id: string, lines: readonly string[]) => Promise<string>;
	/**
	 * Puts text on the terminal's clipboard with OSC 52 (secrets masked); false where the terminal is
	 * known to refuse it (the Linux console, DOCKMEDIC_OSC52=0).
	 */
	readonly copyToClipboard: (lines: readonly string[]) => Promise<boolean>;
	/**
	 * Every container of this one's Compose project (it included), named by their service (with the
	 * replica number when a service has several); none for a container of no project.
	 */
	readonly projectMembers: (id: string) => Promise<readonly LogSource[]>;
	/** Follows raw output (demultiplexed) until the signal aborts. */
	readonly logs: (
		id: string,
		signal: AbortSignal,
		onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
		/**
		 * `since`: only output after this time (seconds since the epoch), all of it; otherwise the last lines.
		 * `follow: false` reads what there is now and resolves.
		 */
		options?: { readonly timestamps?: boolean; readonly since?: number; readonly follow?: boolean },
	) => Promise<void>;
};

/** Container states in the engine's own words. */
export const CONTAINER_STATES = [
	'created',
	'running',
	'paused',
	'restarting',
	'removing',
	'exited',
	'dead',
] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** One port of a container; publicPort is absent when the port is only exposed. */
export type PortMapping = {
	readonly privatePort: number;
	readonly type: string;
	readonly publicPort?: number;
	readonly ip?: string;
};

/** What the container list endpoint tells about a container: cheap, one call for all. */
export type ContainerSummary = {
	readonly id: string;
	readonly name: string;
	readonly image: string;
	readonly state: ContainerState;
	/** The engine's human status, e.g. "Up 3 minutes (healthy)" or "Exited (1) 2 hours ago". */
	readonly status: string;
	readonly health: HealthStatus | null;
	readonly createdAt: string;
	readonly ports: readonly PortMapping[];
	readonly labels: Readonly<Record<string, string>>;
};

export type HealthLogEntry = {
	readonly start: string;
	readonly end: string;
	readonly exitCode: number;
	readonly output: string;
};

export type MountInfo = {
	readonly type: string;
	readonly source: string;
	readonly destination: string;
	readonly rw: boolean;
	readonly mode: string;
	readonly propagation: string;
	readonly name?: string;
};

export type NetworkAttachment = {
	readonly name: string;
	readonly ipAddress: string;
	readonly gateway: string;
	readonly aliases: readonly string[];
	readonly networkId: string;
};

/** What inspect tells: everything dockmedic reads about one container. */
export type ContainerDetails = ContainerSummary & {
	readonly exitCode: number;
	readonly oomKilled: boolean;
	readonly restartCount: number;
	readonly error: string;
	readonly pid: number;
	readonly startedAt: string | null;
	readonly finishedAt: string | null;
	readonly healthLog: readonly HealthLogEntry[];
	readonly config: {
		readonly user: string;
		readonly env: readonly string[];
		readonly cmd: readonly string[];
		readonly entrypoint: readonly string[];
		readonly workingDir: string;
		readonly tty: boolean;
		readonly hostname: string;
		readonly exposedPorts: readonly string[];
		readonly healthcheck: readonly string[] | null;
	};
	readonly hostConfig: {
		readonly networkMode: string;
		readonly restartPolicy: { readonly name: string; readonly maximumRetryCount: number };
		/** docker run --rm. */
		readonly autoRemove: boolean;
		readonly memoryBytes: number;
		/** 0: unset (twice the memory), -1: unlimited. */
		readonly memorySwapBytes: number;
		readonly nanoCpus: number;
		readonly cpuQuota: number;
		readonly cpuPeriod: number;
		readonly pidsLimit: number | null;
		readonly readonlyRootfs: boolean;
		readonly tmpfs: Readonly<Record<string, string>>;
		readonly logDriver: string;
		readonly extraHosts: readonly string[];
		readonly dns: readonly string[];
		readonly portBindings: Readonly<Record<string, readonly { hostIp: string; hostPort: string }[]>>;
	};
	readonly mounts: readonly MountInfo[];
	readonly networks: readonly NetworkAttachment[];
};

/** A container lifecycle event from the engine's events stream. */
export type ContainerEvent = {
	readonly id: string;
	/** e.g. start, die, stop, destroy, rename, health_status: healthy, oom. */
	readonly action: string;
	readonly name: string;
	readonly time: number;
	/** The same moment in nanoseconds, when the engine gives it: log lines are finer than seconds. */
	readonly timeNano?: number;
	readonly attributes: Readonly<Record<string, string>>;
};

/** The engine as seen once connected. */
export type EngineInfo = {
	readonly endpoint: string;
	readonly version: string;
	readonly apiVersion: string;
	readonly os: string;
	readonly arch: string;
};

export function isContainerState(value: string): value is ContainerState {
	return (CONTAINER_STATES as readonly string[]).includes(value);
}

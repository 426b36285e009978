/** The engine's container list entries and inspect output, as dockmedic's container types. */
import type Dockerode from 'dockerode';
import {
	type ContainerDetails,
	type ContainerState,
	type ContainerSummary,
	type HealthStatus,
	isContainerState,
	type PortMapping,
} from '../model/container.js';
import { statusText } from '../model/container-list.js';

/** Turns the engine's raw list entry into a typed summary. */
export function toSummary(raw: Dockerode.ContainerInfo): ContainerSummary {
	return {
		id: raw.Id,
		name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
		image: raw.Image,
		state: toState(raw.State),
		status: raw.Status ?? '',
		health: healthFromStatus(raw.Status ?? ''),
		createdAt: new Date(raw.Created * 1000).toISOString(),
		ports: dedupePorts(
			(raw.Ports ?? []).map((p) => ({
				privatePort: p.PrivatePort,
				type: p.Type,
				...(p.PublicPort ? { publicPort: p.PublicPort } : {}),
				...(p.IP ? { ip: p.IP } : {}),
			})),
		),
		labels: raw.Labels ?? {},
	};
}

/** Turns inspect output into typed details. The status text is derived as the docker CLI shows it. */
export function toDetails(raw: Dockerode.ContainerInspectInfo, now = Date.now()): ContainerDetails {
	const state = raw.State;
	const status = toState(state.Status);
	const health = (state.Health?.Status as HealthStatus | 'none' | undefined) ?? null;
	const healthStatus = health && health !== 'none' ? health : null;
	const hostConfig = raw.HostConfig as Dockerode.HostConfig & {
		PidsLimit?: number | null;
		ReadonlyRootfs?: boolean;
	};
	const config = raw.Config;
	const startedAt = realTime(state.StartedAt);
	const finishedAt = realTime(state.FinishedAt);
	const details: ContainerDetails = {
		id: raw.Id,
		name: raw.Name.replace(/^\//, ''),
		image: config.Image,
		state: status,
		status: '',
		health: healthStatus,
		createdAt: raw.Created,
		ports: portsFromInspect(raw),
		labels: config.Labels ?? {},
		exitCode: state.ExitCode,
		oomKilled: state.OOMKilled,
		restartCount: raw.RestartCount ?? 0,
		error: state.Error ?? '',
		pid: state.Pid,
		startedAt,
		finishedAt,
		healthLog: (state.Health?.Log ?? []).map((entry) => ({
			start: entry.Start,
			end: entry.End,
			exitCode: entry.ExitCode,
			output: entry.Output,
		})),
		config: {
			user: config.User ?? '',
			env: config.Env ?? [],
			cmd: asList(config.Cmd),
			entrypoint: asList(config.Entrypoint as string | string[] | undefined),
			workingDir: config.WorkingDir ?? '',
			tty: config.Tty ?? false,
			hostname: config.Hostname ?? '',
			exposedPorts: Object.keys(config.ExposedPorts ?? {}),
			healthcheck: (config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test ?? null,
		},
		hostConfig: {
			networkMode: hostConfig.NetworkMode ?? 'default',
			restartPolicy: {
				name: hostConfig.RestartPolicy?.Name || 'no',
				maximumRetryCount: hostConfig.RestartPolicy?.MaximumRetryCount ?? 0,
			},
			memoryBytes: hostConfig.Memory ?? 0,
			autoRemove: hostConfig.AutoRemove === true,
			memorySwapBytes: hostConfig.MemorySwap ?? 0,
			nanoCpus: hostConfig.NanoCpus ?? 0,
			cpuQuota: hostConfig.CpuQuota ?? 0,
			cpuPeriod: hostConfig.CpuPeriod ?? 0,
			pidsLimit: hostConfig.PidsLimit && hostConfig.PidsLimit > 0 ? hostConfig.PidsLimit : null,
			readonlyRootfs: hostConfig.ReadonlyRootfs ?? false,
			tmpfs: (hostConfig as { Tmpfs?: Record<string, string> }).Tmpfs ?? {},
			logDriver: hostConfig.LogConfig?.Type ?? '',
			extraHosts: hostConfig.ExtraHosts ?? [],
			dns: hostConfig.Dns ?? [],
			portBindings: Object.fromEntries(
				Object.entries(hostConfig.PortBindings ?? {}).map(([port, bindings]) => [
					port,
					((bindings as { HostIp?: string; HostPort?: string }[] | null) ?? []).map((b) => ({
						hostIp: b.HostIp ?? '',
						hostPort: b.HostPort ?? '',
					})),
				]),
			),
		},
		mounts: (raw.Mounts ?? []).map((m) => ({
			type: m.Type ?? 'bind',
			source: m.Source,
			destination: m.Destination,
			rw: m.RW,
			mode: m.Mode ?? '',
			propagation: m.Propagation ?? '',
			...(m.Name ? { name: m.Name } : {}),
		})),
		networks: Object.entries(raw.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
			name,
			ipAddress: n.IPAddress ?? '',
			gateway: n.Gateway ?? '',
			aliases: n.Aliases ?? [],
			networkId: n.NetworkID ?? '',
		})),
	};
	return { ...details, status: statusText(details, now) };
}

function toState(value: string | undefined): ContainerState {
	return value && isContainerState(value) ? value : 'dead';
}

function healthFromStatus(status: string): HealthStatus | null {
	if (status.includes('(healthy)')) return 'healthy';
	if (status.includes('(unhealthy)')) return 'unhealthy';
	if (status.includes('(health: starting)')) return 'starting';
	return null;
}

/** The engine writes 0001-01-01T00:00:00Z for "never". */
function realTime(value: string | undefined): string | null {
	return value && !value.startsWith('0001-') ? value : null;
}

function asList(value: string | string[] | undefined | null): string[] {
	if (!value) return [];
	return Array.isArray(value) ? value : [value];
}

function portsFromInspect(raw: Dockerode.ContainerInspectInfo): PortMapping[] {
	const ports: PortMapping[] = [];
	const published = raw.NetworkSettings?.Ports ?? {};
	const exposed = new Set([...Object.keys(raw.Config.ExposedPorts ?? {}), ...Object.keys(published)]);
	for (const key of exposed) {
		const [port, type = 'tcp'] = key.split('/');
		const bindings = (published as Record<string, { HostIp: string; HostPort: string }[] | null>)[key] ?? [];
		if (bindings.length === 0) ports.push({ privatePort: Number(port), type });
		for (const b of bindings) {
			ports.push({
				privatePort: Number(port),
				type,
				publicPort: Number(b.HostPort),
				...(b.HostIp ? { ip: b.HostIp } : {}),
			});
		}
	}
	return dedupePorts(ports);
}

/** Newer engines list a published port once per address family; one row per port is enough. */
function dedupePorts(ports: PortMapping[]): PortMapping[] {
	const seen = new Map<string, PortMapping>();
	for (const p of ports) {
		const key = `${p.privatePort}/${p.type}/${p.publicPort ?? ''}/${p.ip === '::' ? '0.0.0.0' : (p.ip ?? '')}`;
		if (!seen.has(key)) seen.set(key, p);
	}
	return [...seen.values()].sort(
		(a, b) => a.privatePort - b.privatePort || (a.publicPort ?? 0) - (b.publicPort ?? 0),
	);
}

import type Docker from 'dockerode';
import type { ContainerSpec } from '../model/container-spec.js';

/** The Engine API create body for a spec: the same container `toDockerRun(spec)` describes. */
export function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
	const exposed: Record<string, object> = {};
	const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
	for (const port of spec.expose ?? []) exposed[`${port}/tcp`] = {};
	for (const p of spec.ports ?? []) {
		exposed[`${p.containerPort}/tcp`] = {};
		bindings[`${p.containerPort}/tcp`] = [{ HostIp: p.hostIp ?? '', HostPort: String(p.hostPort) }];
	}
	const seconds = (s: number) => Math.round(s * 1e9);
	return {
		name: spec.name,
		Image: spec.image,
		...(spec.command ? { Cmd: [...spec.command] } : {}),
		...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
		Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
		...(spec.user ? { User: spec.user } : {}),
		Labels: { ...spec.labels },
		ExposedPorts: exposed,
		...(spec.health
			? {
					Healthcheck: {
						Test: ['CMD-SHELL', spec.health.command],
						Interval: seconds(spec.health.intervalS),
						Timeout: seconds(spec.health.timeoutS),
						Retries: spec.health.retries,
					},
				}
			: {}),
		HostConfig: {
			...(spec.network ? { NetworkMode: spec.network } : {}),
			PortBindings: bindings,
			Binds: (spec.binds ?? []).map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`),
			...(spec.tmpfs ? { Tmpfs: { ...spec.tmpfs } } : {}),
			ReadonlyRootfs: spec.readOnlyRootfs ?? false,
			RestartPolicy: { Name: spec.restart ?? 'no' },
			...(spec.memoryBytes ? { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes } : {}),
			...(spec.nanoCpus ? { NanoCpus: spec.nanoCpus } : {}),
			...(spec.pidsLimit ? { PidsLimit: spec.pidsLimit } : {}),
			...(spec.nofile ? { Ulimits: [{ Name: 'nofile', Soft: spec.nofile, Hard: spec.nofile }] } : {}),
			...(spec.logDriver ? { LogConfig: { Type: spec.logDriver, Config: { ...spec.logOptions } } } : {}),
			...(spec.init ? { Init: true } : {}),
			...(spec.extraHosts ? { ExtraHosts: [...spec.extraHosts] } : {}),
			...(spec.dns ? { Dns: [...spec.dns] } : {}),
		},
		...(spec.network && spec.ip
			? {
					NetworkingConfig: { EndpointsConfig: { [spec.network]: { IPAMConfig: { IPv4Address: spec.ip } } } },
				}
			: {}),
	};
}

/** Networks: the ones labs create and remove by label, and joining a container to one. */
import type Docker from 'dockerode';
import { type Connection, callWithOptions, ignoreStatus } from './calls.js';

export type NetworkSummary = {
	readonly id: string;
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
};

export type NetworkClient = {
	/** Creates a bridge network; with a subnet, containers on it can have fixed addresses. */
	create(
		name: string,
		labels: Readonly<Record<string, string>>,
		options?: { subnet?: string },
	): Promise<void>;
	/** Networks carrying a label (key or key=value). */
	listByLabel(label: string): Promise<NetworkSummary[]>;
	/** Removes a network; one already gone (404) counts as removed. */
	remove(idOrName: string): Promise<void>;
	/** Joins a container to a network (docker network connect). */
	connect(network: string, container: string): Promise<void>;
};

export function networkClient(conn: Connection): NetworkClient {
	const { docker } = conn;
	return {
		async create(name, labels, options = {}) {
			await conn.call(`create network ${name}`, (abortSignal) =>
				docker.createNetwork({
					Name: name,
					Labels: { ...labels },
					...(options.subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: options.subnet }] } } : {}),
					CheckDuplicate: true,
					abortSignal,
				} as Docker.NetworkCreateOptions),
			);
		},

		async listByLabel(label) {
			const raw = await conn.call(`list networks labelled ${label}`, (abortSignal) =>
				callWithOptions<Docker.NetworkInspectInfo[]>(docker, 'listNetworks', {
					filters: { label: [label] },
					abortSignal,
				}),
			);
			return raw.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
		},

		async remove(idOrName) {
			await conn.call(`remove network ${idOrName}`, (abortSignal) =>
				docker.getNetwork(idOrName).remove({ abortSignal }).catch(ignoreStatus(404)),
			);
		},

		async connect(network, container) {
			await conn.call(`connect ${container} to network ${network}`, (abortSignal) =>
				callWithOptions(docker.getNetwork(network), 'connect', { Container: container, abortSignal }),
			);
		},
	};
}

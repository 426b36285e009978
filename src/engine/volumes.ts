/** Volumes: finding, creating and removing named volumes (backup and restore). */
import type Docker from 'dockerode';
import { type Connection, ignoreStatus } from './calls.js';

export type VolumeSummary = {
	readonly name: string;
	readonly driver: string;
	readonly mountpoint: string;
	readonly labels: Readonly<Record<string, string>>;
};

export type VolumeClient = {
	/** One volume by name; null when there is none. */
	inspect(name: string): Promise<VolumeSummary | null>;
	/** Creates a local volume (docker volume create). */
	create(name: string, labels: Readonly<Record<string, string>>): Promise<void>;
	/** Removes a volume; one already gone counts as removed. */
	remove(name: string): Promise<void>;
	/** Volumes carrying a label (key or key=value). */
	listByLabel(label: string): Promise<VolumeSummary[]>;
};

type RawVolume = { Name: string; Driver: string; Mountpoint: string; Labels?: Record<string, string> | null };

const toVolume = (raw: RawVolume): VolumeSummary => ({
	name: raw.Name,
	driver: raw.Driver,
	mountpoint: raw.Mountpoint,
	labels: raw.Labels ?? {},
});

export function volumeClient(conn: Connection): VolumeClient {
	const { docker } = conn;
	return {
		async inspect(name) {
			try {
				const raw = await conn.call(`inspect volume ${name}`, (abortSignal) =>
					docker.getVolume(name).inspect({ abortSignal } as object),
				);
				return toVolume(raw as RawVolume);
			} catch (error) {
				if ((error as { statusCode?: number }).statusCode === 404) return null;
				throw error;
			}
		},

		async create(name, labels) {
			await conn.call(`create volume ${name}`, (abortSignal) =>
				docker.createVolume({ Name: name, Labels: { ...labels }, abortSignal } as Docker.VolumeCreateOptions),
			);
		},

		async remove(name) {
			await conn.call(`remove volume ${name}`, (abortSignal) =>
				docker
					.getVolume(name)
					.remove({ abortSignal } as object)
					.catch(ignoreStatus(404)),
			);
		},

		async listByLabel(label) {
			const raw = await conn.call(`list volumes labelled ${label}`, (abortSignal) =>
				docker.listVolumes({ filters: { label: [label] }, abortSignal } as object),
			);
			return ((raw as { Volumes?: RawVolume[] | null }).Volumes ?? []).map(toVolume);
		},
	};
}

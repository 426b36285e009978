import { Table } from '@alcalzone/ink-table';
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { composeInfo } from '../../model/compose.js';
import type { ContainerDetails } from '../../model/container.js';
import { exitCodeMeaning } from '../../model/exit-codes.js';
import { formatPorts } from '../../model/format.js';
import { sanitizeLine } from '../../model/sanitize.js';
import { cpuLimit } from '../../model/stats.js';
import type { DetailsService } from '../details-service.js';
import { fitTable } from '../format/table-fit.js';
import type { Theme } from '../theme.js';

type InspectPaneProps = {
	/** Index of the table to show; wraps around. */
	readonly section: number;
	readonly id: string;
	readonly service: DetailsService;
	/** Columns of screen: wider tables have their widest columns cut to fit. */
	readonly width: number;
	readonly theme: Theme;
};

type Row = Record<string, string>;

/**
 * docker inspect as tables: state, config (secrets arrive masked by the service), resources, network,
 * mounts, labels. Every value that a container's creator chose goes through the sanitiser.
 */
export function InspectPane({ id, service, width, theme, section }: InspectPaneProps) {
	const [details, setDetails] = useState<ContainerDetails | null>(null);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		service
			.inspect(id)
			.then(setDetails, (e: Error) => setError(e.message.split('\n')[0] ?? 'inspect failed'));
	}, [id, service]);
	if (error) return <Text color={theme.color.error}>{error}</Text>;
	if (!details) return <Text color={theme.color.muted}>Reading inspect…</Text>;
	const sections: [string, Row[]][] = [
		['State', stateRows(details)],
		['Config', configRows(details)],
		['Resources', resourceRows(details)],
		['Network', networkRows(details)],
		['Mounts', mountRows(details)],
		['Labels', labelRows(details)],
	];
	const index = section % sections.length;
	const [title, data] = sections[index] ?? ['State', []];
	return (
		<Box flexDirection="column" flexShrink={0}>
			<Text>
				{sections.map(([name], i) => (
					<Text key={name} bold={i === index} color={i === index ? theme.color.accent : theme.color.muted}>
						{i === index ? `[${name}]` : ` ${name} `}{' '}
					</Text>
				))}
				<Text color={theme.color.muted}>(← → switch)</Text>
			</Text>
			{data.length ? (
				<Table data={fitTable(data, width)} />
			) : (
				<Text color={theme.color.muted}>No {title.toLowerCase()}.</Text>
			)}
		</Box>
	);
}

const clean = (text: string) => sanitizeLine(text).slice(0, 60);

export function stateRows(d: ContainerDetails): Row[] {
	const last = d.healthLog.at(-1);
	return [
		...composeRows(d),
		{ field: 'status', value: d.state },
		{
			field: 'exit code',
			// The engine reports 0 while a container runs: that is no exit, so it is not called one.
			value:
				d.state === 'running' || d.state === 'paused' || (d.state === 'created' && !d.finishedAt)
					? `- (${d.state}; no exit yet)`
					: `${d.exitCode} (${exitCodeMeaning(d.exitCode)})`,
		},
		{ field: 'OOMKilled', value: String(d.oomKilled) },
		{ field: 'error', value: clean(d.error || '-') },
		{ field: 'started / finished', value: `${d.startedAt ?? '-'} / ${d.finishedAt ?? '-'}` },
		{ field: 'restarts', value: String(d.restartCount) },
		{
			field: 'health',
			value: d.health
				? `${d.health}${last ? `, last exit ${last.exitCode}: ${clean(last.output.trim())}` : ''}`
				: '-',
		},
	];
}

/** Which Compose project and service the container is, and where its file is: what a fix changes. */
function composeRows(d: ContainerDetails): Row[] {
	const info = composeInfo(d.labels);
	if (!info) return [];
	return [
		{ field: 'compose project', value: clean(info.project) },
		{
			field: 'service',
			value: `${clean(info.service)}${info.number ? ` (replica ${info.number})` : ''}${info.oneoff ? ', one-off run' : ''}`,
		},
		{ field: 'config files', value: clean(info.configFiles.join(', ') || '-') },
		{ field: 'working dir', value: clean(info.workingDir ?? '-') },
	];
}

export function configRows(d: ContainerDetails): Row[] {
	return [
		{ field: 'image', value: d.image },
		{ field: 'command', value: clean([...d.config.entrypoint, ...d.config.cmd].join(' ') || '-') },
		{ field: 'user', value: clean(d.config.user || '(image default)') },
		{ field: 'working dir', value: clean(d.config.workingDir || '/') },
		...d.config.env.map((entry) => ({ field: 'env', value: clean(entry) })),
	];
}

function resourceRows(d: ContainerDetails): Row[] {
	const h = d.hostConfig;
	return [
		{
			field: 'cpus',
			value: cpuLimit(h) ? String(cpuLimit(h)) : 'no limit',
		},
		{ field: 'memory', value: h.memoryBytes ? `${Math.round(h.memoryBytes / 1048576)} MiB` : 'no limit' },
		{ field: 'pids', value: h.pidsLimit ? String(h.pidsLimit) : 'no limit' },
		{
			field: 'restart policy',
			value: `${h.restartPolicy.name}${h.restartPolicy.maximumRetryCount ? `:${h.restartPolicy.maximumRetryCount}` : ''}`,
		},
		{ field: 'read-only rootfs', value: String(h.readonlyRootfs) },
		{ field: 'log driver', value: h.logDriver || 'json-file' },
	];
}

function networkRows(d: ContainerDetails): Row[] {
	return [
		{ network: `mode ${d.hostConfig.networkMode}`, ip: '', aliases: '', ports: formatPorts(d.ports) || '-' },
		...d.networks.map((n) => ({
			network: n.name,
			ip: n.ipAddress || '-',
			aliases: clean(n.aliases.join(' ') || '-'),
			ports: '',
		})),
	];
}

function labelRows(d: ContainerDetails): Row[] {
	return Object.entries(d.labels)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, value]) => ({ label: clean(key), value: clean(value) || '""' }));
}

function mountRows(d: ContainerDetails): Row[] {
	return d.mounts.map((m) => ({
		type: m.type,
		source: clean(m.source),
		destination: clean(m.destination),
		rw: m.rw ? 'rw' : 'ro',
		propagation: m.propagation || '-',
	}));
}

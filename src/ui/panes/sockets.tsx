import { Box, Text } from 'ink';
import type { Socket } from '../../model/sockets.js';
import type { DetailsService } from '../details-service.js';
import { usePolled } from '../hooks/use-polled.js';
import type { Theme } from '../theme.js';
import { definePane } from './pane.js';

/** Read again this often while shown: connections come and go. */
const REFRESH_MS = 2000;

export const socketsPane = definePane<null>({
	id: 'sockets',
	key: '5',
	title: 'Sockets',
	description:
		'Details: sockets (TCP, UDP) in its network namespace, with the published ports: loopback-only listeners, ports nothing listens behind, connections stuck in SYN_SENT',
	initial: null,
	render: ({ id, service, width, height, theme }) => (
		<SocketsPane id={id} service={service} width={width} height={height} theme={theme} />
	),
});

/** Listeners first, then the rest; marked ones say why (loopback-only, published as…, no answer yet). */
function SocketsPane(props: {
	readonly id: string;
	readonly service: DetailsService;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
}) {
	const { id, service, width, height, theme } = props;
	const { value: read, problem } = usePolled(service.sockets, id, REFRESH_MS);
	if (problem) return <Text color={theme.color.error}>{problem}</Text>;
	if (!read) return <Text color={theme.color.muted}>Reading the sockets…</Text>;
	const rank = (s: Socket) =>
		s.state === 'LISTEN' || s.state === 'UNCONN' ? 0 : s.state === 'SYN_SENT' ? 1 : 2;
	const sorted = [...read.sockets].sort((a, b) => rank(a) - rank(b) || a.localPort - b.localPort);
	const warned = sorted.filter((s) => s.mark && !s.mark.startsWith('published'));
	const room = Math.max(1, height - 2 - read.deadPublished.length - warned.length);
	const end = (address: string, port: number) =>
		address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
	// In the table a short tag; below it, one line of why for each marked socket.
	const tag = (s: Socket) =>
		!s.mark
			? ''
			: s.mark.startsWith('published')
				? s.mark
				: s.state === 'SYN_SENT'
					? 'no answer'
					: 'loopback only';
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color.muted} wrap="truncate-end">
				{`  PROTO LOCAL                  REMOTE                 STATE        (${read.sockets.length})`.slice(
					0,
					width,
				)}
			</Text>
			{read.sockets.length === 0 ? <Text color={theme.color.muted}> No sockets.</Text> : null}
			{sorted.slice(0, room).map((s) => (
				<Text
					key={`${s.protocol} ${end(s.localAddress, s.localPort)} ${end(s.remoteAddress, s.remotePort)}`}
					color={warned.includes(s) ? theme.color.warn : undefined}
					wrap="truncate-end"
				>
					{`${warned.includes(s) ? '!' : ' '} ${s.protocol.padEnd(5)} ${end(s.localAddress, s.localPort).padEnd(22)} ${(s.state === 'LISTEN' || s.state === 'UNCONN' ? '' : end(s.remoteAddress, s.remotePort)).padEnd(22)} ${s.state.padEnd(12)} ${tag(s)}`}
				</Text>
			))}
			{warned.map((s) => (
				<Text
					key={`why ${s.protocol} ${s.localPort} ${s.remoteAddress}:${s.remotePort}`}
					color={theme.color.warn}
					wrap="wrap"
				>
					{`! ${end(s.localAddress, s.localPort)}: ${s.mark}`}
				</Text>
			))}
			{read.deadPublished.map((p) => (
				<Text key={p} color={theme.color.warn} wrap="truncate-end">
					{`! published ${p}: nothing listens behind it`}
				</Text>
			))}
		</Box>
	);
}

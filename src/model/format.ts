import type { PortMapping } from './container.js';
import { cutToWidth, displayWidth } from './text-width.js';

/** Docker's HumanDuration wording (go-units), e.g. "Less than a second", "3 minutes", "About an hour". */
export function humanDuration(ms: number): string {
	// go-units truncates seconds and minutes, and rounds hours.
	const seconds = Math.floor(Math.max(0, ms) / 1000);
	if (seconds < 1) return 'Less than a second';
	if (seconds === 1) return '1 second';
	if (seconds < 60) return `${seconds} seconds`;
	const minutes = Math.floor(seconds / 60);
	if (minutes === 1) return 'About a minute';
	if (minutes < 60) return `${minutes} minutes`;
	const hours = Math.round(seconds / 3600);
	if (hours === 1) return 'About an hour';
	if (hours < 48) return `${hours} hours`;
	if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
	if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
	if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
	return `${Math.floor(hours / 24 / 365)} years`;
}

/** Bytes as docker stats prints them (binary units): 1.5MiB, 512KiB. */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)}${units[unit]}`;
}

/** Compact duration for a narrow column: 45s, 12m, 3h, 5d. */
export function shortDuration(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m`;
	if (s < 86400 * 2) return `${Math.floor(s / 3600)}h`;
	return `${Math.floor(s / 86400)}d`;
}

/**
 * A port the way `docker ps` prints it: 0.0.0.0:8080->80/tcp, or 80/tcp when only exposed.
 * Compact form drops the all-interfaces address (8080->80/tcp) for narrow tables.
 */
export function formatPort(port: PortMapping, options: { compact?: boolean } = {}): string {
	if (port.publicPort === undefined) return `${port.privatePort}/${port.type}`;
	const ip = port.ip ?? '0.0.0.0';
	if (options.compact && (ip === '0.0.0.0' || ip === '::'))
		return `${port.publicPort}->${port.privatePort}/${port.type}`;
	const host = ip.includes(':') ? `[${ip}]` : ip;
	return `${host}:${port.publicPort}->${port.privatePort}/${port.type}`;
}

export function formatPorts(ports: readonly PortMapping[], options: { compact?: boolean } = {}): string {
	return ports.map((port) => formatPort(port, options)).join(', ');
}

/** Cuts text to a display width (terminal columns), marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	if (width === 1) return '…';
	return `${cutToWidth(text, width - 1)}…`;
}

/** Text cut or padded with spaces to exactly `width` columns of terminal. */
export function padEnd(text: string, width: number): string {
	const cut = truncate(text, width);
	return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

const BLOCKS = '▁▂▃▄▅▆▇█';
const ASCII_BLOCKS = '_.-~=+*#';

/** A one-line chart of the last `width` values, scaled to `max` (or the series' own maximum). */
export function sparkline(
	values: readonly number[],
	width: number,
	options: { max?: number; ascii?: boolean } = {},
): string {
	const chars = options.ascii ? ASCII_BLOCKS : BLOCKS;
	const shown = values.slice(-width);
	const top = options.max ?? Math.max(1, ...shown);
	const line = shown
		.map((v) => chars[Math.min(chars.length - 1, Math.max(0, Math.round((v / top) * (chars.length - 1))))])
		.join('');
	return line.padStart(width, ' ');
}

/** A timeline as text, JSON (the documented shape) and Markdown: what `dockmedic timeline` and reports print. */
import type { Timeline } from './timeline.js';

const at = (seconds: number) => new Date(Math.round(seconds * 1000)).toISOString();

/** The documented JSON shape (README): times as RFC 3339. */
export function toJson(t: Timeline) {
	return {
		container: t.container,
		since: at(t.since),
		until: at(t.until),
		deaths: t.deaths,
		restarts: t.restarts,
		secondsBetweenDeaths: t.secondsBetweenDeaths,
		deathsPerHour: t.deathsPerHour,
		entries: t.entries.map((e) => ({
			time: at(e.time),
			action: e.action,
			summary: e.summary,
			bad: e.bad,
			lastLines: e.lastLines ?? [],
		})),
	};
}

function loop(t: Timeline): string {
	if (t.deaths === 0) return 'no death in this window';
	return `${t.deaths} deaths, ${t.restarts} restarts${t.secondsBetweenDeaths !== null ? `, one every ${t.secondsBetweenDeaths} s on average` : ''} (${t.deathsPerHour}/h)`;
}

export function toText(t: Timeline): string {
	const lines = [`${t.container}: ${at(t.since)} to ${at(t.until)}: ${loop(t)}`, ''];
	if (t.entries.length === 0) lines.push('  (no events in this window; the engine keeps only its last 256)');
	for (const e of t.entries) {
		lines.push(`  ${at(e.time)}  ${e.bad ? '!' : ' '} ${e.summary}`);
		for (const line of e.lastLines ?? []) lines.push(`                          | ${line}`);
	}
	return `${lines.join('\n')}\n`;
}

export function toMarkdown(t: Timeline): string {
	const lines = [
		`## Timeline of ${t.container}`,
		'',
		`${at(t.since)} to ${at(t.until)}: ${loop(t)}.`,
		'',
		'| time | event |',
		'|---|---|',
	];
	for (const e of t.entries) {
		const last = e.lastLines?.length
			? `<br>last lines: ${e.lastLines.map((l) => `\`${l.replace(/[`|]/g, "'")}\``).join(' ')}`
			: '';
		lines.push(
			`| ${at(e.time)} | ${e.bad ? '**' : ''}${e.summary.replace(/\|/g, '\\|')}${e.bad ? '**' : ''}${last} |`,
		);
	}
	return `${lines.join('\n')}\n`;
}

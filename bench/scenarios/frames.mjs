// The cost of one frame in Ink as the console uses it (with the ansi-tokenize override and the patch in
// patches/), in this process, without the engine: a 120x39 screen of log lines, redrawn when only the status
// line changed (a key) and when every line moved (new log lines). Milliseconds per frame, median of 5 batches.
import { EventEmitter } from 'node:events';
import { Box, render, Text } from 'ink';
import React from 'react';
import { median, QUICK } from '../lib.mjs';

const h = React.createElement;

/** A terminal that only counts what it is sent. */
class CountingTerminal extends EventEmitter {
	columns = 120;
	rows = 40;
	isTTY = true;
	bytes = 0;
	write(text) {
		this.bytes += text.length;
		return true;
	}
}

function Screen({ frame, shift }) {
	const lines = Array.from({ length: 36 }, (_, i) => {
		const n = i + shift;
		return h(
			Text,
			{ key: i, wrap: 'truncate-end', color: n % 9 === 0 ? 'red' : undefined },
			n % 9 === 0 ? '! ' : '  ',
			`GET /api/orders/${n} 200 12ms user=${n * 7} trace=${(n * 2654435761).toString(16)}`,
		);
	});
	return h(
		Box,
		{ flexDirection: 'column', width: 120, height: 39 },
		h(Text, { color: 'cyan' }, 'dockmedic unix:///var/run/docker.sock engine 20.10.24 (API 1.41) [live]'),
		h(Text, { color: 'gray' }, `following · ${frame} lines${frame % 2 ? ' · wrap' : ''}`),
		...lines,
	);
}

function msPerFrame(moving, frames) {
	const stdout = new CountingTerminal();
	const stdin = Object.assign(new EventEmitter(), {
		isTTY: false,
		setEncoding() {},
		read: () => null,
		ref() {},
		unref() {},
	});
	const instance = render(h(Screen, { frame: 0, shift: 0 }), {
		stdout,
		stdin,
		maxFps: 0,
		patchConsole: false,
	});
	const started = performance.now();
	for (let i = 1; i <= frames; i++) instance.rerender(h(Screen, { frame: i, shift: moving ? i * 40 : 0 }));
	const ms = (performance.now() - started) / frames;
	instance.unmount();
	return ms;
}

export async function frames() {
	const count = QUICK ? 20 : 200;
	const batches = (moving) => median(Array.from({ length: 5 }, () => msPerFrame(moving, count)));
	return [
		{
			scenario: 'frames, 120x39',
			metric: 'a frame after a key (status line changed)',
			dockmedic: batches(false),
			unit: 'ms',
		},
		{
			scenario: 'frames, 120x39',
			metric: 'a frame of new log lines (every line moved)',
			dockmedic: batches(true),
			unit: 'ms',
		},
	];
}

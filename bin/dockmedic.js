#!/usr/bin/env node
// Thin launcher: everything lives in the bundled CLI.
import { setFlagsFromString } from 'node:v8';

// A long-running console wants a small young generation: V8 lets it grow to 2 x 16 MiB, which was a
// quarter of the console's resident memory at rest (measured). Pinned at its 1 MiB start instead: set
// here, before the heap grows (a semi-space flag in NODE_OPTIONS wins).
if (!/semi-space/.test(process.env.NODE_OPTIONS ?? '')) {
	setFlagsFromString('--max-semi-space-size=1');
	setFlagsFromString('--semi-space-growth-factor=1');
}
// Memory over peak speed, for a tool run on servers short of memory: no optimising compiler (TurboFan's
// code, its compilation zones and the parts of the node executable it touches: 10 MiB of the console at
// rest) and V8's small-heap settings. The console mostly waits; its CPU at rest did not change (bench/,
// README). DOCKMEDIC_FAST_JS=1 keeps V8's defaults, for a log flood on a machine with memory to spare.
if (!process.env.DOCKMEDIC_FAST_JS) {
	setFlagsFromString('--no-opt');
	setFlagsFromString('--optimize-for-size');
}

import('../dist/cli.js').catch((error) => {
	if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
		process.stderr.write('dockmedic is not built yet: run `npm run build` in its folder.\n');
		process.exit(2);
	}
	throw error;
});

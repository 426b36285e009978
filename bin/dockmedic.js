#!/usr/bin/env node
// Thin launcher: everything lives in the bundled CLI.
import('../dist/cli.js').catch((error) => {
	if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
		process.stderr.write('dockmedic is not built yet: run `npm run build` in its folder.\n');
		process.exit(2);
	}
	throw error;
});

import { defineConfig } from 'vitest/config';

// Tests that stop or restart the shared engine: run alone, after the rest (`npm test` runs both).
export default defineConfig({
	test: {
		include: ['test/serial/**/*.test.ts'],
		globalSetup: ['test/helpers/global-setup.ts'],
		testTimeout: 120_000,
		hookTimeout: 120_000,
		pool: 'forks',
		maxWorkers: 1,
	},
});

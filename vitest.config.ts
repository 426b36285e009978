import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Tests that restart the engine run on their own afterwards (vitest.serial.config.ts).
		exclude: ['test/serial/**', '**/node_modules/**'],
		globalSetup: ['test/helpers/global-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// Two cores: more parallel engine tests only make them slower and flakier.
		maxWorkers: 2,
	},
});

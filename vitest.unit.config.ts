import { defineConfig } from 'vitest/config';

/** The fast tests: pure logic and UI components, no engine (no global set-up that sweeps test containers). */
export default defineConfig({
	test: {
		include: ['test/unit/**/*.test.{ts,tsx}', 'test/ui/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		pool: 'forks',
		maxWorkers: 2,
	},
});

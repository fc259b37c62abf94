import { defineConfig } from 'vitest/config';

/**
 * Suites with real peers (STYLE §8): ipmi_sim + ipmitool, Redfish mockups, PostgreSQL at 127.0.0.1:5432, the
 * `baremetal` CLI. They share machine-wide resources (ports, the database, network namespaces), so files run
 * one at a time, with generous timeouts for process start-up and CLI round trips.
 */
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    passWithNoTests: true,
  },
});

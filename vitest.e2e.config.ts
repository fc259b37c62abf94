import { defineConfig } from 'vitest/config';

/**
 * The QEMU VM lab suites (STYLE §8, test/e2e): real VMs under TCG, virtual BMCs and the conductor inside the
 * lab's network namespace. They share the namespace, taps and ports, so one file runs at a time, in order, with
 * timeouts sized for software-emulated boots. Run as root: `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    sequence: { concurrent: false },
    pool: 'forks',
    maxWorkers: 1,
    passWithNoTests: true,
  },
});

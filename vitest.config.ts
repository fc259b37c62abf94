import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'drivers/**/*.test.ts', 'conductor/**/*.test.ts', 'agent/**/*.test.ts', 'ramdisk/**/*.test.ts', 'scripts/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'test/integration/**', 'test/e2e/**'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});

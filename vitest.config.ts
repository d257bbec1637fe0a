import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**', '.tools/**'],
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup-runtime.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: workflow tests share one Temporal dev server; keep the fan-out modest.
    maxWorkers: 2,
  },
});

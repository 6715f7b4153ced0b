import { defineConfig } from 'vitest/config'

/** End-to-end tests: the built app (browser host, CLI) driven from outside, Chromium via Playwright. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/tmp-root.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false
  }
})

import { defineConfig } from 'vitest/config'

/** Benchmarks: `npx vitest run --config bench/vitest.bench.config.ts` (not part of `npm test`). */
// eslint-disable-next-line no-restricted-syntax -- vitest loads a config by its default export
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false
  }
})

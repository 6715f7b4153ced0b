import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/tmp-root.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Two test files run at once: each on a single-threaded wasm backend, or the two pthread pools would fight over
    // the cores (measured: 175 s instead of 115 s for the suite). The threaded backend has its own tests, which
    // ask for threads explicitly (wasm-threads.test.ts, backend.test.ts).
    env: { CIRCUMPLEX_WASM_THREADS: '1' }
  }
})

import { describe, expect, it } from 'vitest'
import { initBackend } from './backend'
import { getTf } from './tf'
import { wasmThreadsWanted } from './wasm-threads'

describe('initBackend', () => {
  it('falls back past the missing tfjs-node packages to wasm and reports why', async () => {
    const r = await initBackend({ env: {} })
    expect(r.name).toBe('wasm')
    expect(r.simd).toBe(true)
    expect(r.threads).toBe(wasmThreadsWanted({})) // every core (at most 8): wasm-threads.ts
    expect(r.reason).toMatch(/tensorflow-gpu: not installed/)
    expect(getTf().getBackend()).toBe('wasm')
  })

  it('honours CIRCUMPLEX_TF_BACKEND and rejects unknown names', async () => {
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'cpu' } })).resolves.toMatchObject({ name: 'cpu', reason: /forced/ })
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'gpu' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'wasm', CIRCUMPLEX_WASM_THREADS: '0' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'tensorflow' } })).rejects.toMatchObject({ code: 'TOOL_MISSING' })
  })
})

import { describe, expect, it } from 'vitest'
import { backendLabel, initBackend } from './backend'
import { BEST_BACKEND, HAVE_TFJS_NODE, HAVE_TFJS_NODE_GPU } from './testing/native-backends'
import { getTf } from './tf'
import { wasmThreadsWanted } from './wasm-threads'

describe('initBackend', () => {
  it.runIf(!HAVE_TFJS_NODE && !HAVE_TFJS_NODE_GPU)('without tfjs-node: falls back past the missing packages to wasm and reports why', async () => {
    const r = await initBackend({ env: {} })
    expect(r.name).toBe('wasm')
    expect(r.simd).toBe(true)
    expect(r.threads).toBe(wasmThreadsWanted({})) // every core (at most 8): wasm-threads.ts
    expect(r.reason).toMatch(/tensorflow-gpu: not installed/)
    expect(getTf().getBackend()).toBe('wasm')
  })

  it.runIf(HAVE_TFJS_NODE && !HAVE_TFJS_NODE_GPU)('with tfjs-node (CPU): takes it over wasm, saying that the GPU package is missing', async () => {
    const r = await initBackend({ env: {} })
    expect(r).toMatchObject({ name: 'tensorflow', threads: 0 })
    expect(r.reason).toMatch(/tensorflow-gpu: not installed/)
    expect(getTf().getBackend()).toBe('tensorflow')
  })

  it('honours CIRCUMPLEX_TF_BACKEND and rejects unknown names', async () => {
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'cpu' } })).resolves.toMatchObject({ name: 'cpu', reason: /forced/ })
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'wasm' } })).resolves.toMatchObject({ name: 'wasm', reason: /forced/ })
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'gpu' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: 'wasm', CIRCUMPLEX_WASM_THREADS: '0' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    const missing = !HAVE_TFJS_NODE_GPU ? 'tensorflow-gpu' : !HAVE_TFJS_NODE ? 'tensorflow' : null
    if (missing) await expect(initBackend({ env: { CIRCUMPLEX_TF_BACKEND: missing } })).rejects.toMatchObject({ code: 'TOOL_MISSING' })
  })
})

describe('backendLabel', () => {
  it('names wasm with its threads and SIMD, the others by name', () => {
    expect(backendLabel({ name: 'wasm', threads: 2, simd: true })).toBe('wasm (2 threads, SIMD)')
    expect(backendLabel({ name: 'wasm', threads: 1, simd: false })).toBe('wasm (1 thread)')
    expect(backendLabel({ name: 'tensorflow-gpu', threads: 0, simd: true })).toBe('tensorflow-gpu')
    expect(backendLabel({ name: 'cpu', threads: 1, simd: false })).toBe('cpu')
  })
})

describe('initBackend after another switch', () => {
  it('does not report a backend that is no longer the live one', async () => {
    const first = await initBackend({ force: 'wasm', env: {} })
    expect(first.name).toBe('wasm')
    await getTf().setBackend('cpu')
    const again = await initBackend({ env: {} })
    expect(again.name).toBe(BEST_BACKEND) // re-initialised: the cached report said wasm while cpu ran
    expect(getTf().getBackend()).toBe(BEST_BACKEND === 'wasm' ? 'wasm' : 'tensorflow')
  })
})

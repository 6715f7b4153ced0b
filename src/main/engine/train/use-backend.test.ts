import { describe, expect, it } from 'vitest'
import { BEST_BACKEND } from '../testing/native-backends'
import { getTf } from '../tf'
import { faceJobBackend, jobBackend, useBackend } from './use-backend'

describe('jobBackend', () => {
  it('takes the best available backend (tfjs-node where installed, else wasm) and labels it, wasm with its threads', async () => {
    await useBackend('cpu')
    const label = await jobBackend({ CIRCUMPLEX_WASM_THREADS: '1' })
    expect(getTf().getBackend()).toBe(BEST_BACKEND === 'wasm' ? 'wasm' : 'tensorflow')
    expect(label).toBe(BEST_BACKEND === 'wasm' ? 'wasm (1 thread, SIMD)' : BEST_BACKEND)
  })

  it('follows CIRCUMPLEX_TF_BACKEND, and fails loudly when the forced backend cannot start', async () => {
    await expect(jobBackend({ CIRCUMPLEX_TF_BACKEND: 'wasm', CIRCUMPLEX_WASM_THREADS: '1' })).resolves.toBe('wasm (1 thread, SIMD)')
    expect(getTf().getBackend()).toBe('wasm')
    await expect(jobBackend({ CIRCUMPLEX_TF_BACKEND: 'cpu' })).resolves.toBe('cpu')
    expect(getTf().getBackend()).toBe('cpu')
    if (BEST_BACKEND !== 'tensorflow-gpu') await expect(jobBackend({ CIRCUMPLEX_TF_BACKEND: 'tensorflow-gpu' })).rejects.toMatchObject({ code: 'TOOL_MISSING' })
  })

  it('faceJobBackend: wasm even where tfjs-node is the best (Human runs on wasm; both in one worker crash at exit)', async () => {
    await expect(faceJobBackend({ CIRCUMPLEX_WASM_THREADS: '1' })).resolves.toBe('wasm (1 thread, SIMD)')
    expect(getTf().getBackend()).toBe('wasm')
  })
})

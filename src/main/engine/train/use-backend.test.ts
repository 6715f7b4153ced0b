import { describe, expect, it } from 'vitest'
import { getTf } from '../tf'
import { jobBackend, useBackend } from './use-backend'

describe('jobBackend', () => {
  it('takes the best available backend (wasm here: no tfjs-node) and labels it with its threads', async () => {
    await useBackend('cpu')
    const label = await jobBackend({ CIRCUMPLEX_WASM_THREADS: '1' })
    expect(getTf().getBackend()).toBe('wasm')
    expect(label).toBe('wasm (1 thread, SIMD)')
  })

  it('follows CIRCUMPLEX_TF_BACKEND, and fails loudly when the forced backend cannot start', async () => {
    await expect(jobBackend({ CIRCUMPLEX_TF_BACKEND: 'cpu' })).resolves.toBe('cpu')
    expect(getTf().getBackend()).toBe('cpu')
    await expect(jobBackend({ CIRCUMPLEX_TF_BACKEND: 'tensorflow-gpu' })).rejects.toMatchObject({ code: 'TOOL_MISSING' })
  })
})

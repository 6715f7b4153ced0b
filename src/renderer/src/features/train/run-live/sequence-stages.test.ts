import { describe, expect, it } from 'vitest'
import { progressText } from './RunProgress'
import { sequenceInfo } from './sequence-stages'

describe('sequence runs in the run detail', () => {
  it('reads the stage records of a sequence run and nothing else', () => {
    const cfg = {
      kind: 'sequence',
      config: { curriculum: [2, 4], attention: 'after-s' },
      stages: [{ name: 'S-2', n: 2, attention: false, bestEpoch: 2, epochs: 3, val: { ccc_mean: 0.31 }, test: null, wallS: 4.5 }, { bogus: 1 }]
    }
    expect(sequenceInfo(cfg)).toEqual({
      curriculum: [2, 4],
      planned: 4,
      finished: [{ name: 'S-2', n: 2, attention: false, bestEpoch: 2, epochs: 3, valCcc: 0.31, testCcc: null, wallS: 4.5 }]
    })
    expect(sequenceInfo({ model: 'anclaf', preset: 'compact' })).toBeNull()
    expect(sequenceInfo('x')).toBeNull()
    expect(sequenceInfo({ kind: 'sequence', config: { curriculum: [2, 4, 8], attention: 'always' } })).toMatchObject({ planned: 3, finished: [] })
  })

  it('tells the stage and its epoch while a curriculum trains', () => {
    const job = { runId: 'r', jobId: 'j', state: 'running' as const, phase: 'training', done: 9, total: 16, etaS: 3 }
    // 2 stages × 2 epochs × 4 steps: 9 steps done: stage 2, its epoch 1, step 1 of 4 done.
    expect(progressText(job, 4, 2)).toBe('Stage 2 of 2 · epoch 1 of 2 · step 1 of 4')
    expect(progressText(job, 4)).toBe('Epoch 3 of 4 · step 1 of 4')
    expect(progressText({ ...job, phase: 'latents', done: 5, total: 48 }, 4, 2)).toBe('Encoding stage-1 latents: frame 5 of 48')
    expect(progressText({ ...job, phase: 'testing' }, 4, 2)).toBe('Testing on the held-out subjects')
  })
})

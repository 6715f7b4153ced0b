import { describe, expect, it } from 'vitest'
import type { RunJob } from '../../../../../shared/training'
import { allowedActions, restartsWhenResumed } from './RunControls'

const job = (state: RunJob['state']): RunJob => ({ runId: 'r', jobId: 'j', state, phase: null, done: 0, total: 1, etaS: null })

describe('run controls', () => {
  it('offer pause for models that resume, never for AP / MTL (they restart when resumed)', () => {
    expect(allowedActions({ model: 'anclaf', status: 'running', stopReason: null }, job('running'))).toEqual(['pause', 'cancel'])
    expect(allowedActions({ model: 'sequence', status: 'queued', stopReason: null }, job('queued'))).toEqual(['pause', 'cancel'])
    for (const model of ['ap', 'mtl']) {
      expect(restartsWhenResumed({ model })).toBe(true)
      expect(allowedActions({ model, status: 'running', stopReason: null }, job('running'))).toEqual(['cancel'])
      expect(allowedActions({ model, status: 'cancelled', stopReason: 'cancelled' }, null)).toEqual(['resume'])
      expect(allowedActions({ model, status: 'failed', stopReason: 'crashed' }, null)).toEqual(['resume'])
      expect(allowedActions({ model, status: 'done', stopReason: null }, null)).toEqual([])
    }
    expect(restartsWhenResumed({ model: 'anclaf' })).toBe(false)
    expect(allowedActions({ model: 'anclaf', status: 'cancelled', stopReason: 'paused' }, null)).toEqual(['resume', 'cancel'])
  })
})

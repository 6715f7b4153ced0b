import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { selectCheckpoint, type EpochRecord, type EpochSplit } from './checkpoint-selection'

const log: EpochRecord[] = [
  { epoch: 1, split: 'train', metrics: { ccc: 0.9, loss: 0.1 } },
  { epoch: 1, split: 'val', metrics: { ccc: 0.3, loss: 0.8 } },
  { epoch: 1, split: 'test', metrics: { ccc: 0.7 } },
  { epoch: 2, split: 'val', metrics: { ccc: 0.5, loss: 0.6 } },
  { epoch: 2, split: 'test', metrics: { ccc: 0.2 } },
  { epoch: 3, split: 'val', metrics: { ccc: 0.5, loss: NaN } },
  { epoch: 3, split: 'test', metrics: { ccc: 0.9 } }
]

describe('selectCheckpoint', () => {
  it('selects on validation only, ignoring better test and train scores; ties go to the earliest epoch', () => {
    expect(selectCheckpoint(log, { metric: 'ccc' })).toEqual({ epoch: 2, value: 0.5, metric: 'ccc', mode: 'max', candidates: 3 })
    const byLoss = selectCheckpoint(log, { metric: 'loss', mode: 'min' })
    expect(byLoss.epoch).toBe(2)
    expect(byLoss.candidates).toBe(2) // NaN skipped
    expect(selectCheckpoint(log, { metric: 'ccc', split: 'val' }).epoch).toBe(2)
  })

  it("refuses to select on 'test' or 'train'", () => {
    expect(() => selectCheckpoint(log, { metric: 'ccc', split: 'test' })).toThrow(/refusing to select a checkpoint on 'test'/)
    expect(() => selectCheckpoint(log, { metric: 'ccc', split: 'train' })).toThrow(/validation/)
  })

  it('refuses when there are no validation records, even if test records exist', () => {
    const testOnly = log.filter((r) => r.split !== 'val')
    expect(() => selectCheckpoint(testOnly, { metric: 'ccc' })).toThrow(/no validation records \(3 test, 1 train\)/)
    expect(() => selectCheckpoint(log, { metric: 'rmse' })).toThrow(/no validation record has a finite 'rmse'/)
    const weird = [{ epoch: 1, split: 'holdout' as EpochSplit, metrics: {} }]
    expect(() => selectCheckpoint(weird, { metric: 'ccc' })).toThrow(/unknown split 'holdout'/)
  })

  it('never returns an epoch chosen by a non-validation record (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            epoch: fc.integer({ min: 0, max: 50 }),
            split: fc.constantFrom<EpochSplit>('train', 'val', 'test'),
            metrics: fc.record({ ccc: fc.double({ min: -1, max: 1, noNaN: true }) })
          }),
          { minLength: 1, maxLength: 30 }
        ),
        (records) => {
          const val = records.filter((r) => r.split === 'val')
          if (val.length === 0) {
            expect(() => selectCheckpoint(records, { metric: 'ccc' })).toThrow(/no validation records/)
            return
          }
          const best = Math.max(...val.map((r) => r.metrics.ccc))
          const s = selectCheckpoint(records, { metric: 'ccc' })
          expect(s.value).toBe(best)
          expect(s.epoch).toBe(Math.min(...val.filter((r) => r.metrics.ccc === best).map((r) => r.epoch)))
        }
      ),
      { numRuns: 300 }
    )
  })
})

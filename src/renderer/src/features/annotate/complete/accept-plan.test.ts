import { describe, expect, it } from 'vitest'
import { acceptPlan, finiteRuns, planFrames } from './accept-plan'

const N = NaN

describe('accepting a completion proposal', () => {
  it('finds the runs of proposed frames inside a range', () => {
    const v = [N, N, 0.1, 0.2, N, 0.3, 0.4, 0.5, N]
    expect(finiteRuns(v, 0, 8)).toEqual([
      [2, 3],
      [5, 7]
    ])
    expect(finiteRuns(v, 3, 6)).toEqual([
      [3, 3],
      [5, 6]
    ])
    expect(finiteRuns(v, 0, 100)).toEqual([
      [2, 3],
      [5, 7]
    ])
    expect(finiteRuns([N, N], 0, 1)).toEqual([])
  })

  it('copies both dimensions in one edit per run when they were proposed on the same frames', () => {
    const v = [N, N, 0.1, 0.2, 0.3]
    const a = [N, N, -0.1, -0.2, -0.3]
    expect(acceptPlan(v, a, 0, 4)).toEqual([{ from: 2, to: 4, dimension: 'both' }])
    expect(acceptPlan(v, a, 0, 1)).toEqual([])
  })

  it('copies per dimension where only one was proposed, never over a rated value', () => {
    // Frame 2: valence was rated (not proposed), arousal was not (proposed).
    const v = [N, N, N, 0.2, 0.3]
    const a = [N, N, 0.5, 0.6, 0.7]
    const plan = acceptPlan(v, a, 0, 4)
    expect(plan).toEqual([
      { from: 3, to: 4, dimension: 'valence' },
      { from: 2, to: 4, dimension: 'arousal' }
    ])
    expect(planFrames(plan)).toBe(3)
    // 1-D valence annotation: the arousal proposal is empty.
    expect(acceptPlan([N, 0.1, 0.2], [N, N, N], 0, 2)).toEqual([{ from: 1, to: 2, dimension: 'valence' }])
  })
})

import { describe, expect, it } from 'vitest'
import type { Box } from '../../../faces/human-detector'
import { centreRatio, reinitBox, shouldResetLstm } from './reinit'

describe('re-initialisation rule (eq.2.8) and LSTM reset', () => {
  const prev: Box = [100, 100, 30, 40] // diagonal 50, centre (115, 120)
  const b0: Box = [0, 0, 10, 10]

  it('takes the detection with the smallest centre-distance ratio when it is below T_B', () => {
    const near: Box = [110, 100, 30, 40] // centre moved 10 → ratio 0.2
    const far: Box = [130, 130, 30, 40] // ratio √(30²+30²)/50 ≈ 0.85
    expect(centreRatio(prev, near)).toBeCloseTo(0.2, 10)
    const d = reinitBox(prev, [far, near], b0, 1.0)
    expect(d).toEqual({ box: near, source: 'detection', ratio: expect.closeTo(0.2, 10) })
  })

  it('keeps b_{t−1} when every detection is too far (≥ T_B) or there is none', () => {
    const tooFar: Box = [160, 100, 30, 40] // ratio 60/50 = 1.2
    expect(reinitBox(prev, [tooFar], b0, 1.0).source).toBe('previous')
    expect(reinitBox(prev, [tooFar], b0, 1.0).box).toBe(prev)
    expect(reinitBox(prev, [tooFar], b0, 1.5).source).toBe('detection')
    expect(reinitBox(prev, [], b0, 1.0)).toEqual({ box: prev, source: 'previous', ratio: Infinity })
  })

  it('falls back to b_0 when the previous box is invalid (dim < 0) and nothing was detected', () => {
    expect(reinitBox([0, 0, -1, 5], [], b0, 1.0)).toEqual({ box: b0, source: 'initial', ratio: Infinity })
    const det: Box = [5, 5, 20, 20]
    expect(reinitBox(null, [det], b0, 1.0).box).toBe(det)
  })

  it('resets the LSTM on re-detection or when SeqT exceeds SeqBT', () => {
    expect(shouldResetLstm(true, 0, 8)).toBe(true)
    expect(shouldResetLstm(false, 8, 8)).toBe(false)
    expect(shouldResetLstm(false, 9, 8)).toBe(true)
  })
})

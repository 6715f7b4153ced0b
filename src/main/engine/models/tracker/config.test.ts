import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../shared/ipc/errors'
import { REGIONS, trackerConfig } from './config'

describe('tracker config', () => {
  it('compact defaults follow the thesis where it is explicit (128², T_B 1.0, T_C 0.5, λ 0.5, ≥ 2 LSTM layers)', () => {
    const c = trackerConfig()
    expect(c.variant).toBe('dcrt')
    expect(c.inputSize).toBe(128)
    expect(c.thresholds).toEqual({ tb: 1.0, tc: 0.5 })
    expect(c.denoiser.lambda).toBe(0.5)
    expect(c.lstm.layers).toBeGreaterThanOrEqual(2)
    expect(c.seqBT).toBe(8)
    // ch.4: blur (Gaussian + motion) and illumination; ch.3: four classes
    expect(c.denoiser.classes).toEqual([['gaussian-blur', 'motion-blur'], ['intensity']])
    expect(trackerConfig({ variant: 'fll' }).denoiser.classes.length).toBe(4)
    expect(trackerConfig({ variant: 'crt' }).denoiser.kind).toBe('none')
    expect(trackerConfig({ preset: 'thesis' }).train.curriculum).toEqual([2, 4, 8, 16, 32])
  })

  it('the five regions cover the 68 points exactly once, in order', () => {
    expect(REGIONS.map((r) => [r.from, r.to])).toEqual([[0, 17], [17, 27], [27, 36], [36, 48], [48, 68]])
  })

  it('merges overrides and keeps the rest of the preset', () => {
    const c = trackerConfig({ variant: 'crt', train: { epochs: { tracker: 3 }, curriculum: [2, 4] }, lstm: { hidden: 64 } })
    expect(c.train.epochs.tracker).toBe(3)
    expect(c.train.epochs.estimator).toBe(4)
    expect(c.seqBT).toBe(4)
    expect(c.lstm).toEqual({ layers: 2, hidden: 64 })
  })

  it.each([
    [{ lstm: { layers: 1 } }, 'lstm.layers'],
    [{ inputSize: 100 }, 'inputSize'],
    [{ variant: 'crt' as const, denoiser: { kind: 'M' as const } }, 'no denoiser'],
    [{ variant: 'dcrt' as const, denoiser: { kind: 'none' as const } }, 'needs a denoiser'],
    [{ thresholds: { tc: 1.5 } }, 'thresholds.tc'],
    [{ train: { curriculum: [1] } }, 'train.curriculum'],
    [{ denoiser: { classes: [['fog' as never]] } }, 'unknown degradation'],
    [{ variant: 'xyz' as never }, 'variant']
  ])('rejects %o with INVALID_ARGUMENT naming the field', (o, what) => {
    try {
      trackerConfig(o)
      expect.unreachable('accepted a bad config')
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      expect((e as AppError).code).toBe('INVALID_ARGUMENT')
      expect((e as AppError).message).toContain(what)
    }
  })
})

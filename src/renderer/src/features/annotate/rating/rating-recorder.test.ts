import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RateSample } from '../../../../../shared/annotation'
import { createRecorder, laggedFrame, sampleOf } from './rating-recorder'

const ts = Float64Array.from({ length: 100 }, (_, i) => i * 0.04) // 25 fps

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('laggedFrame and samples', () => {
  it('maps the displayed frame back by the input lag on the real timestamps', () => {
    expect(laggedFrame(ts, 50, 0)).toBe(50)
    expect(laggedFrame(ts, 50, 0.4)).toBe(40)
    expect(laggedFrame(ts, 50, 0.41)).toBe(39)
    expect(laggedFrame(ts, 5, 0.4)).toBe(-1) // before the video starts: nothing to rate yet
    // Variable frame rate: 25 fps then a 0.1 s hole.
    const vfr = Float64Array.of(0, 0.04, 0.08, 0.18, 0.22)
    expect(laggedFrame(vfr, 4, 0.1)).toBe(2) // t = 0.12 is still frame 2 on screen
  })
  it('writes only the rated dimension', () => {
    expect(sampleOf('1d-valence', 3, { v: 0.5, a: -0.2 })).toEqual([3, 0.5, null])
    expect(sampleOf('1d-arousal', 3, { v: 0.5, a: -0.2 })).toEqual([3, null, -0.2])
    expect(sampleOf('2d', 3, { v: 0.5, a: -0.2 })).toEqual([3, 0.5, -0.2])
  })
})

describe('recorder', () => {
  it('fills frames skipped by fast playback with the held value and saves in timed batches', async () => {
    const sent: RateSample[][] = []
    const r = createRecorder({ mode: '2d', timestamps: ts, lagS: 0, send: async (b) => void sent.push(b), flushMs: 250 })
    r.frame(10, { v: 0.1, a: 0.2 })
    r.frame(13, { v: 0.3, a: 0.4 }) // frames 11 and 12 were skipped by the player
    r.frame(13, { v: 0.9, a: 0.9 }) // the same frame again: no new sample
    expect(r.status()).toEqual({ saved: 0, pending: 4, error: null })
    expect(sent).toEqual([])
    await vi.advanceTimersByTimeAsync(260)
    expect(sent).toEqual([[[10, 0.1, 0.2], [11, 0.3, 0.4], [12, 0.3, 0.4], [13, 0.3, 0.4]]])
    expect(r.status()).toEqual({ saved: 4, pending: 0, error: null })
    // Seeking back rates again from there (no fill across the jump).
    r.frame(5, { v: -1, a: -1 })
    r.frame(6, { v: -0.5, a: -0.5 })
    await r.stop()
    expect(sent[1]).toEqual([[5, -1, -1], [6, -0.5, -0.5]])
    expect(r.log().map((s) => s.frame)).toEqual([10, 11, 12, 13, 5, 6])
    // A jump forward beyond MAX_FILL frames is a seek, not skipped frames: no fill.
    const r2 = createRecorder({ mode: '2d', timestamps: ts, lagS: 0, send: async () => undefined })
    r2.frame(0, { v: 0, a: 0 })
    r2.frame(99, { v: 0, a: 0 })
    expect(r2.log().map((s) => s.frame)).toEqual([0, 99])
    await r2.stop()
  })

  it('keeps a failed batch and retries it first; reports the error until a save succeeds', async () => {
    let fail = true
    const sent: RateSample[][] = []
    const statuses: string[] = []
    const r = createRecorder({
      mode: '1d-valence',
      timestamps: ts,
      lagS: 0,
      flushMs: 100,
      send: async (b) => {
        if (fail) throw Object.assign(new Error('database or disk is full'), { code: 'DISK_FULL' })
        sent.push(b)
      },
      onStatus: (s) => statuses.push(`${s.saved}/${s.pending}/${s.error ?? ''}`)
    })
    r.frame(0, { v: 0.1, a: 0 })
    await vi.advanceTimersByTimeAsync(110)
    expect(r.status()).toEqual({ saved: 0, pending: 1, error: 'DISK_FULL: database or disk is full' })
    r.frame(1, { v: 0.2, a: 0 })
    fail = false
    await vi.advanceTimersByTimeAsync(110)
    expect(sent).toEqual([[[0, 0.1, null], [1, 0.2, null]]])
    expect(r.status()).toEqual({ saved: 2, pending: 0, error: null })
    expect(statuses).toContain('0/1/DISK_FULL: database or disk is full')
    await r.stop()
  })

  it('one batch in flight at a time, and batches never exceed the cap', async () => {
    let resolveSend: () => void = () => undefined
    const sizes: number[] = []
    const r = createRecorder({
      mode: '2d',
      timestamps: Float64Array.from({ length: 5000 }, (_, i) => i / 25),
      lagS: 0,
      maxBatch: 100,
      flushMs: 50,
      send: (b) => {
        sizes.push(b.length)
        return new Promise<void>((res) => (resolveSend = res))
      }
    })
    for (let f = 0; f < 151; f += 3) r.frame(f, { v: 0, a: 0 })
    await vi.advanceTimersByTimeAsync(200) // the first batch is still in flight
    expect(sizes).toEqual([100])
    expect(r.status().pending).toBe(151)
    resolveSend()
    await vi.advanceTimersByTimeAsync(60)
    expect(sizes).toEqual([100, 51])
    resolveSend()
    await r.stop()
    expect(r.status()).toEqual({ saved: 151, pending: 0, error: null })
  })
})

import { describe, expect, it } from 'vitest'
import type { TraceData, TraceOverview } from '../../../../shared/domain'
import { mediaUrl } from '../../lib/session/media-url'
import { chunkSpan, createTraceStore, envelopeInRange, toTraceWindow } from './trace-view'

const ts = Float64Array.from({ length: 100 }, (_, i) => i / 10)

/** An overview with bucketSize 10 over frames 0..99, valence = bucket index, with bucket 5 absent and 7 all-missing. */
function overview(): TraceOverview {
  const ks = [0, 1, 2, 3, 4, 6, 7, 8, 9]
  const v = (k: number) => (k === 7 ? null : k)
  return {
    traceId: 't',
    bucketSize: 10,
    from: ks.map((k) => k * 10),
    to: ks.map((k) => k * 10 + 9),
    valenceMin: ks.map((k) => (v(k) === null ? null : k - 0.5)),
    valenceMax: ks.map((k) => (v(k) === null ? null : k + 0.5)),
    valenceMean: ks.map(v),
    arousalMin: ks.map(() => 0),
    arousalMax: ks.map(() => 0),
    arousalMean: ks.map(() => 0)
  }
}

function rows(traceId: string, from: number, to: number): TraceData {
  const frames = Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((f) => f !== 13)
  return { traceId, frames, valence: frames.map((f) => (f === 14 ? null : f)), arousal: frames.map((f) => -f) }
}

describe('overview envelope for display', () => {
  it('keeps every bucket when they fit, breaking the line at absent and all-missing buckets', () => {
    const e = envelopeInRange(overview(), 'valence', ts, 0, 99, 100)
    const mean = Array.from(e.mean)
    expect(mean.filter((m) => !Number.isNaN(m))).toEqual([0, 1, 2, 3, 4, 6, 8, 9])
    // a break between 4 and 6 (bucket 5 absent) and at 7 (all missing)
    expect(mean.slice(4, 7).map(Number.isNaN)).toEqual([false, true, false])
    expect(Number.isNaN(mean[mean.indexOf(6) + 1])).toBe(true)
    expect(e.x[0]).toBeCloseTo(ts[5]) // middle frame of bucket 0 (round(4.5) = 5)
  })
  it('merges buckets into at most `bins` (min of mins, max of maxes) and clips to the view plus one bucket', () => {
    const e = envelopeInRange(overview(), 'valence', ts, 0, 39, 2)
    const finite = Array.from(e.min).filter((v) => !Number.isNaN(v))
    expect(finite.length).toBeLessThanOrEqual(3)
    expect(e.min[0]).toBe(-0.5)
    expect(e.max[0]).toBe(2.5) // buckets 0..2 merged (view 0..3 plus one → 5 buckets in groups of 3)
    expect(e.mean[0]).toBeCloseTo(1)
    const zoom = envelopeInRange(overview(), 'valence', ts, 30, 39, 100)
    expect(Array.from(zoom.mean)).toEqual([2, 3, 4]) // the visible bucket and one on each side
  })
  it('never draws buckets past the video', () => {
    const e = envelopeInRange(overview(), 'valence', ts.subarray(0, 45), 0, 99, 100)
    expect(Math.max(...Array.from(e.x))).toBeLessThanOrEqual(ts[44])
  })
})

describe('full-resolution windows', () => {
  it('index values by frame from the window start, NaN where missing or absent', () => {
    const w = toTraceWindow(rows('t', 10, 19), 10, 19, ts)
    expect(Array.from(w.frames)).toEqual([10, 11, 12, 14, 15, 16, 17, 18, 19])
    expect(w.byFrame.valence[0]).toBe(10)
    expect(Number.isNaN(w.byFrame.valence[3])).toBe(true) // frame 13: no row
    expect(Number.isNaN(w.byFrame.valence[4])).toBe(true) // frame 14: NULL
    expect(w.byFrame.arousal[4]).toBe(-14)
    expect(w.time[0]).toBeCloseTo(1)
  })
  it('aligns ranges to chunks', () => {
    expect(chunkSpan(5, 30, 16)).toEqual([0, 31])
    expect(chunkSpan(5, 40, 16)).toEqual([0, 47])
    expect(chunkSpan(16, 16, 16)).toEqual([16, 31])
  })
  it('fetches each chunk once, serves peeks from the cache, refetches after a failure', async () => {
    const calls: string[] = []
    let fail = true
    const store = createTraceStore(
      async (id, from, to) => {
        calls.push(`${id}:${from}-${to}`)
        if (id === 'bad' && fail) throw new Error('boom')
        return rows(id, from ?? 0, Math.min(to ?? 99, 99))
      },
      ts,
      { chunk: 16 }
    )
    expect(store.peek('t', 20, 40)).toBeNull()
    const w = await store.window('t', 20, 40)
    expect([w.from, w.to]).toEqual([16, 47])
    expect(w.byFrame.valence[30 - 16]).toBe(30)
    expect(Array.from(w.frames).slice(0, 3)).toEqual([16, 17, 18])
    expect(calls).toEqual(['t:16-31', 't:32-47'])
    expect(store.peek('t', 17, 45)).toBe(w) // same chunks → same object
    await store.window('t', 40, 50)
    expect(calls).toEqual(['t:16-31', 't:32-47', 't:48-63']) // only the new chunk
    await expect(store.window('bad', 0, 3)).rejects.toThrow('boom')
    fail = false
    expect((await store.window('bad', 0, 3)).byFrame.valence[2]).toBe(2)
    const full = await store.full('t')
    expect([full.from, full.to, full.byFrame.valence[99]]).toEqual([0, 99, 99])
    await store.full('t')
    expect(calls.filter((c) => c === 't:undefined-undefined')).toHaveLength(1)
  })
})

describe('media url', () => {
  it('uses /media/ in the browser host and the custom protocol in Electron', () => {
    expect(mediaUrl('a b', false)).toBe('/media/a%20b')
    expect(mediaUrl('s1', true)).toBe('circumplex-media://session/s1')
  })
})

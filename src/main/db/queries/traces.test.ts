import { describe, expect, it } from 'vitest'
import { openDatabase } from '../connection'
import { createDispatcher } from '../../ipc/dispatch'
import { createHandlers } from '../../ipc/handlers'
import type { AppContext } from '../../services/app-context'
import { sessionsService } from '../../services/sessions-service'
import { insertSession } from './sessions'
import { getTraceOverview, getTracePoints, insertTrace } from './traces'

function setup() {
  const { db } = openDatabase(':memory:')
  const sessionId = insertSession(db, { name: 's' })
  return { db, sessionId }
}

describe('trace overview (SQLite envelope)', () => {
  it('aggregates min/max/mean per bucket of equal frame width', () => {
    const { db, sessionId } = setup()
    // 10 frames, valence = frame, arousal = -frame; frame 4 missing entirely in valence (NaN → NULL).
    const valence = Float32Array.from({ length: 10 }, (_, i) => (i === 4 ? NaN : i))
    const arousal = Float32Array.from({ length: 10 }, (_, i) => -i)
    const id = insertTrace(db, { sessionId, kind: 'gold', sourceType: 'synthetic', name: 'g' }, { valence, arousal })
    const o = getTraceOverview(db, id, 3) // ceil(10 / 3) = 4 frames per bucket
    expect(o.bucketSize).toBe(4)
    expect(o.from).toEqual([0, 4, 8])
    expect(o.to).toEqual([3, 7, 9])
    expect(o.valenceMin).toEqual([0, 5, 8])
    expect(o.valenceMax).toEqual([3, 7, 9])
    expect(o.valenceMean).toEqual([1.5, 6, 8.5])
    expect(o.arousalMin).toEqual([-3, -7, -9])
    expect(o.arousalMax).toEqual([0, -4, -8])
    expect(o.arousalMean).toEqual([-1.5, -5.5, -8.5])
  })

  it('leaves empty buckets out and keeps all-missing buckets as null', () => {
    const { db, sessionId } = setup()
    const frames = [0, 1, 10, 11, 20]
    const id = insertTrace(
      db,
      { sessionId, kind: 'annotation', sourceType: 'annotator', name: 'a' },
      { frames, valence: [0.5, 0.7, NaN, NaN, 1], arousal: [0, 0, NaN, 0.2, 0] }
    )
    const o = getTraceOverview(db, id, 7) // ceil(21 / 7) = 3
    expect(o.bucketSize).toBe(3)
    expect(o.from).toEqual([0, 10, 20])
    expect(o.valenceMin).toEqual([0.5, null, 1])
    expect(o.valenceMean?.[0]).toBeCloseTo(0.6)
    expect(o.arousalMax).toEqual([0, 0.2, 0])
  })

  it('matches a JS aggregate of the full points and never exceeds the bucket count', () => {
    const { db, sessionId } = setup()
    const n = 5003
    const valence = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 13))
    const id = insertTrace(db, { sessionId, kind: 'gold', sourceType: 'synthetic', name: 'g' }, { valence, arousal: valence })
    const o = getTraceOverview(db, id, 100)
    expect(o.from.length).toBeLessThanOrEqual(100)
    const full = getTracePoints(db, id)
    for (let k = 0; k < o.from.length; k++) {
      const vs = full.valence.slice(o.from[k], o.to[k] + 1) as number[]
      expect(o.valenceMin[k]).toBeCloseTo(Math.min(...vs), 6)
      expect(o.valenceMax[k]).toBeCloseTo(Math.max(...vs), 6)
      expect(o.valenceMean[k]).toBeCloseTo(vs.reduce((a, b) => a + b, 0) / vs.length, 6)
    }
  })

  it('is served on traces:overview, validated, NOT_FOUND for an unknown trace', async () => {
    const { db, sessionId } = setup()
    const id = insertTrace(db, { sessionId, kind: 'gold', sourceType: 'synthetic', name: 'g' }, { valence: [0, 1], arousal: [1, 0] })
    const ctx = { db, env: process.env } as unknown as AppContext
    expect(sessionsService(ctx).overview(id, 10).from).toEqual([0, 1])
    const d = createDispatcher(createHandlers(ctx), { error: () => undefined })
    expect(await d('traces:overview', { traceId: id, buckets: 1 })).toMatchObject({ ok: true, data: { bucketSize: 2, valenceMean: [0.5] } })
    expect(await d('traces:overview', { traceId: id, buckets: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('traces:overview', { traceId: id, buckets: 1.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('traces:overview', { traceId: id })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('traces:overview', { traceId: 'nope', buckets: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

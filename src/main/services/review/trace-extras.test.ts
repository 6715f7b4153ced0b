import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection'
import { insertTraceExtra } from '../../db/queries/runs'
import { insertSession } from '../../db/queries/sessions'
import { insertTrace } from '../../db/queries/traces'
import { createDispatcher } from '../../ipc/dispatch'
import { createHandlers } from '../../ipc/handlers'
import type { AppContext } from '../app-context'
import { reviewService } from './review-service'

function f32(b64: string): Float32Array {
  const b = Buffer.from(b64, 'base64')
  const copy = new Uint8Array(b.byteLength)
  copy.set(b)
  return new Float32Array(copy.buffer)
}

describe('trace extras (attention, gates) for the review panes', () => {
  it('lists a session’s extras and reads any row range of one, clamped, with facts counting attention runs', async () => {
    const { db } = openDatabase(':memory:')
    const ctx = { db, env: process.env } as unknown as AppContext
    const s = insertSession(db, { name: 's' })
    const t = insertTrace(db, { sessionId: s, kind: 'prediction', sourceType: 'model_run', sourceId: 'run1', name: 'AVi-GaS-4' }, { valence: [0, 0, 0, 0, 0], arousal: [0, 0, 0, 0, 0] })
    // 5 frames × window 4: row f = [f, f + 0.1, f + 0.2, NaN]
    const att = new Float32Array(20)
    for (let f = 0; f < 5; f++) att.set([f, f + 0.1, f + 0.2, NaN], f * 4)
    insertTraceExtra(db, t, 'attention', 4, att)
    insertTraceExtra(db, t, 'gate_mean', 1, Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5))
    const r = reviewService(ctx)
    expect(r.extras(s)).toEqual([
      { traceId: t, traceName: 'AVi-GaS-4', kind: 'attention', dims: 4, frameCount: 5 },
      { traceId: t, traceName: 'AVi-GaS-4', kind: 'gate_mean', dims: 1, frameCount: 5 }
    ])
    const part = r.extra(t, 'attention', 2, 3)!
    expect(part).toMatchObject({ dims: 4, fromFrame: 2, rows: 2 })
    expect([...f32(part.data)].map((x) => (Number.isNaN(x) ? null : Number(x.toFixed(2))))).toEqual([2, 2.1, 2.2, null, 3, 3.1, 3.2, null])
    expect(r.extra(t, 'attention', 3, 99)).toMatchObject({ fromFrame: 3, rows: 2 })
    expect(r.extra(t, 'attention', 10, 20)).toMatchObject({ rows: 0 })
    expect(r.extra(t, 'gate_stats')).toBeNull()
    expect(() => r.extra('nope', 'attention')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(r.facts(s).attentionRuns).toBe(1)
    // Over IPC: hostile kinds and reversed ranges never reach the service.
    const d = createDispatcher(createHandlers(ctx as AppContext), { error: () => undefined })
    expect(await d('traces:extra', { traceId: t, kind: "attention' OR 1=1" })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('traces:extra', { traceId: t, kind: 'attention', fromFrame: 3, toFrame: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('traces:extra', { traceId: t, kind: 'gate_mean' })).toMatchObject({ ok: true, data: { rows: 5, dims: 1 } })
  })
})

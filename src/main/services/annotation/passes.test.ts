import type { Database } from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { annotationService } from './annotation-service'
import { ownTrace, passValues } from './passes'
import { addSession, openAnnotationDb } from './test-db'

let db: Database
let sessionId: string
beforeEach(() => {
  db = openAnnotationDb()
  sessionId = addSession(db, 50)
})

describe('own trace and rating passes', () => {
  it('creates the own trace once (without a pass) and the first pass writes into it', () => {
    const s = annotationService({ db })
    const a = s.createAnnotator('alice')
    const first = ownTrace(db, sessionId, a.id)
    expect(first).toMatchObject({ passes: [], resumeFrame: null })
    expect(first.trace).toMatchObject({ kind: 'annotation', sourceId: a.id, frameCount: 0 })
    expect(ownTrace(db, sessionId, a.id).trace.id).toBe(first.trace.id)
    const p = s.startPass({ sessionId, annotatorId: a.id, mode: '2d' })
    expect(p.traceId).toBe(first.trace.id)
    expect(() => ownTrace(db, sessionId, 'nobody')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(() => ownTrace(db, 'nosession', a.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
  })

  it('lists passes newest first with their spans, resumes after the last batch, and replays each pass as rated', () => {
    const s = annotationService({ db })
    const a = s.createAnnotator('alice')
    const p1 = s.startPass({ sessionId, annotatorId: a.id, mode: '1d-valence' })
    s.append(p1.id, [[0, 0.1, null], [1, 0.2, null], [2, 0.3, null]])
    s.append(p1.id, [[3, 0.4, null]])
    s.finishPass(p1.id)
    const p2 = s.startPass({ sessionId, annotatorId: a.id, mode: '1d-valence' })
    s.append(p2.id, [[1, -0.5, null], [2, -0.6, null]])
    const o = ownTrace(db, sessionId, a.id)
    expect(o.passes.map((p) => [p.id, p.fromFrame, p.toFrame, p.batches])).toEqual([
      [p2.id, 1, 2, 1],
      [p1.id, 0, 3, 2]
    ])
    expect(o.resumeFrame).toBe(3)
    // The trace holds the newest values; the replay of pass 1 still shows what pass 1 rated.
    expect(s.points(o.trace.id).valence.map((v) => v?.toFixed(2))).toEqual(['0.10', '-0.50', '-0.60', '0.40'])
    const r1 = passValues(db, p1.id)
    expect(r1.frames).toEqual([0, 1, 2, 3])
    expect(r1.valence.map((v) => v?.toFixed(2))).toEqual(['0.10', '0.20', '0.30', '0.40'])
    expect(r1.arousal).toEqual([null, null, null, null])
    // An undone batch is not part of the replay.
    s.undo(o.trace.id)
    expect(passValues(db, p2.id).frames).toEqual([])
    expect(ownTrace(db, sessionId, a.id).resumeFrame).toBe(4)
    expect(() => passValues(db, 'nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
  })

  it('clamps the resume frame to the last frame of the video', () => {
    const s = annotationService({ db })
    const a = s.createAnnotator('bob')
    const p = s.startPass({ sessionId, annotatorId: a.id, mode: '2d' })
    s.append(p.id, [[48, 0, 0], [49, 0.1, 0.1]])
    expect(ownTrace(db, sessionId, a.id).resumeFrame).toBe(49)
  })
})

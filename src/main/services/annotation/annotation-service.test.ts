import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { insertTrace } from '../../db/queries/traces'
import { annotationService } from './annotation-service'
import { addSession, openAnnotationDb } from './test-db'

let db: Database
let sessionId: string
beforeEach(() => {
  db = openAnnotationDb()
  sessionId = addSession(db, 100)
})

const values = (s: ReturnType<typeof annotationService>, traceId: string, dim: 'valence' | 'arousal' = 'valence') => {
  const p = s.points(traceId)
  const out: (number | null)[] = new Array(100).fill(null)
  p.frames.forEach((f, i) => (out[f] = (dim === 'valence' ? p.valence : p.arousal)[i]))
  return out
}

describe('annotators, projects, passes', () => {
  it('gives each annotator their own trace and refuses writes by another annotator', () => {
    const s = annotationService({ db })
    const a = s.createAnnotator('alice')
    const b = s.createAnnotator('bob')
    expect(() => s.createAnnotator('alice')).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    const p1 = s.startPass({ sessionId, annotatorId: a.id, mode: '1d-valence', inputLagS: 0.4 })
    const p2 = s.startPass({ sessionId, annotatorId: a.id, mode: '1d-arousal' })
    const pb = s.startPass({ sessionId, annotatorId: b.id, mode: '2d' })
    expect(p2.traceId).toBe(p1.traceId)
    expect(pb.traceId).not.toBe(p1.traceId)
    s.append(p1.id, [[0, 0.5, 0.9], [1, 0.6, null]]) // 1d-valence ignores arousal
    s.append(p2.id, [[0, null, -0.3]])
    expect(s.points(p1.traceId)).toMatchObject({ frames: [0, 1], valence: [0.5, Math.fround(0.6)], arousal: [Math.fround(-0.3), null] })
    expect(() => s.edit({ traceId: p1.traceId, fromFrame: 0, toFrame: 1, op: 'reject', annotatorId: b.id })).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    expect(() => s.append(p1.id, [[100, 0, 0]])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    s.finishPass(p1.id)
    expect(() => s.append(p1.id, [[2, 0, 0]])).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
  })

  it('hides predictions and other annotators in blind mode; reports progress', () => {
    const s = annotationService({ db })
    const a = s.createAnnotator('alice')
    const b = s.createAnnotator('bob')
    insertTrace(db, { sessionId, kind: 'prediction', sourceType: 'model_run', name: 'model' }, { valence: [0], arousal: [0] })
    const pa = s.startPass({ sessionId, annotatorId: a.id, mode: '2d' })
    s.startPass({ sessionId, annotatorId: b.id, mode: '2d' })
    const project = s.createProject('study', [sessionId], true)
    s.assign(a.id, [sessionId], project.id)
    expect(s.visibleTraces(sessionId, a.id).map((t) => t.id)).toEqual([pa.traceId]) // project is blind
    expect(s.visibleTraces(sessionId, a.id, false)).toHaveLength(3)
    expect(s.visibleTraces(sessionId, b.id)).toHaveLength(3) // bob is not assigned through the blind project
    s.append(pa.id, Array.from({ length: 40 }, (_, f) => [f, 0.1, f < 10 ? 0.2 : null] as const))
    s.edit({ traceId: pa.traceId, fromFrame: 0, toFrame: 19, op: 'accept', annotatorId: a.id })
    s.finishPass(pa.id)
    expect(s.progress({ projectId: project.id })).toEqual([
      expect.objectContaining({ annotatorName: 'alice', frameCount: 100, valenceRated: 40, arousalRated: 10, passesStarted: 1, passesFinished: 1, framesReviewed: 20 })
    ])
  })
})

describe('edits, undo/redo, provenance, review', () => {
  const dir = mkdtempSync(join(tmpdir(), 'circumplex-undo-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('undoes and redoes every edit kind across a restart, bit-exactly, with review status', () => {
    const file = join(dir, 'undo.sqlite')
    let store = openAnnotationDb(file)
    const sid = addSession(store, 100)
    let s = annotationService({ db: store })
    const a = s.createAnnotator('alice')
    const model = insertTrace(store, { sessionId: sid, kind: 'prediction', sourceType: 'model_run', name: 'm' }, {
      valence: Array.from({ length: 100 }, (_, f) => Math.sin(f / 7) * 0.5),
      arousal: Array.from({ length: 100 }, () => 0.25)
    })
    const pass = s.startPass({ sessionId: sid, annotatorId: a.id, mode: '2d' })
    const t = pass.traceId
    s.append(pass.id, Array.from({ length: 100 }, (_, f) => [f, (f % 10) / 10, -0.5] as const))
    const snapshots = [values(s, t)]
    const rate = s.history(t).edits[0].id
    s.edit({ traceId: t, fromFrame: 10, toFrame: 19, op: 'reject', annotatorId: a.id, dimension: 'valence' })
    snapshots.push(values(s, t))
    s.edit({ traceId: t, fromFrame: 20, toFrame: 22, op: 'redraw', annotatorId: a.id, valence: [0.9, null, -0.9] })
    snapshots.push(values(s, t))
    s.edit({ traceId: t, fromFrame: 30, toFrame: 39, op: 'shift', frames: 3, annotatorId: a.id })
    snapshots.push(values(s, t))
    s.edit({ traceId: t, fromFrame: 40, toFrame: 59, op: 'smooth', smoothing: { method: 'gaussian', sigma: 2 }, annotatorId: a.id })
    snapshots.push(values(s, t))
    const replace = s.edit({ traceId: t, fromFrame: 60, toFrame: 79, op: 'replace', sourceTraceId: model, annotatorId: a.id })
    snapshots.push(values(s, t))
    s.edit({ traceId: t, fromFrame: 80, toFrame: 89, op: 'accept', annotatorId: a.id })
    snapshots.push(values(s, t))
    expect(values(s, t)[21]).toBeNull()
    expect(snapshots[3][33]).toBe(snapshots[2][30])
    expect(snapshots[3][30]).toBeNull() // vacated
    expect(values(s, t)[65]).toBe(Math.fround(Math.sin(65 / 7) * 0.5))
    expect(s.reviewSegments(t).map((r) => [r.fromFrame, r.toFrame, r.status])).toEqual([
      [10, 19, 'corrected'],
      [20, 22, 'corrected'],
      [30, 39, 'corrected'], // shift 30..42, then smooth 40..59 takes over 40..42
      [40, 59, 'corrected'],
      [60, 79, 'corrected'],
      [80, 89, 'accepted']
    ])
    const prov = s.provenance(t, 0, 99).editIds
    expect(prov[0]).toBe(rate)
    expect(prov[65]).toBe(replace.id)
    expect(prov[85]).toBe(rate) // accept changes no value

    store.close() // restart
    store = openAnnotationDb(file)
    s = annotationService({ db: store })
    for (let k = snapshots.length - 1; k >= 1; k--) {
      expect(s.undo(t).edit?.undone).toBe(true)
      expect(values(s, t)).toEqual(snapshots[k - 1])
    }
    expect(s.reviewSegments(t)).toEqual([])
    store.close()
    store = openAnnotationDb(file)
    s = annotationService({ db: store })
    for (let k = 1; k < snapshots.length; k++) {
      s.redo(t)
      expect(values(s, t)).toEqual(snapshots[k])
    }
    expect(s.redo(t)).toMatchObject({ edit: null, canRedo: false, canUndo: true })
    expect(s.reviewSegments(t)).toHaveLength(6)
    // a new edit drops the undone tail
    s.undo(t)
    s.edit({ traceId: t, fromFrame: 0, toFrame: 0, op: 'reject', annotatorId: a.id })
    expect(s.history(t)).toMatchObject({ canRedo: false })
    expect(() => s.edit({ traceId: model, fromFrame: 0, toFrame: 0, op: 'reject', annotatorId: a.id })).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    store.close()
  })
})

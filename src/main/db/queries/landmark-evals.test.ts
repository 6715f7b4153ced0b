import { describe, expect, it } from 'vitest'
import { openDatabase } from '../connection'
import { makeEvalSet } from '../../faces/trackers/tracker-eval'
import type { LandmarkEvalRecord } from '../../faces/trackers/types'
import { deleteLandmarkEval, getLandmarkEval, insertLandmarkEval, listLandmarkEvals } from './landmark-evals'
import { setRunStatus, upsertRun } from './runs'

const rec = (id: string, over: Partial<LandmarkEvalRecord> = {}): LandmarkEvalRecord => ({
  id,
  trackerId: 'default',
  runId: null,
  label: 'default (Human FaceMesh)',
  source: '/gt/300w',
  createdAt: '2026-01-01T00:00:00.000Z',
  sets: [makeEvalSet('300w-stills', null, false, [0.02, NaN], [0.03, NaN]), makeEvalSet('moving', '1', false, [NaN], [NaN])],
  ...over
})

describe('landmark_evals queries', () => {
  it('round-trips a record; NaN errors and NaN summaries come back as NaN (not null)', () => {
    const { db } = openDatabase(':memory:')
    insertLandmarkEval(db, rec('e1'))
    const back = getLandmarkEval(db, 'e1')!
    expect(back.sets[0].nmeBox[0]).toBe(0.02)
    expect(Number.isNaN(back.sets[0].nmeBox[1])).toBe(true)
    expect(Number.isNaN(back.sets[1].summary.meanBox)).toBe(true)
    expect(back.sets[1].summary.failureBox).toBe(1)
    expect(back.sets[0].summary.failureBox).toBe(0.5)
    expect(back).toEqual(rec('e1'))
    expect(getLandmarkEval(db, 'nope')).toBeNull()
  })

  it('lists newest first, filters by source, deletes, and cascades with the run', () => {
    const { db } = openDatabase(':memory:')
    upsertRun(db, { id: 'r1', model: 'tracker', preset: 'dcrt', configJson: '{}', dataHash: 'h', fold: 'f', runDir: '/tmp/r1' })
    setRunStatus(db, 'r1', { status: 'done', finished: true })
    insertLandmarkEval(db, rec('a', { createdAt: '2026-01-01T00:00:00.000Z' }))
    insertLandmarkEval(db, rec('b', { createdAt: '2026-01-02T00:00:00.000Z', trackerId: 'dcrt:r1', runId: 'r1', source: '/gt/300vw' }))
    expect(listLandmarkEvals(db).map((r) => r.id)).toEqual(['b', 'a'])
    expect(listLandmarkEvals(db, { source: '/gt/300w' }).map((r) => r.id)).toEqual(['a'])
    expect(() => insertLandmarkEval(db, rec('c', { runId: 'missing' }))).toThrow(/FOREIGN KEY/)
    db.prepare("DELETE FROM runs WHERE id = 'r1'").run()
    expect(listLandmarkEvals(db).map((r) => r.id)).toEqual(['a'])
    expect(deleteLandmarkEval(db, 'a')).toBe(true)
    expect(deleteLandmarkEval(db, 'a')).toBe(false)
  })
})

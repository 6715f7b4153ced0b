import { describe, expect, it } from 'vitest'
import type { DatasetSubjectSummary } from '../../../../../shared/datasets'
import { foldNotes, foldProblems, moveSubject, regenerate, sameFolds, splitOf } from './fold-edit'

const folds = [
  { name: 'fold-1', train: ['A', 'B'], val: ['C'], test: ['D'] },
  { name: 'fold-2', train: ['C', 'D'], val: ['A'], test: ['B'] }
]
const subjects = ['A', 'B', 'C', 'D']
const summaries: DatasetSubjectSummary[] = subjects.map((s) => ({ subjectId: s, clipIds: [`${s}1`], frames: 4, labelled: 4, meanValence: 0, meanArousal: 0 }))

describe('fold editing', () => {
  it('moves a subject between splits of one fold only, keeping every subject in exactly one split', () => {
    const moved = moveSubject(folds, 0, 'A', 'test')
    expect(moved[0]).toEqual({ name: 'fold-1', train: ['B'], val: ['C'], test: ['A', 'D'] })
    expect(moved[1]).toBe(folds[1])
    expect(subjects.map((s) => splitOf(moved[0], s))).toEqual(['test', 'train', 'val', 'test'])
    expect(foldProblems(moved, subjects)).toEqual([])
    expect(sameFolds(moved, folds)).toBe(false)
    expect(sameFolds(moveSubject(moved, 0, 'A', 'train'), folds)).toBe(true)
  })

  it('reports what blocks saving and what is only advice', () => {
    const noTrain = moveSubject(moveSubject(folds, 0, 'A', 'val'), 0, 'B', 'val')
    expect(foldProblems(noTrain, subjects)).toEqual(['fold-1: no training subject.'])
    expect(foldProblems(moveSubject(folds, 1, 'B', 'train'), subjects)).toEqual(['fold-2: no test subject.'])
    expect(foldProblems(folds, [...subjects, 'E'])).toEqual(['fold-1: E is in no split.', 'fold-2: E is in no split.'])
    expect(foldProblems([folds[0], { ...folds[1], name: 'fold-1' }], subjects)).toEqual(['Two folds are named “fold-1”.'])
    expect(foldNotes(folds, subjects)).toEqual(['Never tested: A, C.'])
    expect(foldNotes(moveSubject(folds, 1, 'A', 'train'), subjects)[1]).toMatch(/No validation subjects in fold-2/)
  })

  it('regenerates the seeded k-fold: deterministic, every subject tested once, k clamped', () => {
    const a = regenerate(summaries, 4, 7)
    expect(a).toHaveLength(4)
    expect(a.flatMap((f) => f.test).sort()).toEqual(subjects)
    expect(regenerate(summaries, 4, 7)).toEqual(a)
    expect(regenerate(summaries, 99, 7)).toHaveLength(4)
    expect(regenerate(summaries, 1, 7)).toHaveLength(2)
    expect(regenerate(summaries.slice(0, 1), 3, 7)).toEqual([])
    for (const f of a) expect(foldProblems([f], subjects)).toEqual([])
  })
})

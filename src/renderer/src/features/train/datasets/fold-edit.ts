/**
 * The fold editor's model: a draft of folds in which every subject has exactly one split per fold (so a subject can
 * never be in two splits while editing), moves of one subject, the problems that block saving (shown inline before
 * main checks again), and regeneration with the same subject k-fold main uses for new datasets.
 */
import { subjectKFold } from '../../../../../core/folds'
import { DEFAULT_FOLDS, type DatasetFold, type DatasetSubjectSummary } from '../../../../../shared/datasets'

export type Split = 'train' | 'val' | 'test'
export const SPLITS: readonly Split[] = ['train', 'val', 'test']

/** The split of `subject` in `fold` (null: not assigned — only in folds saved before a subject was added). */
export function splitOf(fold: DatasetFold, subject: string): Split | null {
  if (fold.test.includes(subject)) return 'test'
  if (fold.val.includes(subject)) return 'val'
  if (fold.train.includes(subject)) return 'train'
  return null
}

/** Folds with `subject` moved to `split` in fold `index` (removed from its other splits there); lists stay sorted. */
export function moveSubject(folds: readonly DatasetFold[], index: number, subject: string, split: Split): DatasetFold[] {
  return folds.map((f, i) => {
    if (i !== index) return f
    const without = (ids: readonly string[]) => ids.filter((x) => x !== subject)
    const next = { name: f.name, train: without(f.train), val: without(f.val), test: without(f.test) }
    next[split] = [...next[split], subject].sort()
    return next
  })
}

/** Why the draft cannot be saved (empty: it can). */
export function foldProblems(folds: readonly DatasetFold[], subjects: readonly string[]): string[] {
  const out: string[] = []
  if (folds.length === 0) out.push('There are no folds.')
  const names = new Set<string>()
  for (const f of folds) {
    if (names.has(f.name)) out.push(`Two folds are named “${f.name}”.`)
    names.add(f.name)
    const missing = subjects.filter((s) => splitOf(f, s) === null)
    if (missing.length > 0) out.push(`${f.name}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} in no split.`)
    if (f.train.length === 0) out.push(`${f.name}: no training subject.`)
    if (f.test.length === 0) out.push(`${f.name}: no test subject.`)
  }
  return out
}

/** Advice that does not block saving: subjects never tested, folds without validation subjects. */
export function foldNotes(folds: readonly DatasetFold[], subjects: readonly string[]): string[] {
  const out: string[] = []
  const tested = new Set(folds.flatMap((f) => f.test))
  const never = subjects.filter((s) => !tested.has(s))
  if (folds.length > 0 && never.length > 0) out.push(`Never tested: ${never.join(', ')}.`)
  const noVal = folds.filter((f) => f.val.length === 0).map((f) => f.name)
  if (noVal.length > 0) out.push(`No validation subjects in ${noVal.join(', ')}: checkpoints cannot be selected on validation there.`)
  return out
}

/** The seeded subject k-fold main makes (k clamped to [2, subjects]); empty for fewer than two subjects. */
export function regenerate(subjects: readonly DatasetSubjectSummary[], k: number, seed: number): DatasetFold[] {
  if (subjects.length < 2) return []
  const kk = Math.max(2, Math.min(Math.round(k), subjects.length))
  const map = new Map(subjects.map((s) => [s.subjectId, [...s.clipIds]]))
  return subjectKFold(map, { k: kk, seed, validation: { fraction: DEFAULT_FOLDS.valFraction } }).folds.map((f) => ({
    name: f.name,
    train: [...f.train],
    val: [...f.val],
    test: [...f.test]
  }))
}

/** Whether two fold lists are the same (names and sorted ids). */
export function sameFolds(a: readonly DatasetFold[], b: readonly DatasetFold[]): boolean {
  const key = (fs: readonly DatasetFold[]) => JSON.stringify(fs.map((f) => [f.name, [...f.train].sort(), [...f.val].sort(), [...f.test].sort()]))
  return key(a) === key(b)
}

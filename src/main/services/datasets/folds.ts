/**
 * The saved split of a dataset: made by subject k-fold (core/folds) and checked when edited. A saved split must give
 * every subject of the dataset exactly one of train / val / test in every fold (no subject left out, none in two
 * splits, none unknown), with a non-empty train and test in each fold and unique fold names.
 */
import { assertNoLeakage, subjectKFold } from '../../../core/folds'
import { DEFAULT_FOLDS, MAX_FOLD_NAME, type DatasetFold, type DatasetFoldsInfo } from '../../../shared/datasets'
import { AppError } from '../../../shared/ipc/errors'

const sorted = (ids: readonly string[]): string[] => [...ids].sort()

/** Subject k-fold over the dataset's subjects (k = min(k, subjects)); no folds for fewer than two subjects. */
export function makeFolds(sessionsBySubject: ReadonlyMap<string, readonly string[]>, o: { k?: number; seed?: number; valFraction?: number } = {}): DatasetFoldsInfo {
  const seed = o.seed ?? DEFAULT_FOLDS.seed
  const k = Math.min(o.k ?? DEFAULT_FOLDS.k, sessionsBySubject.size)
  if (k < 2) return { kind: 'subject-kfold', seed, folds: [] }
  const file = subjectKFold(sessionsBySubject, { k, seed, validation: { fraction: o.valFraction ?? DEFAULT_FOLDS.valFraction } })
  return { kind: 'subject-kfold', seed, folds: file.folds.map((f) => ({ name: f.name, train: [...f.train], val: [...f.val], test: [...f.test] })) }
}

function describe(ids: readonly string[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ')
}

/** Validates folds against the dataset's subjects; returns them with sorted id lists. Throws INVALID_ARGUMENT / SUBJECT_LEAKAGE. */
export function checkFolds(folds: readonly DatasetFold[], sessionsBySubject: ReadonlyMap<string, readonly string[]>): DatasetFold[] {
  if (folds.length === 0) throw new AppError('INVALID_ARGUMENT', 'a split needs at least one fold')
  const names = new Set<string>()
  return folds.map((f) => {
    const name = f.name.trim()
    if (name.length === 0 || name.length > MAX_FOLD_NAME) throw new AppError('INVALID_ARGUMENT', `fold names must have 1 to ${MAX_FOLD_NAME} characters`)
    if (names.has(name)) throw new AppError('INVALID_ARGUMENT', `two folds are named '${name}'`)
    names.add(name)
    for (const [split, ids] of [['train', f.train], ['val', f.val], ['test', f.test]] as const) {
      const dup = ids.filter((id, i) => ids.indexOf(id) !== i)
      if (dup.length > 0) throw new AppError('INVALID_ARGUMENT', `fold '${name}': ${split} lists ${describe([...new Set(dup)])} twice`)
    }
    const fold: DatasetFold = { name, train: sorted(f.train), val: sorted(f.val), test: sorted(f.test) }
    // Unknown subjects (INVALID_ARGUMENT), then a subject in two splits (SUBJECT_LEAKAGE, train/val too).
    assertNoLeakage(fold, sessionsBySubject, { strictValidation: true })
    const assigned = new Set([...fold.train, ...fold.val, ...fold.test])
    const missing = [...sessionsBySubject.keys()].filter((s) => !assigned.has(s)).sort()
    if (missing.length > 0) throw new AppError('INVALID_ARGUMENT', `fold '${name}': subject(s) ${describe(missing)} in none of train, val and test`)
    if (fold.train.length === 0) throw new AppError('INVALID_ARGUMENT', `fold '${name}' has no training subject`)
    if (fold.test.length === 0) throw new AppError('INVALID_ARGUMENT', `fold '${name}' has no test subject`)
    return fold
  })
}

/** 'subject-kfold' when the folds are exactly what makeFolds gives for `seed` and their count; else 'custom'. */
export function foldsKind(folds: readonly DatasetFold[], sessionsBySubject: ReadonlyMap<string, readonly string[]>, seed: number | null | undefined): DatasetFoldsInfo {
  if (seed === null || seed === undefined || !Number.isSafeInteger(seed)) return { kind: 'custom', seed: null, folds }
  const made = makeFolds(sessionsBySubject, { k: folds.length, seed })
  const same = JSON.stringify(made.folds) === JSON.stringify(folds.map((f) => ({ name: f.name, train: f.train, val: f.val, test: f.test })))
  return same ? { kind: 'subject-kfold', seed, folds } : { kind: 'custom', seed: null, folds }
}

/**
 * Fold builders: subject-grouped k-fold and leave-one-subject-out. Deterministic given the seed: subjects are
 * sorted first, so the order of the input does not matter.
 *
 * Session balancing (k-fold): subjects are shuffled with the seed, then stably sorted by session count (largest
 * first; the shuffle only breaks ties) and assigned greedily to the fold with the fewest sessions so far (ties: the
 * fewest subjects, then the lowest fold index) — longest-processing-time scheduling, so the session totals of any two
 * folds differ by at most the largest single subject's session count.
 */
import { AppError } from '../../shared/ipc/errors'
import { assertSeed, deriveSeed, shuffled } from './seeded-random'
import { toSubjectMap, type SessionsBySubject, type SplitFile, type SplitFold } from './types'
import { carveValidation, type ValidationOptions } from './validation-split'

export interface KFoldOptions {
  /** Number of folds (>= 2, <= number of subjects). */
  readonly k: number
  /** Seed for tie-breaking and the validation carve (integer). */
  readonly seed: number
  /** Optional validation split carved from each fold's training subjects. */
  readonly validation?: ValidationOptions
}

function subjectList(sessions: SessionsBySubject): { ids: string[]; counts: Map<string, number> } {
  const map = toSubjectMap(sessions)
  const counts = new Map<string, number>()
  for (const [id, list] of map) {
    if (typeof id !== 'string' || id.length === 0) throw new AppError('INVALID_ARGUMENT', 'subject ids must be non-empty strings')
    counts.set(id, list.length)
  }
  return { ids: [...counts.keys()].sort(), counts }
}

/** Subject-grouped k-fold with session balancing. Fold i tests subjects group i and trains on the rest. */
export function subjectKFold(sessionsBySubject: SessionsBySubject, options: KFoldOptions): SplitFile {
  const { k, seed } = options
  assertSeed(seed)
  const { ids, counts } = subjectList(sessionsBySubject)
  if (!Number.isInteger(k) || k < 2) throw new AppError('INVALID_ARGUMENT', `k must be an integer >= 2, got ${k}`)
  if (ids.length < k) {
    throw new AppError('INVALID_ARGUMENT', `cannot make ${k} subject-grouped folds from ${ids.length} subject(s)`)
  }
  const order = shuffled(ids, seed)
  const rank = new Map(order.map((id, i) => [id, i]))
  order.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (rank.get(a) ?? 0) - (rank.get(b) ?? 0))
  const groups: string[][] = Array.from({ length: k }, () => [])
  const totals = new Array<number>(k).fill(0)
  for (const id of order) {
    let best = 0
    for (let f = 1; f < k; f++) {
      if (totals[f] < totals[best] || (totals[f] === totals[best] && groups[f].length < groups[best].length)) best = f
    }
    groups[best].push(id)
    totals[best] += counts.get(id) ?? 0
  }
  const folds: SplitFold[] = groups.map((group, i) => {
    const test = [...group].sort()
    const testSet = new Set(test)
    const rest = ids.filter((id) => !testSet.has(id))
    const { train, val } = carveValidation(rest, options.validation ?? {}, deriveSeed(seed, i))
    return { name: `fold-${i + 1}`, train, val, test }
  })
  return { version: 1, kind: 'subject-kfold', seed, folds }
}

export interface LosoOptions {
  /** Seed for the validation carve (default 0). */
  readonly seed?: number
  readonly validation?: ValidationOptions
}

/** Leave-one-subject-out: one fold per subject (sorted), named `loso-<subject>`. Needs >= 2 subjects. */
export function leaveOneSubjectOut(sessionsBySubject: SessionsBySubject, options: LosoOptions = {}): SplitFile {
  const seed = options.seed ?? 0
  assertSeed(seed)
  const { ids } = subjectList(sessionsBySubject)
  if (ids.length < 2) throw new AppError('INVALID_ARGUMENT', `leave-one-subject-out needs >= 2 subjects, got ${ids.length}`)
  const folds: SplitFold[] = ids.map((subject, i) => {
    const rest = ids.filter((id) => id !== subject)
    const { train, val } = carveValidation(rest, options.validation ?? {}, deriveSeed(seed, i))
    return { name: `loso-${subject}`, train, val, test: [subject] }
  })
  return { version: 1, kind: 'loso', seed, folds }
}

/** Session totals per split of a fold (subjects missing from the map count 0). */
export function foldSessionCounts(
  fold: SplitFold,
  sessionsBySubject: SessionsBySubject
): { train: number; val: number; test: number } {
  const map = toSubjectMap(sessionsBySubject)
  const sum = (ids: readonly string[]): number => ids.reduce((s, id) => s + (map.get(id)?.length ?? 0), 0)
  return { train: sum(fold.train), val: sum(fold.val), test: sum(fold.test) }
}

/**
 * Leakage guards. A subject (person) in both the data a model learned or was selected on and the data it is
 * evaluated on makes every reported metric optimistic. These checks throw `AppError('SUBJECT_LEAKAGE')` naming the
 * leaked subjects; call them right before training/evaluation starts, not only when the split is made.
 */
import { AppError } from '../../shared/ipc/errors'
import { toSubjectMap, type SessionsBySubject, type SplitFold } from './types'

const MAX_NAMED = 20

function describeIds(ids: readonly string[]): string {
  const named = ids.slice(0, MAX_NAMED).join(', ')
  return ids.length > MAX_NAMED ? `${named} and ${ids.length - MAX_NAMED} more` : named
}

/** Sorted ids present in both lists. */
export function sharedSubjects(a: Iterable<string>, b: Iterable<string>): string[] {
  const set = new Set(a)
  return [...new Set([...b].filter((id) => set.has(id)))].sort()
}

/**
 * Throws SUBJECT_LEAKAGE when any subject is in both `trainSubjects` (everything the model was trained or selected
 * on) and `evalSubjects`. `label` names the pair in the message (default 'train' / 'test').
 */
export function checkEvaluation(
  trainSubjects: Iterable<string>,
  evalSubjects: Iterable<string>,
  label: { readonly train?: string; readonly eval?: string } = {}
): void {
  const leaked = sharedSubjects(trainSubjects, evalSubjects)
  if (leaked.length > 0) {
    const a = label.train ?? 'train'
    const b = label.eval ?? 'test'
    throw new AppError(
      'SUBJECT_LEAKAGE',
      `subject leakage: ${leaked.length} subject(s) in both ${a} and ${b}: ${describeIds(leaked)}`
    )
  }
}

export interface LeakageOptions {
  /** Also refuse subjects shared by train and val (a biased validation split); default false. */
  readonly strictValidation?: boolean
}

/**
 * Checks one fold: no subject in train and test, none in val and test (and, with `strictValidation`, none in train
 * and val). With `sessionsBySubject`, also: every subject of the fold exists (else INVALID_ARGUMENT) and no session
 * id is listed under a test subject and a train/val subject (the same recording on both sides).
 */
export function assertNoLeakage(fold: SplitFold, sessionsBySubject?: SessionsBySubject, options: LeakageOptions = {}): void {
  const where = `fold '${fold.name}'`
  checkEvaluation(fold.train, fold.test, { train: `train of ${where}`, eval: 'test' })
  checkEvaluation(fold.val, fold.test, { train: `val of ${where}`, eval: 'test' })
  if (options.strictValidation) checkEvaluation(fold.train, fold.val, { train: `train of ${where}`, eval: 'val' })
  if (!sessionsBySubject) return
  const map = toSubjectMap(sessionsBySubject)
  const unknown = [...fold.train, ...fold.val, ...fold.test].filter((id) => !map.has(id))
  if (unknown.length > 0) {
    throw new AppError('INVALID_ARGUMENT', `${where} names unknown subject(s): ${describeIds([...new Set(unknown)].sort())}`)
  }
  const testSessions = new Map<string, string>()
  for (const s of fold.test) for (const session of map.get(s) ?? []) testSessions.set(session, s)
  const crossings: string[] = []
  for (const s of [...fold.train, ...fold.val]) {
    for (const session of map.get(s) ?? []) {
      const owner = testSessions.get(session)
      if (owner !== undefined) crossings.push(`${session} (${s} / ${owner})`)
    }
  }
  if (crossings.length > 0) {
    throw new AppError(
      'SUBJECT_LEAKAGE',
      `subject leakage in ${where}: ${crossings.length} session(s) listed under both a training and a test subject: ${describeIds(crossings.sort())}`
    )
  }
}

/** {@link assertNoLeakage} for every fold. */
export function assertSplitNoLeakage(
  folds: readonly SplitFold[],
  sessionsBySubject?: SessionsBySubject,
  options: LeakageOptions = {}
): void {
  for (const fold of folds) assertNoLeakage(fold, sessionsBySubject, options)
}

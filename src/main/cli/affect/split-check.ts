/**
 * `circumplex folds check`: every leak of a split file at once (the core parser stops at the first), plus two
 * optional external checks:
 *
 * - `trainSubjects`: subjects some model was already trained on (e.g. a pretrained checkpoint) — none may be in the
 *   test split of any fold, nor in `evalSubjects`;
 * - `evalSubjects`: a held-out evaluation set — none may be in train or val of any fold (seen in training).
 * - `sessionsBySubject`: every subject of the split must be known (else INVALID_ARGUMENT).
 *
 * Any leak → AppError('SUBJECT_LEAKAGE') whose message names the fold, the pair of splits and the subjects.
 */
import { AppError } from '../../../shared/ipc/errors'
import { parseSplitFile, sharedSubjects, type SplitFile, type SplitFold } from '../../../core/folds'

export interface SplitLeak {
  /** Fold name, or null for a check that is not per fold. */
  readonly fold: string | null
  /** e.g. 'train/test', 'val/test', '--train-subjects/test', '--eval-subjects/train'. */
  readonly between: string
  readonly subjects: string[]
}

export interface SplitCheckOptions {
  readonly trainSubjects?: readonly string[]
  readonly evalSubjects?: readonly string[]
  readonly knownSubjects?: ReadonlySet<string>
}

export interface SplitCheckReport {
  readonly kind: string
  readonly seed: number | null
  readonly folds: { readonly name: string; readonly train: number; readonly val: number; readonly test: number }[]
  /** Subjects over all folds. */
  readonly subjects: number
  /** Subjects tested in more than one fold (legal, but unusual for k-fold / LOSO). */
  readonly testedTwice: string[]
  /** Subjects never in any test split. */
  readonly neverTested: string[]
  readonly checks: string[]
  readonly leaks: SplitLeak[]
}

const MAX_NAMED = 20

function names(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_NAMED).join(', ')
  return ids.length > MAX_NAMED ? `${shown} and ${ids.length - MAX_NAMED} more` : shown
}

/** One line describing all leaks, for the SUBJECT_LEAKAGE error. */
export function describeLeaks(leaks: readonly SplitLeak[]): string {
  const all = new Set(leaks.flatMap((l) => l.subjects))
  const parts = leaks.map((l) => `${l.fold !== null ? `fold '${l.fold}' ` : ''}${l.between}: ${names(l.subjects)}`)
  return `subject leakage: ${all.size} subject(s) (${names([...all].sort())}) on both sides: ${parts.join('; ')}`
}

/** Parses the split file shape (PARSE_ERROR on bad shape) WITHOUT stopping at the first leak. */
export function parseSplitShape(text: string): SplitFile {
  try {
    return parseSplitFile(text)
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'SUBJECT_LEAKAGE') throw e
    // The shape is valid (leakage is checked after it); re-read the raw folds to collect every leak.
    const raw = JSON.parse(text) as { kind: SplitFile['kind']; seed: number | null; folds: Partial<SplitFold>[] }
    return {
      version: 1,
      kind: raw.kind,
      seed: raw.seed,
      folds: raw.folds.map((f) => ({ name: f.name ?? '', train: f.train ?? [], val: f.val ?? [], test: f.test ?? [] }))
    }
  }
}

/** Checks a split; returns the report (with `leaks` possibly non-empty — the command throws on them). */
export function checkSplit(split: SplitFile, options: SplitCheckOptions = {}): SplitCheckReport {
  const leaks: SplitLeak[] = []
  const checks = ['train/test', 'val/test']
  const push = (fold: string | null, between: string, subjects: string[]): void => {
    if (subjects.length > 0) leaks.push({ fold, between, subjects })
  }
  for (const f of split.folds) {
    push(f.name, 'train/test', sharedSubjects(f.train, f.test))
    push(f.name, 'val/test', sharedSubjects(f.val, f.test))
  }
  const { trainSubjects, evalSubjects, knownSubjects } = options
  if (trainSubjects !== undefined) {
    checks.push('--train-subjects/test')
    for (const f of split.folds) push(f.name, '--train-subjects/test', sharedSubjects(trainSubjects, f.test))
  }
  if (evalSubjects !== undefined) {
    checks.push('--eval-subjects/train', '--eval-subjects/val')
    for (const f of split.folds) {
      push(f.name, '--eval-subjects/train', sharedSubjects(f.train, evalSubjects))
      push(f.name, '--eval-subjects/val', sharedSubjects(f.val, evalSubjects))
    }
    if (trainSubjects !== undefined) {
      checks.push('--train-subjects/--eval-subjects')
      push(null, '--train-subjects/--eval-subjects', sharedSubjects(trainSubjects, evalSubjects))
    }
  }
  const all = new Set(split.folds.flatMap((f) => [...f.train, ...f.val, ...f.test]))
  if (knownSubjects !== undefined) {
    const unknown = [...all].filter((s) => !knownSubjects.has(s)).sort()
    if (unknown.length > 0) throw new AppError('INVALID_ARGUMENT', `the split names ${unknown.length} subject(s) missing from the subjects file: ${names(unknown)}`)
    checks.push('subjects known')
  }
  const testCount = new Map<string, number>()
  for (const f of split.folds) for (const s of f.test) testCount.set(s, (testCount.get(s) ?? 0) + 1)
  return {
    kind: split.kind,
    seed: split.seed,
    folds: split.folds.map((f) => ({ name: f.name, train: f.train.length, val: f.val.length, test: f.test.length })),
    subjects: all.size,
    testedTwice: [...testCount.entries()].filter(([, n]) => n > 1).map(([s]) => s).sort(),
    neverTested: [...all].filter((s) => !testCount.has(s)).sort(),
    checks,
    leaks
  }
}

/** Comma-separated subject list flag (`a,b , c`) → ids; empty items rejected. */
export function parseSubjectList(value: string, flag: string): string[] {
  const ids = value.split(',').map((s) => s.trim())
  if (ids.some((s) => s === '')) throw new AppError('INVALID_ARGUMENT', `--${flag}: empty subject id in '${value}'`)
  return [...new Set(ids)]
}

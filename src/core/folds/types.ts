/**
 * Evaluation splits are defined on subjects (people), never on sessions or frames: the same face in train and test
 * inflates every affect metric. A fold lists subject ids; sessions follow their subject.
 */

export type SplitKind = 'subject-kfold' | 'loso' | 'custom'

export const SPLIT_KINDS: readonly SplitKind[] = ['subject-kfold', 'loso', 'custom']

/** One fold: subject ids per split. `val` is carved from the training subjects and may be empty. */
export interface SplitFold {
  readonly name: string
  readonly train: readonly string[]
  readonly val: readonly string[]
  readonly test: readonly string[]
}

/** The JSON split file, version 1. `seed` is null for hand-made (custom) splits. */
export interface SplitFile {
  readonly version: 1
  readonly kind: SplitKind
  readonly seed: number | null
  readonly folds: readonly SplitFold[]
}

/** Sessions of each subject: a Map or a plain object { subjectId: [sessionId, ...] }. */
export type SessionsBySubject = ReadonlyMap<string, readonly string[]> | Readonly<Record<string, readonly string[]>>

/** Normalise {@link SessionsBySubject} to a Map. */
export function toSubjectMap(sessions: SessionsBySubject): ReadonlyMap<string, readonly string[]> {
  if (sessions instanceof Map) return sessions
  return new Map(Object.entries(sessions as Readonly<Record<string, readonly string[]>>))
}

/** Evaluation splits: subject-grouped folds, split files, leakage guards, validation-only checkpoint selection. */
export { SPLIT_KINDS, toSubjectMap, type SplitKind, type SplitFold, type SplitFile, type SessionsBySubject } from './types'
export { mulberry32, shuffled, deriveSeed } from './seeded-random'
export { carveValidation, type ValidationOptions } from './validation-split'
export { subjectKFold, leaveOneSubjectOut, foldSessionCounts, type KFoldOptions, type LosoOptions } from './build-folds'
export { parseSplitFile, serialiseSplitFile } from './split-file'
export {
  assertNoLeakage,
  assertSplitNoLeakage,
  checkEvaluation,
  sharedSubjects,
  type LeakageOptions
} from './leakage'
export {
  selectCheckpoint,
  type EpochSplit,
  type EpochRecord,
  type SelectionOptions,
  type Selection
} from './checkpoint-selection'

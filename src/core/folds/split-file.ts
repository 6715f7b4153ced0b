/**
 * The JSON split file (version 1):
 *
 *     { "version": 1, "kind": "subject-kfold" | "loso" | "custom", "seed": 42 | null,
 *       "folds": [ { "name": "fold-1", "train": ["s01", ...], "val": [...], "test": [...] }, ... ] }
 *
 * Parsing validates the shape and throws `AppError('PARSE_ERROR')` with the JSON path of the first problem
 * (e.g. `folds[2].test[0] must be a non-empty string`); a shape-valid file whose folds share subjects between
 * train/val and test throws `AppError('SUBJECT_LEAKAGE')` (./leakage.ts). Rules: fold names non-empty and unique;
 * train and test non-empty; val may be empty, and a missing `val` reads as []; ids non-empty strings, no duplicates
 * within a list; seed an integer or null. Unknown extra keys are ignored (a future version bumps `version`).
 */
import { AppError } from '../../shared/ipc/errors'
import { assertNoLeakage } from './leakage'
import { SPLIT_KINDS, type SplitFile, type SplitFold, type SplitKind } from './types'

function parseError(message: string): AppError {
  return new AppError('PARSE_ERROR', `invalid split file: ${message}`)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function idList(v: unknown, path: string, allowEmpty: boolean): string[] {
  if (!Array.isArray(v)) throw parseError(`${path} must be an array of subject ids`)
  if (!allowEmpty && v.length === 0) throw parseError(`${path} must not be empty`)
  const seen = new Set<string>()
  return v.map((id: unknown, i) => {
    if (typeof id !== 'string' || id.length === 0) throw parseError(`${path}[${i}] must be a non-empty string`)
    if (seen.has(id)) throw parseError(`${path} lists subject '${id}' twice`)
    seen.add(id)
    return id
  })
}

/** Parse and validate a split file from JSON text or an already-parsed value. */
export function parseSplitFile(input: string | unknown): SplitFile {
  let data: unknown = input
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input) as unknown
    } catch (e) {
      throw new AppError('PARSE_ERROR', `invalid split file: not JSON (${(e as Error).message})`, { cause: e })
    }
  }
  if (!isRecord(data)) throw parseError('top level must be an object')
  if (data.version !== 1) throw parseError(`unsupported version ${JSON.stringify(data.version) ?? 'undefined'} (expected 1)`)
  const kind = data.kind
  if (typeof kind !== 'string' || !(SPLIT_KINDS as readonly string[]).includes(kind)) {
    throw parseError(`kind must be one of ${SPLIT_KINDS.join(', ')}, got ${JSON.stringify(kind) ?? 'undefined'}`)
  }
  const seed = data.seed
  if (!(seed === null || (typeof seed === 'number' && Number.isSafeInteger(seed)))) {
    throw parseError(`seed must be an integer or null, got ${JSON.stringify(seed) ?? 'undefined'}`)
  }
  if (!Array.isArray(data.folds) || data.folds.length === 0) throw parseError('folds must be a non-empty array')
  const names = new Set<string>()
  const folds: SplitFold[] = data.folds.map((f: unknown, i) => {
    const path = `folds[${i}]`
    if (!isRecord(f)) throw parseError(`${path} must be an object`)
    if (typeof f.name !== 'string' || f.name.length === 0) throw parseError(`${path}.name must be a non-empty string`)
    if (names.has(f.name)) throw parseError(`${path}.name '${f.name}' is used by another fold`)
    names.add(f.name)
    return {
      name: f.name,
      train: idList(f.train, `${path}.train`, false),
      val: f.val === undefined ? [] : idList(f.val, `${path}.val`, true),
      test: idList(f.test, `${path}.test`, false)
    }
  })
  for (const fold of folds) assertNoLeakage(fold)
  return { version: 1, kind: kind as SplitKind, seed, folds }
}

/** Serialise a split file (validated first) as pretty JSON with a stable key order and a trailing newline. */
export function serialiseSplitFile(file: SplitFile): string {
  const checked = parseSplitFile(file)
  const ordered = {
    version: checked.version,
    kind: checked.kind,
    seed: checked.seed,
    folds: checked.folds.map((f) => ({ name: f.name, train: f.train, val: f.val, test: f.test }))
  }
  return `${JSON.stringify(ordered, null, 2)}\n`
}

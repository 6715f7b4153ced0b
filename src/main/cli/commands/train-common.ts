/** Argument pieces shared by the stage-1 and sequence `circumplex train` paths. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { parseSplitFile, type SplitFold } from '../../../core/folds'
import { LABEL_FORMATS, type LabelFormat } from '../../engine/data/dataset-dir'
import { flagString } from '../args'
import type { ParsedArgs } from '../command'

/** --folds <split.json> [--fold N|NAME] → the fold. */
export function readFold(args: ParsedArgs, cwd: string): SplitFold {
  const foldsPath = flagString(args, 'folds')
  if (!foldsPath) throw new AppError('INVALID_ARGUMENT', '--folds <split.json> is required (make one with circumplex folds make --val 1)')
  let text: string
  try {
    text = readFileSync(resolve(cwd, foldsPath), 'utf8')
  } catch (e) {
    throw new AppError('NOT_FOUND', `cannot read the split file ${foldsPath}: ${(e as Error).message}`)
  }
  const split = parseSplitFile(text)
  const foldArg = flagString(args, 'fold') ?? '1'
  const fold: SplitFold | undefined = /^\d+$/.test(foldArg) ? split.folds[Number(foldArg) - 1] : split.folds.find((f) => f.name === foldArg)
  if (!fold) throw new AppError('INVALID_ARGUMENT', `--fold ${foldArg}: the split file has folds 1..${split.folds.length} (${split.folds.map((f) => f.name).join(', ')})`)
  return fold
}

export function readDataAndFormat(args: ParsedArgs, cwd: string): { dataDir: string; format: LabelFormat } {
  const data = flagString(args, 'data')
  if (!data) throw new AppError('INVALID_ARGUMENT', '--data <dataset dir> is required')
  const format = (flagString(args, 'format') ?? 'afew-va') as LabelFormat
  if (!LABEL_FORMATS.includes(format)) throw new AppError('INVALID_ARGUMENT', `--format must be one of ${LABEL_FORMATS.join(', ')}, got '${format}'`)
  return { dataDir: resolve(cwd, data), format }
}

export function readLr(args: ParsedArgs): number | undefined {
  const lrText = flagString(args, 'lr')
  const lr = lrText === undefined ? undefined : Number(lrText)
  if (lr !== undefined && !(lr > 0)) throw new AppError('INVALID_ARGUMENT', `--lr must be a positive number, got '${lrText}'`)
  return lr
}

export function eta(s: number | null): string {
  return s === null ? '' : ` ETA ${s < 60 ? `${Math.ceil(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`}`
}

export const f3 = (x: number | null | undefined): string => (x === undefined || x === null || !Number.isFinite(x) ? '  —  ' : x.toFixed(3))

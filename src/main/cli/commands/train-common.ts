/** Argument pieces shared by the stage-1 and sequence `circumplex train` paths. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { parseSplitFile, type SplitFold } from '../../../core/folds'
import { LABEL_FORMATS, type LabelFormat } from '../../engine/data/dataset-dir'
import { getDataset } from '../../db/queries/datasets'
import type { AppContext } from '../../services/app-context'
import { datasetsService } from '../../services/datasets/datasets-service'
import type { ParamValue } from '../../../shared/training'
import { flagString } from '../args'
import type { ParsedArgs } from '../command'

/** What readParamFlags needs of a family's parameter definitions (services/training/param-defs.ts). */
export interface ParamFlag {
  readonly key: string
  readonly cli: string
  readonly kind: 'int' | 'number' | 'boolean' | 'choice'
  readonly choices?: readonly { readonly value: string; readonly label: string }[]
}

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

/** A registered dataset as `--dataset` needs it (read from the store by the command). */
export interface RegisteredDataset {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly format: string
  readonly dataHash: string
  readonly folds: readonly SplitFold[]
}

/** `--dataset` lookups in the store (registered datasets and their saved folds). */
export function datasetLookup(app: AppContext): (id: string) => RegisteredDataset | null {
  return (id) => {
    const ds = getDataset(app.db, id)
    if (!ds) return null
    const folds = datasetsService(app).get(id).folds.folds.map((f) => ({ name: f.name, train: f.train, val: f.val, test: f.test }))
    return { id: ds.id, name: ds.name, path: ds.path, format: ds.format, dataHash: ds.dataHash, folds }
  }
}

/**
 * The data of a training command: `--dataset ID [--fold N|NAME]` (a registered dataset and one of its saved folds;
 * `lookup` reads the store) or `--data DIR --format F --folds split.json [--fold N|NAME]`.
 */
export function readTrainingData(
  args: ParsedArgs,
  cwd: string,
  lookup?: (id: string) => RegisteredDataset | null
): { dataset: RegisteredDataset | null; dataDir: string; format: LabelFormat; fold: SplitFold } {
  const datasetId = flagString(args, 'dataset')
  if (datasetId === undefined) return { dataset: null, ...readDataAndFormat(args, cwd), fold: readFold(args, cwd) }
  const clash = ['data', 'format', 'folds'].filter((f) => args.flags[f] !== undefined)
  if (clash.length) throw new AppError('INVALID_ARGUMENT', `--dataset names the data, its format and its folds: leave out --${clash.join(', --')}`)
  if (!lookup) throw new AppError('INTERNAL', '--dataset needs the store')
  const dataset = lookup(datasetId)
  if (!dataset) throw new AppError('NOT_FOUND', `no registered dataset '${datasetId}' in this data directory (register one in the app: Train → Datasets)`)
  if (!(LABEL_FORMATS as readonly string[]).includes(dataset.format)) throw new AppError('INVALID_ARGUMENT', `dataset ${dataset.name} has the format '${dataset.format}', which training does not read`)
  if (dataset.folds.length === 0) throw new AppError('INVALID_ARGUMENT', `dataset ${dataset.name} (${dataset.id}) has no folds yet: make them in the app (Train → Datasets)`)
  const foldArg = flagString(args, 'fold') ?? '1'
  const fold = /^\d+$/.test(foldArg) ? dataset.folds[Number(foldArg) - 1] : dataset.folds.find((f) => f.name === foldArg)
  if (!fold) throw new AppError('INVALID_ARGUMENT', `--fold ${foldArg}: dataset ${dataset.name} has folds 1..${dataset.folds.length} (${dataset.folds.map((f) => f.name).join(', ')})`)
  return { dataset, dataDir: dataset.path, format: dataset.format as LabelFormat, fold }
}

/**
 * A family's hyper-parameters from their flags (absent = the preset's default; booleans: --no-<flag> turns one off),
 * type-checked here; the config validation checks the values.
 */
export function readParamFlags(args: ParsedArgs, defs: readonly ParamFlag[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {}
  for (const p of defs) {
    const v = args.flags[p.cli]
    if (v === undefined) continue
    if (p.kind === 'boolean') {
      out[p.key] = v !== false && v !== 'false' && v !== '0'
      continue
    }
    if (typeof v !== 'string') throw new AppError('INVALID_ARGUMENT', `--${p.cli} needs a value`)
    if (p.kind === 'choice') {
      if (!p.choices?.some((c) => c.value === v)) throw new AppError('INVALID_ARGUMENT', `--${p.cli} must be one of ${p.choices?.map((c) => `'${c.value}' (${c.label})`).join(', ')}, got '${v}'`)
      out[p.key] = v
      continue
    }
    const n = Number(v)
    if (v.trim() === '' || !Number.isFinite(n)) throw new AppError('INVALID_ARGUMENT', `--${p.cli} must be a number, got '${v}'`)
    if (p.kind === 'int' && !Number.isInteger(n)) throw new AppError('INVALID_ARGUMENT', `--${p.cli} must be an integer, got '${v}'`)
    out[p.key] = n
  }
  return out
}

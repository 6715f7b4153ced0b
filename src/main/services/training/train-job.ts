/**
 * 'model:train' job body (worker thread): load the dataset fold as face crops or, for `input: 'spectrogram'`, each
 * frame's mel window (both cached), then train ANCLaF stage 1
 * with resume from the run folder. Progress: clips while loading, then training steps (done/total → ETA).
 */
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { loadTrainingData } from '../../engine/data/load-training-data'
import type { LabelFormat } from '../../engine/data/dataset-dir'
import type { AnclafConfig } from '../../engine/models/anclaf/config'
import { stage1Input, validateAnclafConfig } from '../../engine/models/anclaf/config'
import { trainAnclafStage1, type TrainResult } from '../../engine/train/anclaf-trainer'
import { useBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'

export interface TrainJobArgs {
  readonly config: AnclafConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly epochs: number
  readonly runDir: string
  readonly cacheDir: string
  readonly dataHash: string
  readonly backend?: 'wasm' | 'cpu'
}

export type TrainJobResult = TrainResult & { readonly dataHash: string }

function isTrainArgs(a: unknown): a is TrainJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.dataDir === 'string' && typeof o.runDir === 'string' && typeof o.epochs === 'number' && typeof o.config === 'object'
}

export const trainJob: JobHandler = async (args, ctx) => {
  if (!isTrainArgs(args)) throw new AppError('INVALID_ARGUMENT', 'malformed training job arguments')
  const config = validateAnclafConfig(args.config)
  await useBackend(args.backend ?? 'wasm')
  const data = await loadTrainingData({
    dir: args.dataDir,
    format: args.format,
    fold: args.fold,
    cropPolicy: config.cropPolicy,
    input: stage1Input(config),
    cacheDir: args.cacheDir,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total)
  })
  if (data.dataHash !== args.dataHash) throw new AppError('CONFLICT', `the dataset changed while the run was being set up (hash ${data.dataHash.slice(0, 12)})`)
  const result = await trainAnclafStage1({
    config,
    data,
    runDir: args.runDir,
    epochs: args.epochs,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total)
  })
  return { ...result, dataHash: data.dataHash } satisfies TrainJobResult
}

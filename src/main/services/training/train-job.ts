/**
 * 'model:train' job body (worker thread): load the dataset fold as face crops or, for `input: 'spectrogram'`, each
 * frame's mel window (both cached), then train ANCLaF stage 1
 * with resume from the run folder. Progress in phases: 'loading' (clips), then 'training' (steps over all epochs,
 * counting those done before a resume, so the bar shows the run's position; the ETA is measured per phase).
 * Backend: `backend` when given, else the best that starts here (engine/backend.ts: tfjs-node-gpu > tfjs-node >
 * wasm > cpu, or CIRCUMPLEX_TF_BACKEND).
 */
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { loadTrainingData } from '../../engine/data/load-training-data'
import type { LabelFormat } from '../../engine/data/dataset-dir'
import type { AnclafConfig } from '../../engine/models/anclaf/config'
import { stage1Input, validateAnclafConfig } from '../../engine/models/anclaf/config'
import { trainAnclafStage1, type TrainResult } from '../../engine/train/anclaf-trainer'
import { jobBackend, useBackend } from '../../engine/train/use-backend'
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
  // The record names the backend with its threads ("wasm (2 threads, SIMD)"); an explicit choice by its name.
  const backend = args.backend ? await useBackend(args.backend) : await jobBackend()
  const data = await loadTrainingData({
    dir: args.dataDir,
    format: args.format,
    fold: args.fold,
    cropPolicy: config.cropPolicy,
    input: stage1Input(config),
    cacheDir: args.cacheDir,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total, 'loading')
  })
  if (data.dataHash !== args.dataHash) {
    throw new AppError(
      'CONFLICT',
      `the dataset folder ${args.dataDir} changed: the run expects data hash ${args.dataHash.slice(0, 12)}, the folder now hashes to ${data.dataHash.slice(0, 12)}. ` +
        'The run and its checkpoints are kept; train on the changed data as a new run (re-register the dataset)'
    )
  }
  const result = await trainAnclafStage1({
    config,
    data,
    runDir: args.runDir,
    epochs: args.epochs,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total, 'training')
  })
  return { ...result, backend, dataHash: data.dataHash } satisfies TrainJobResult
}

/**
 * 'model:train-aeg' job body (worker thread): the dataset fold as 64² / 128² face crops plus every frame's eGeMAPS
 * features (engine/data/load-training-data.ts, `audioFeatures`), then AEG-CD-SZ's progressive schedule with resume
 * from the run folder (engine/train/aeg-trainer.ts). Progress: 'loading' (clips), then 'training' (steps over the
 * whole schedule, counting those done before a resume). A clip without audio is refused (MEDIA_NO_AUDIO).
 */
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import type { LabelFormat } from '../../engine/data/dataset-dir'
import { isAudioFrameSet, loadTrainingData } from '../../engine/data/load-training-data'
import { validateAegConfig, type AegConfig } from '../../engine/models/aeg-cd-sz/config'
import { trainAeg, type AegTrainResult } from '../../engine/train/aeg-trainer'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'

export interface AegTrainJobArgs {
  readonly runId: string
  readonly config: AegConfig
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly runDir: string
  readonly cacheDir: string
  readonly dataHash: string
}

export type AegTrainJobResult = AegTrainResult & {
  readonly runId: string
  readonly fold: string
  readonly dataHash: string
  readonly clips: Readonly<Record<'train' | 'val' | 'test', string[]>>
}

function isArgs(a: unknown): a is AegTrainJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.runId === 'string' && typeof o.dataDir === 'string' && typeof o.runDir === 'string' && typeof o.dataHash === 'string' && typeof o.config === 'object' && typeof o.fold === 'object'
}

export const aegTrainJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed AEG-CD-SZ training job arguments')
  const a = raw
  const config = validateAegConfig(a.config)
  const backend = await jobBackend()
  const data = await loadTrainingData({
    dir: a.dataDir,
    format: a.format,
    fold: a.fold,
    cropPolicy: config.cropPolicy,
    input: 'image',
    audioFeatures: true,
    cacheDir: a.cacheDir,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total, 'loading')
  })
  if (data.dataHash !== a.dataHash) {
    throw new AppError('CONFLICT', `the dataset folder ${a.dataDir} changed: the run expects data hash ${a.dataHash.slice(0, 12)}, the folder now hashes to ${data.dataHash.slice(0, 12)}; train on the changed data as a new run`)
  }
  const { train, val, test } = data
  if (!isAudioFrameSet(train) || !isAudioFrameSet(val) || (test && !isAudioFrameSet(test))) throw new AppError('INVALID_ARGUMENT', `fold '${a.fold.name}' has a split with no frames`)
  const result = await trainAeg({
    config,
    data: { train, val, test: test && isAudioFrameSet(test) ? test : null, dataHash: data.dataHash },
    runDir: a.runDir,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total, 'training')
  })
  return { ...result, backend, runId: a.runId, fold: a.fold.name, dataHash: data.dataHash, clips: data.clips } satisfies AegTrainJobResult
}

/**
 * 'model:train-tracker' job body (worker thread): loads the training data (tracker-data.ts: synthetic fold, ground-
 * truth folders, pseudo-labelled videos), trains the variant (engine/models/tracker trainTracker: phases denoiser →
 * estimator → box tracker + validation → joint) and keeps the run's record in `<runDir>/tracker.json` (rewritten after
 * every epoch, so a killed run keeps what it finished). Progress: data loading counts as the first unit, then the
 * trainer's own done/total. Cancel stops between steps (CANCELLED).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { trainTracker, validateTrackerConfig, type TrackerConfig } from '../../engine/models/tracker'
import { faceJobBackend } from '../../engine/train/use-backend'
import { createDefaultTracker } from '../../faces/trackers/default-tracker'
import { loadTrackerData, type TrackerDataSpec } from '../../faces/trackers/tracker-data'
import { getHumanDetector } from '../../faces/human-detector'
import type { JobHandler } from '../../jobs/protocol'

export interface TrackerTrainJobArgs {
  readonly runId: string
  readonly config: TrackerConfig
  readonly data: TrackerDataSpec
  readonly runDir: string
  /** Frames: longer side (px), every n-th frame, at most this many per clip. */
  readonly maxSide: number
  readonly frameStride: number
  readonly maxFrames: number
}

export interface TrackerEpochLog {
  readonly phase: string
  /** Epoch within the phase (1-based). */
  readonly epoch: number
  readonly metrics: Record<string, number>
  readonly losses: Record<string, number>
  readonly wallS: number
}

/** `<runDir>/tracker.json`: the run's record (also copied into the store). */
export interface TrackerHistory {
  readonly status: 'running' | 'done'
  readonly runId: string
  readonly variant: string
  readonly epochs: readonly TrackerEpochLog[]
  readonly best: Record<string, number> | null
  readonly weightsPath: string | null
  /** Pseudo-labelled frames were trained on: pre-training only, never an accuracy claim against the default tracker. */
  readonly pseudo: boolean
  /** Ground-truth folders trained on (an evaluation on them is refused). */
  readonly gtSources: readonly string[]
  readonly data: { readonly trainSequences: number; readonly trainFrames: number; readonly valSequences: number; readonly valFrames: number }
  readonly backend: string
}

export const TRACKER_HISTORY = 'tracker.json'
export type TrackerTrainJobResult = TrackerHistory

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, JSON.stringify(value, null, 1))
  renameSync(tmp, path)
}

function isArgs(a: unknown): a is TrackerTrainJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.runId === 'string' && typeof o.runDir === 'string' && typeof o.config === 'object' && !!o.config && typeof o.data === 'object' && !!o.data
}

export const trackerTrainJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed tracker training job arguments')
  const a = raw
  const config = validateTrackerConfig(a.config)
  const backend = await faceJobBackend()
  mkdirSync(a.runDir, { recursive: true })
  ctx.progress(0, 1, 'loading')
  const data = await loadTrackerData(a.data, {
    maxSide: a.maxSide,
    frameStride: a.frameStride,
    maxFrames: a.maxFrames,
    signal: ctx.signal,
    pseudoTracker: async () => createDefaultTracker(await getHumanDetector())
  })
  const frames = (xs: ReadonlyArray<{ frames: unknown[] }>): number => xs.reduce((s, x) => s + x.frames.length, 0)
  const epochs: TrackerEpochLog[] = []
  const historyPath = join(a.runDir, TRACKER_HISTORY)
  const t0 = Date.now()
  const history = (status: TrackerHistory['status'], best: Record<string, number> | null, weightsPath: string | null): TrackerHistory => ({
    status,
    runId: a.runId,
    variant: config.variant,
    epochs,
    best,
    weightsPath,
    pseudo: data.pseudo,
    gtSources: data.gtSources,
    data: { trainSequences: data.train.length, trainFrames: frames(data.train), valSequences: data.val.length, valFrames: frames(data.val) },
    backend
  })
  writeJsonAtomic(historyPath, history('running', null, null))
  const result = await trainTracker({ train: data.train, val: data.val }, config, {
    runDir: a.runDir,
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(1 + p.done, 1 + p.total, 'training'),
    onEpoch: (e) => {
      epochs.push({ phase: e.phase, epoch: e.epoch, metrics: e.metrics, losses: e.losses, wallS: (Date.now() - t0) / 1000 })
      writeJsonAtomic(historyPath, history('running', null, null))
    }
  })
  const done = history('done', result.best, result.weightsPath)
  writeJsonAtomic(historyPath, done)
  return done satisfies TrackerTrainJobResult
}

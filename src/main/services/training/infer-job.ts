/**
 * 'model:infer' job body (worker thread): a stage-1 checkpoint + a video + per-frame 68 landmarks → per-frame V, A
 * (native label scale) and quadrant probabilities. Frames without landmarks get NaN (never zeros).
 */
import { AppError } from '../../../shared/ipc/errors'
import { predictCrops } from '../../engine/models/anclaf/infer'
import { disposeAnclaf } from '../../engine/models/anclaf/model'
import { disposeAdamState } from '../../engine/train/adam'
import { netsFromCheckpoint, type CheckpointMeta } from '../../engine/train/anclaf-trainer'
import { readCheckpointFile } from '../../engine/train/checkpoint'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { sessionCrops } from './session-crops'

export interface InferJobArgs {
  readonly checkpoint: string
  readonly video: string
  readonly frameCount: number
  /** frameCount × 136 (x, y), NaN = no face. */
  readonly landmarks: Float32Array
}

export interface InferJobResult {
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly quadrantProbs: Float32Array
  readonly epoch: number
  readonly labelRange: number
}

export const inferJob: JobHandler = async (args, ctx) => {
  const a = args as InferJobArgs
  if (!a || typeof a.checkpoint !== 'string' || typeof a.video !== 'string' || !(a.landmarks instanceof Float32Array)) {
    throw new AppError('INVALID_ARGUMENT', 'malformed inference job arguments')
  }
  await jobBackend()
  const ck = readCheckpointFile<CheckpointMeta>(a.checkpoint)
  if (ck.meta.kind !== 'anclaf-stage1') throw new AppError('INVALID_ARGUMENT', `${a.checkpoint} is not an ANCLaF stage-1 checkpoint`)
  const config = ck.meta.config
  const { crops, missing } = await sessionCrops(a.video, a.landmarks, a.frameCount, config.cropPolicy, {
    signal: ctx.signal,
    onFrame: (i) => i % 50 === 0 && ctx.progress(i, a.frameCount * 2)
  })
  const { nets, opt } = netsFromCheckpoint(ck)
  try {
    const pred = await predictCrops(nets, config, crops, a.frameCount, {
      missing,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(total + done, total * 2)
    })
    return { ...pred, epoch: ck.meta.epoch, labelRange: config.labelRange } satisfies InferJobResult
  } finally {
    disposeAnclaf(nets)
    for (const s of [opt.g, opt.d, opt.c]) disposeAdamState(s)
  }
}

/**
 * 'model:infer-ap' job body (worker thread): an AP checkpoint on one imported session. The backbone it was trained
 * on is named in the checkpoint's provenance; if that backbone's checkpoint now holds other weights the job is
 * refused (CONFLICT: the AP would read features and predictions it never saw — retrain it). The session's backbone
 * features come from the latent cache (key = session id; computed first when absent or stale), its predictions from
 * C's head on them (backbone.ts), then whole-session AP inference (models/ap/infer.ts: windows, context selection,
 * stitching, S sampled functions).
 */
import { AppError } from '../../../shared/ipc/errors'
import { inferApSession } from '../../engine/models/ap/infer'
import { disposeApModel } from '../../engine/models/ap/model'
import { apModelFromCheckpoint, readApCheckpoint } from '../../engine/train/ap-checkpoint'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { disposeStage1, ensureLatents, loadStage1, type Stage1Ref } from '../latents/latent-compute'
import { isFaceSessionInput, type FaceSessionInput } from '../training/face-session'
import { backbonePredictions } from './backbone'

export interface ApInferJobArgs {
  readonly checkpoint: string
  readonly session: FaceSessionInput
  readonly latentsRoot: string
  readonly cacheDir: string
  /** Sampled functions to store (default: the run's config). */
  readonly samples?: number
}

export interface ApInferJobResult {
  readonly epoch: number
  readonly labelRange: number
  readonly backbone: string
  /** [−1, 1] scale; NaN = no output (no face). */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** frames × 2 */
  readonly sigma: Float32Array
  readonly sampleCount: number
  /** frames × 2S */
  readonly samples: Float32Array
  /** frames × 1 */
  readonly context: Float32Array
  readonly windows: number
  readonly validFrames: number
  readonly latentsComputed: boolean
}

function isArgs(a: unknown): a is ApInferJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.checkpoint === 'string' && isFaceSessionInput(o.session)
}

export const apInferJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed AP inference job arguments')
  const a = raw
  await jobBackend()
  const { meta, weights } = readApCheckpoint(a.checkpoint)
  const ref = meta.provenance.backbone as Stage1Ref | undefined
  if (!ref) throw new AppError('INVALID_ARGUMENT', `${a.checkpoint} does not name the backbone run it was trained on`)
  let st
  try {
    st = loadStage1(ref)
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') throw new AppError('CONFLICT', `${e.message}; this AP was trained on the old backbone's features: retrain it on the new backbone run`)
    throw e
  }
  const F = a.session.frames
  let x: Float32Array
  let yHat: Float32Array
  let valid: Uint8Array
  let computed: boolean
  try {
    const lat = await ensureLatents(
      st,
      { id: a.session.id, key: a.session.id, inputCacheKey: null, video: a.session.video, frames: F, landmarks: a.session.landmarks, timesSec: a.session.timesSec, provenance: { session: a.session.id } },
      { latentsRoot: a.latentsRoot, cacheDir: a.cacheDir, signal: ctx.signal, onProgress: (d, t) => ctx.progress(d / Math.max(1, t), 2) }
    )
    x = lat.data
    valid = lat.valid
    computed = lat.computed
    yHat = await backbonePredictions(st, x, F, valid)
  } finally {
    disposeStage1(st)
  }
  const m = apModelFromCheckpoint(meta, weights)
  try {
    const r = await inferApSession(m, { id: a.session.id, frames: F, x, yHat, valid }, { samples: a.samples, signal: ctx.signal, onProgress: (d, t) => ctx.progress(1 + d / Math.max(1, t), 2) })
    const result: ApInferJobResult = {
      epoch: meta.epoch,
      labelRange: meta.config.labelRange,
      backbone: ref.runId,
      valence: r.valence,
      arousal: r.arousal,
      sigma: r.sigma,
      sampleCount: r.sampleCount,
      samples: r.samples,
      context: r.context,
      windows: r.windows,
      validFrames: valid.reduce((s, v) => s + v, 0),
      latentsComputed: computed
    }
    return result
  } finally {
    disposeApModel(m)
  }
}

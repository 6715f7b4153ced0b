/**
 * 'model:infer-aeg' job body (worker thread): an AEG-CD-SZ checkpoint on one imported session. Face crops from the
 * session's landmarks, the eGeMAPS features of every frame from the session's audio (z-scored with the statistics
 * of the run's training split, kept in the checkpoint), then V/A with the inputs of the schedule's last phase (no
 * audio for an audio-ablation run). Frames without a face get NaN; a video without audio is refused (MEDIA_NO_AUDIO).
 */
import { AppError } from '../../../shared/ipc/errors'
import { fileFrameAudioFeatures } from '../../media/audio/egemaps/file-features'
import { normaliseAudioFeatures } from '../../media/audio/egemaps/frame-features'
import { predictAeg } from '../../engine/models/aeg-cd-sz/infer'
import { disposeAeg } from '../../engine/models/aeg-cd-sz/model'
import { aegSchedule } from '../../engine/models/aeg-cd-sz/schedule'
import { disposeAdamState } from '../../engine/train/adam'
import { aegNetsFromCheckpoint, statsFromMeta, type AegCheckpointMeta } from '../../engine/train/aeg-trainer'
import { readCheckpointFile } from '../../engine/train/checkpoint'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { isFaceSessionInput, type FaceSessionInput } from '../training/face-session'
import { sessionCrops } from '../training/session-crops'

export interface AegInferJobArgs {
  readonly checkpoint: string
  readonly session: FaceSessionInput
}

export interface AegInferJobResult {
  /** Native label scale (× labelRange); NaN = no face. */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly epoch: number
  readonly labelRange: number
  readonly validFrames: number
}

function isArgs(a: unknown): a is AegInferJobArgs {
  const o = a as Record<string, unknown> | null
  return !!o && typeof o.checkpoint === 'string' && isFaceSessionInput(o.session)
}

export const aegInferJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed AEG-CD-SZ inference job arguments')
  const a = raw
  await jobBackend()
  const ck = readCheckpointFile<AegCheckpointMeta>(a.checkpoint)
  if (ck.meta.kind !== 'aeg-cd-sz') throw new AppError('INVALID_ARGUMENT', `${a.checkpoint} is not an AEG-CD-SZ checkpoint`)
  const c = ck.meta.config
  const F = a.session.frames
  const features = await fileFrameAudioFeatures(a.session.video, a.session.timesSec.subarray(0, F), { who: a.session.video, need: 'AEG-CD-SZ needs audio', signal: ctx.signal })
  const audio = normaliseAudioFeatures(features, statsFromMeta(ck.meta))
  const { crops, missing } = await sessionCrops(a.session.video, a.session.landmarks, F, c.cropPolicy, {
    signal: ctx.signal,
    onFrame: (i) => i % 50 === 0 && ctx.progress(i, F * 2)
  })
  const keep = Array.from({ length: F }, (_, i) => i).filter((i) => !missing[i])
  const px = c.inputSize * c.inputSize * 3
  const kc = new Uint8Array(keep.length * px)
  const ka = new Float32Array(keep.length * c.audioDim)
  keep.forEach((f, j) => {
    kc.set(crops.subarray(f * px, (f + 1) * px), j * px)
    ka.set(audio.subarray(f * c.audioDim, (f + 1) * c.audioDim), j * c.audioDim)
  })
  const valence = new Float32Array(F).fill(NaN)
  const arousal = new Float32Array(F).fill(NaN)
  const { nets, opt } = aegNetsFromCheckpoint(ck)
  try {
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'inference cancelled')
    const p = predictAeg(nets, c, kc, ka, keep.length, { inputs: aegSchedule(c).phases.at(-1)!.inputs })
    keep.forEach((f, j) => {
      valence[f] = p.valence[j]
      arousal[f] = p.arousal[j]
    })
    ctx.progress(F * 2, F * 2)
  } finally {
    disposeAeg(nets)
    disposeAdamState(opt.g)
    disposeAdamState(opt.cd)
  }
  return { valence, arousal, epoch: ck.meta.epoch, labelRange: c.labelRange, validFrames: keep.length } satisfies AegInferJobResult
}

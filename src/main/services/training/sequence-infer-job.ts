/**
 * 'model:infer-sequence' job body (worker thread): a sequence-model stage checkpoint on one imported session.
 * The stage-1 runs whose latents the model was trained on are taken from the checkpoint's provenance; if a stage-1
 * checkpoint now holds other weights the job is refused (CONFLICT: the sequence model would read latents it never
 * saw — retrain it). The session's latents come from the latent cache (key = session id; computed first when absent
 * or stale), then whole-session inference with windows of the stage's n (models/sequence/infer.ts: the first n − 1
 * frames use the shorter window from the session start; frames without a face / without audio get no prediction).
 */
import { AppError } from '../../../shared/ipc/errors'
import { DEFAULT_MEL_PARAMS } from '../../media/audio/mel-params'
import { readSpectrogramCache } from '../../media/audio/spectrogram-cache'
import { spectrogramDurationSec } from '../../engine/data/spectrogram-crops'
import type { Modality } from '../../engine/models/sequence/config'
import { inferSession } from '../../engine/models/sequence/infer'
import { disposeSequenceModel } from '../../engine/models/sequence/model'
import type { SessionLatents } from '../../engine/models/sequence/windows'
import { modelFromStage, readStageCheckpoint } from '../../engine/train/sequence-checkpoint'
import { jobBackend } from '../../engine/train/use-backend'
import type { JobHandler } from '../../jobs/protocol'
import { disposeStage1, ensureLatents, loadStage1, type Stage1Ref } from '../latents/latent-compute'
import { sequenceExtras } from './sequence-extras'

export interface SequenceInferJobArgs {
  readonly checkpoint: string
  readonly session: {
    readonly id: string
    readonly video: string
    readonly frames: number
    /** frames × 136, NaN = no face (image models). */
    readonly landmarks: Float32Array | null
    /** Presentation times relative to frame 0 (s). */
    readonly timesSec: Float64Array
    /** The import's spectrogram, reused when present. */
    readonly spectrogram: { readonly cacheKey: string; readonly audioDurationS: number | null } | null
  }
  readonly latentsRoot: string
  readonly cacheDir: string
}

export interface SequenceInferJobResult {
  readonly stage: string
  readonly n: number
  readonly labelRange: number
  /** Native label scale; NaN = no prediction. */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly extras: Array<{ kind: string; dims: number; data: Float32Array }>
  readonly latentsComputed: Partial<Record<Modality, boolean>>
  readonly validFrames: number
}

function isArgs(a: unknown): a is SequenceInferJobArgs {
  const o = a as Record<string, unknown> | null
  const s = o?.session as Record<string, unknown> | undefined
  return !!o && typeof o.checkpoint === 'string' && !!s && typeof s.id === 'string' && typeof s.video === 'string' && s.timesSec instanceof Float64Array
}

export const sequenceInferJob: JobHandler = async (raw, ctx) => {
  if (!isArgs(raw)) throw new AppError('INVALID_ARGUMENT', 'malformed sequence inference job arguments')
  const a = raw
  await jobBackend()
  const { meta, weights } = readStageCheckpoint(a.checkpoint)
  const c = meta.config
  const refs = (meta.provenance.stage1 ?? {}) as Partial<Record<Modality, Stage1Ref>>
  const F = a.session.frames
  const data: Partial<Record<Modality, Float32Array>> = {}
  const valid = new Uint8Array(F).fill(1)
  const computed: Partial<Record<Modality, boolean>> = {}
  const mods = c.modalities
  for (let i = 0; i < mods.length; i++) {
    const m = mods[i]
    const ref = refs[m]
    if (!ref) throw new AppError('INVALID_ARGUMENT', `${a.checkpoint} does not name the ${m} stage-1 run it was trained on`)
    let st
    try {
      st = loadStage1(ref)
    } catch (e) {
      if (e instanceof AppError && e.code === 'CONFLICT') throw new AppError('CONFLICT', `${e.message}; this ${c.variant} model was trained on the old latents: retrain it on the new stage-1 run`)
      throw e
    }
    try {
      let spectrogram
      if (m === 'audio' && a.session.spectrogram) {
        const spec = await readSpectrogramCache(a.cacheDir, a.session.spectrogram.cacheKey, DEFAULT_MEL_PARAMS).catch(() => null)
        if (spec) spectrogram = { spec, audioDurationSec: a.session.spectrogram.audioDurationS ?? spectrogramDurationSec(spec) }
      }
      if (m === 'image' && !a.session.landmarks) throw new AppError('NOT_FOUND', `session ${a.session.id} has no face track: import it with faces (landmarks feed the crops)`)
      const lat = await ensureLatents(
        st,
        {
          id: a.session.id,
          key: a.session.id,
          inputCacheKey: null,
          video: a.session.video,
          frames: F,
          ...(a.session.landmarks ? { landmarks: a.session.landmarks } : {}),
          timesSec: a.session.timesSec,
          ...(spectrogram ? { spectrogram } : {}),
          provenance: { session: a.session.id }
        },
        { latentsRoot: a.latentsRoot, cacheDir: a.cacheDir, signal: ctx.signal, onProgress: (d, t) => ctx.progress((i + d / Math.max(1, t)) * F, (mods.length + 1) * F) }
      ).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'MEDIA_NO_AUDIO') throw new AppError('MEDIA_NO_AUDIO', `session ${a.session.id} has no audio, so ${c.variant} (which reads audio latents) cannot run on it`)
        throw e
      })
      computed[m] = lat.computed
      data[m] = lat.data
      for (let f = 0; f < F; f++) if (!lat.valid[f]) valid[f] = 0
    } finally {
      disposeStage1(st)
    }
  }
  const s: SessionLatents = { id: a.session.id, frames: F, ...(data.image ? { image: data.image } : {}), ...(data.audio ? { audio: data.audio } : {}), valid }
  const model = modelFromStage(meta, weights)
  try {
    const r = await inferSession(model, meta.stage.n, s, { signal: ctx.signal, onProgress: (d) => ctx.progress(mods.length * F + d, (mods.length + 1) * F) })
    const result: SequenceInferJobResult = {
      stage: meta.stage.name,
      n: meta.stage.n,
      labelRange: c.labelRange,
      valence: r.valence,
      arousal: r.arousal,
      extras: sequenceExtras(r),
      latentsComputed: computed,
      validFrames: valid.reduce((x, v) => x + v, 0)
    }
    return result
  } finally {
    disposeSequenceModel(model)
  }
}

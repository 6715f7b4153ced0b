/**
 * Computing latent-cache entries (runs in a job worker: tfjs). A stage-1 run is loaded once (`loadStage1`) and
 * applied to each session that has no valid entry yet (`ensureLatents`): per-frame inputs (face crops from the
 * landmarks, or spectrogram windows of the audio; engine/data/clip-inputs.ts) → enc_C vectors
 * (engine/models/anclaf/latents.ts) → latent-cache.ts. Frames without a face / without audio are masked.
 *
 * Stale entries (other stage-1 weights than the run's current best checkpoint): `stale: 'recompute'` (default)
 * overwrites them, `'refuse'` throws CONFLICT.
 */
import { AppError } from '../../../shared/ipc/errors'
import { clipInputs, type ClipInputSource } from '../../engine/data/clip-inputs'
import { stage1Input, validateAnclafConfig, type AnclafConfig } from '../../engine/models/anclaf/config'
import { latentVectorsOfCrops } from '../../engine/models/anclaf/latents'
import { disposeAnclaf, type AnclafNets } from '../../engine/models/anclaf/model'
import { disposeAdamState } from '../../engine/train/adam'
import { netsFromCheckpoint, type CheckpointMeta } from '../../engine/train/anclaf-trainer'
import { checkpointWeightsHash, readCheckpointFile } from '../../engine/train/checkpoint'
import { readLatentHeader, readLatents, writeLatents } from './latent-cache'
import type { LatentModality, SessionLatentData } from './latent-file'

/** A stage-1 run as the sequence models use it (plain data: crosses into job workers). */
export interface Stage1Ref {
  readonly runId: string
  /** Its best (validation-selected) checkpoint. */
  readonly checkpoint: string
  /** sha256 of that checkpoint's weights (engine/train/checkpoint.ts checkpointWeightsHash). */
  readonly weightsHash: string
  readonly modality: LatentModality
}

export interface LoadedStage1 {
  readonly ref: Stage1Ref
  readonly config: AnclafConfig
  readonly nets: AnclafNets
}

export const MODALITY_INPUT: Readonly<Record<LatentModality, 'image' | 'spectrogram'>> = { image: 'image', audio: 'spectrogram' }

/** Loads a stage-1 checkpoint; refuses one whose input kind does not match the modality or whose weights changed. */
export function loadStage1(ref: Stage1Ref): LoadedStage1 {
  const hash = checkpointWeightsHash(ref.checkpoint)
  if (hash !== ref.weightsHash) {
    throw new AppError('CONFLICT', `stage-1 run ${ref.runId}: its checkpoint ${ref.checkpoint} now holds other weights (${hash.slice(0, 12)} ≠ ${ref.weightsHash.slice(0, 12)}) than the ones this model was set up with`)
  }
  const ck = readCheckpointFile<CheckpointMeta>(ref.checkpoint)
  if (ck.meta.kind !== 'anclaf-stage1') throw new AppError('INVALID_ARGUMENT', `${ref.checkpoint} is not an ANCLaF stage-1 checkpoint`)
  const config = validateAnclafConfig(ck.meta.config)
  const want = MODALITY_INPUT[ref.modality]
  if (stage1Input(config) !== want) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `stage-1 run ${ref.runId} was trained on ${stage1Input(config) === 'image' ? 'face crops' : 'spectrogram windows'}, but the ${ref.modality} branch needs a model trained on ${want === 'image' ? 'face crops' : 'spectrogram windows (train --model anclaf --input spectrogram)'}`
    )
  }
  const { nets, opt } = netsFromCheckpoint(ck)
  for (const s of [opt.g, opt.d, opt.c]) disposeAdamState(s)
  return { ref, config, nets }
}

/**
 * The model's latent of one all-zero input: for a spectrogram model, a window of digital silence (every value at
 * the window's −1 floor, stored as byte 0 — engine/data/spectrogram-crops.ts), which the sequence models' audio
 * dropout puts in place of the audio it drops (models/sequence/config.ts `audioDropout`).
 */
export async function silenceLatent(st: LoadedStage1): Promise<Float32Array> {
  const size = st.config.inputSize
  const lat = await latentVectorsOfCrops(st.nets, st.config, new Uint8Array(size * size * 3), 1)
  return lat.data
}

export function disposeStage1(s: LoadedStage1): void {
  disposeAnclaf(s.nets)
}

export interface LatentSource extends ClipInputSource {
  /** Latent-cache key of the session (a DB session id, or `<dataset-hash16>-<clip>`). */
  readonly key: string
  /** Key of the per-frame input cache folder (dataset hash), or null to keep no inputs on disk. */
  readonly inputCacheKey: string | null
  readonly provenance?: Readonly<Record<string, string | number | null>>
}

export interface EnsureOptions {
  readonly latentsRoot: string
  readonly cacheDir: string
  readonly stale?: 'recompute' | 'refuse'
  readonly signal?: AbortSignal
  readonly env?: NodeJS.ProcessEnv
  readonly onProgress?: (done: number, total: number) => void
}

/** Whether a valid entry exists (cheap: reads the header only). */
export function hasLatents(latentsRoot: string, s: Stage1Ref, key: string, frames: number): boolean {
  const h = readLatentHeader(latentsRoot, s.runId, key)
  return h !== null && h.weightsHash === s.weightsHash && h.frames === frames
}

/** The session's latents from the cache, computed (and cached) first when absent or stale. */
export async function ensureLatents(st: LoadedStage1, src: LatentSource, o: EnsureOptions): Promise<SessionLatentData & { computed: boolean }> {
  const { ref, config } = st
  const header = readLatentHeader(o.latentsRoot, ref.runId, src.key)
  if (header && header.weightsHash !== ref.weightsHash && o.stale === 'refuse') {
    throw new AppError('CONFLICT', `latent cache ${ref.runId}/${src.key} was computed with other stage-1 weights (${header.weightsHash.slice(0, 12)} ≠ ${ref.weightsHash.slice(0, 12)})`)
  }
  if (header && header.weightsHash === ref.weightsHash) {
    const cached = readLatents(o.latentsRoot, ref.runId, src.key, ref.weightsHash)
    if (cached && cached.header.frames === src.frames) return { ...cached, computed: false }
  }
  const input = MODALITY_INPUT[ref.modality]
  const inputs = await clipInputs(src, input, config.cropPolicy, config.inputSize, o.cacheDir, src.inputCacheKey ?? src.key, { signal: o.signal, env: o.env, cache: src.inputCacheKey !== null })
  if (inputs.count !== src.frames) throw new AppError('LENGTH_MISMATCH', `${src.id}: ${inputs.count} stage-1 inputs for ${src.frames} frames`)
  const lat = await latentVectorsOfCrops(st.nets, config, inputs.crops, src.frames, { missing: inputs.missing, signal: o.signal, onProgress: o.onProgress })
  if (o.signal?.aborted) throw new AppError('CANCELLED', 'latent computation cancelled')
  const valid = Uint8Array.from(inputs.missing, (m) => (m ? 0 : 1))
  const written = writeLatents(
    o.latentsRoot,
    {
      stage1Run: ref.runId,
      session: src.key,
      modality: ref.modality,
      input,
      cropPolicy: config.cropPolicy,
      inputSize: config.inputSize,
      vector: 'enc_C',
      weightsHash: ref.weightsHash,
      source: { video: src.video, ...(src.provenance ?? {}) }
    },
    lat.data,
    valid,
    lat.dims
  )
  // Read back what was stored (fp16), so training and inference see exactly the cached values.
  const back = readLatents(o.latentsRoot, ref.runId, src.key, ref.weightsHash)
  if (!back) throw new AppError('INTERNAL', `latent cache ${ref.runId}/${src.key} vanished after writing (${written.bytes} bytes)`)
  return { ...back, computed: true }
}

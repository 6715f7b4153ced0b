/**
 * Dataset folder + fold → the labelled sessions of the sequence trainer, on CACHED latents (runs in the job worker).
 * Each clip of a train / val / test subject gets its latents per modality from the latent cache (computed first when
 * absent or stale; key `<dataset-hash16>-<clip>`), its labels in the chosen format, and ONE validity mask: a frame is
 * valid when every modality the model reads has a latent there (a face for 'image', audio for 'audio'). A clip
 * without an audio track refuses audio models (MEDIA_NO_AUDIO naming the clip).
 */
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { listClips, readClipLabels, type ClipEntry, type ClipLabels, type LabelFormat } from '../../engine/data/dataset-dir'
import type { Modality, SequenceConfig } from '../../engine/models/sequence/config'
import type { LabelledSession } from '../../engine/models/sequence/windows'
import { ensureLatents, hasLatents, type LatentSource, type LoadedStage1 } from '../latents/latent-compute'

export type Split = 'train' | 'val' | 'test'
export const SPLITS: readonly Split[] = ['train', 'val', 'test']

export interface SequenceClip {
  readonly split: Split
  readonly clip: ClipEntry
  readonly session: LabelledSession
}

export interface LoadSequenceOptions {
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly dataHash: string
  readonly config: SequenceConfig
  readonly stage1: Partial<Record<Modality, LoadedStage1>>
  readonly latentsRoot: string
  readonly cacheDir: string
  readonly signal?: AbortSignal
  /** Frames encoded so far / frames to encode (cached clips count as done). */
  readonly onProgress?: (done: number, total: number) => void
}

export function clipLatentKey(dataHash: string, clipId: string): string {
  return `${dataHash.slice(0, 16)}-${clipId}`
}

/** What the latent cache needs of a dataset clip (shared by the sequence models and the AP, so they share the cache). */
export function clipLatentSource(clip: ClipEntry, labels: ClipLabels, dataDir: string, dataHash: string): LatentSource {
  return {
    id: clip.clipId,
    key: clipLatentKey(dataHash, clip.clipId),
    inputCacheKey: dataHash,
    video: clip.video,
    frames: labels.valence.length,
    landmarks: labels.landmarks,
    fps: clip.fps,
    provenance: { dataset: dataDir, clip: clip.clipId, dataHash }
  }
}

/** The fold's clips (train / val / test by subject), refusing subjects the dataset does not have. */
export function foldClips(dataDir: string, fold: SplitFold): Array<{ split: Split; clip: ClipEntry }> {
  const clips = listClips(dataDir)
  const known = new Set(clips.map((c) => c.subjectId))
  for (const s of [...fold.train, ...fold.val, ...fold.test]) {
    if (!known.has(s)) throw new AppError('INVALID_ARGUMENT', `fold '${fold.name}' names subject '${s}', which is not in ${dataDir}`)
  }
  if (fold.val.length === 0) throw new AppError('INVALID_ARGUMENT', `fold '${fold.name}' has no validation subjects: make folds with --val 1 (stages are selected on validation only)`)
  const splitOf = (s: string): Split | null => (fold.test.includes(s) ? 'test' : fold.val.includes(s) ? 'val' : fold.train.includes(s) ? 'train' : null)
  return clips.flatMap((clip) => {
    const split = splitOf(clip.subjectId)
    return split ? [{ split, clip }] : []
  })
}

export async function loadSequenceClips(o: LoadSequenceOptions): Promise<SequenceClip[]> {
  const used = foldClips(o.dataDir, o.fold)
  const mods = o.config.modalities
  for (const m of mods) if (!o.stage1[m]) throw new AppError('INVALID_ARGUMENT', `${o.config.variant} reads ${m} latents: give a ${m === 'image' ? '--stage1' : '--stage1-audio'} run`)
  const labelled = used.map((u) => ({ ...u, labels: readClipLabels(u.clip, o.format) }))
  const todo = (u: (typeof labelled)[number], m: Modality) => !hasLatents(o.latentsRoot, o.stage1[m]!.ref, clipLatentKey(o.dataHash, u.clip.clipId), u.labels.valence.length)
  let total = 0
  for (const u of labelled) for (const m of mods) if (todo(u, m)) total += u.labels.valence.length
  let done = 0
  const out: SequenceClip[] = []
  for (const u of labelled) {
    const frames = u.labels.valence.length
    const data: Partial<Record<Modality, Float32Array>> = {}
    const valid = new Uint8Array(frames).fill(1)
    for (const m of mods) {
      const st = o.stage1[m]!
      const counted = todo(u, m)
      const lat = await ensureLatents(
        st,
        clipLatentSource(u.clip, u.labels, o.dataDir, o.dataHash),
        { latentsRoot: o.latentsRoot, cacheDir: o.cacheDir, signal: o.signal, onProgress: (d) => counted && o.onProgress?.(done + d, total) }
      ).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'MEDIA_NO_AUDIO') throw new AppError('MEDIA_NO_AUDIO', `clip ${u.clip.clipId} has no audio track, so ${o.config.variant} (which reads audio latents) cannot use it: ${e.message}`)
        throw e
      })
      if (counted) done += frames
      o.onProgress?.(done, total)
      data[m] = lat.data
      for (let f = 0; f < frames; f++) if (!lat.valid[f]) valid[f] = 0
    }
    const session: LabelledSession = {
      id: u.clip.clipId,
      frames,
      ...(data.image ? { image: data.image } : {}),
      ...(data.audio ? { audio: data.audio } : {}),
      valid,
      valence: u.labels.valence,
      arousal: u.labels.arousal
    }
    out.push({ split: u.split, clip: u.clip, session })
  }
  return out
}

/**
 * Dataset folder + fold → the AP's labelled sessions (runs in the job worker): per clip of a train / val / test
 * subject, the backbone's features from the latent cache (computed first when absent or stale; the key is the one
 * the sequence models use, so both share the cache), the backbone's predictions on them (backbone.ts), and the
 * labels on [−1, 1] (native / labelRange).
 */
import type { SplitFold } from '../../../core/folds'
import { readClipLabels, type ClipEntry, type LabelFormat } from '../../engine/data/dataset-dir'
import type { LabelledApSession } from '../../engine/models/ap/session'
import { ensureLatents, hasLatents, type LoadedStage1 } from '../latents/latent-compute'
import { clipLatentKey, clipLatentSource, foldClips, type Split } from '../training/sequence-data'
import { backbonePredictions } from './backbone'

export interface ApClip {
  readonly split: Split
  readonly clip: ClipEntry
  readonly session: LabelledApSession
}

export interface LoadApOptions {
  readonly dataDir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly dataHash: string
  readonly labelRange: number
  readonly backbone: LoadedStage1
  readonly latentsRoot: string
  readonly cacheDir: string
  readonly signal?: AbortSignal
  /** Frames encoded so far / frames to encode (cached clips count as done). */
  readonly onProgress?: (done: number, total: number) => void
}

export async function loadApClips(o: LoadApOptions): Promise<ApClip[]> {
  const used = foldClips(o.dataDir, o.fold).map((u) => ({ ...u, labels: readClipLabels(u.clip, o.format) }))
  const ref = o.backbone.ref
  const todo = (u: (typeof used)[number]) => !hasLatents(o.latentsRoot, ref, clipLatentKey(o.dataHash, u.clip.clipId), u.labels.valence.length)
  let total = 0
  for (const u of used) if (todo(u)) total += u.labels.valence.length
  let done = 0
  const out: ApClip[] = []
  for (const u of used) {
    const frames = u.labels.valence.length
    const counted = todo(u)
    const lat = await ensureLatents(
      o.backbone,
      clipLatentSource(u.clip, u.labels, o.dataDir, o.dataHash),
      { latentsRoot: o.latentsRoot, cacheDir: o.cacheDir, signal: o.signal, onProgress: (d) => counted && o.onProgress?.(done + d, total) }
    )
    if (counted) done += frames
    o.onProgress?.(done, total)
    const L = o.labelRange
    const session: LabelledApSession = {
      id: u.clip.clipId,
      frames,
      x: lat.data,
      yHat: await backbonePredictions(o.backbone, lat.data, frames, lat.valid),
      valid: lat.valid,
      valence: u.labels.valence.map((v) => v / L),
      arousal: u.labels.arousal.map((v) => v / L)
    }
    out.push({ split: u.split, clip: u.clip, session })
  }
  return out
}

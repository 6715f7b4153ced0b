/**
 * Dataset folder + fold → the multi-task model's frame sets (runs in the job worker): per clip of a train / val / test
 * subject, the frozen backbone features (stage-1 enc_C latents from the latent cache, computed first where absent or
 * stale; the same cache key as the sequence models', so their latents are reused) and the ABAW labels:
 *   V/A   aff-wild2/<clip>.txt  (ABAW per-video VA file; −5 = not annotated)
 *   AU    abaw/AU/<clip>.txt    (ABAW per-video AU file; −1 = not annotated)
 *   EXPR  abaw/EXPR/<clip>.txt  (ABAW per-video EXPR file; −1 = not annotated)
 * A clip without one of these files has that task unlabelled (masked), as ABAW videos often carry only some tasks; a
 * file with MORE lines than the clip has frames is refused (LENGTH_MISMATCH), a shorter one leaves the rest unlabelled;
 * an AU row with some −1 counts as unlabelled (the AU loss needs all 12). The frame count and the landmarks (for the
 * stage-1 crops) come from the clip's AFEW-VA file, as for every model here.
 * Frames without a face (no latent) are invalid: never trained on, never scored.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import { readAbawAuTxt, readAbawExprTxt, readAbawVaTxt } from '../../datasets/formats/abaw-video'
import { abawAuPath, abawExprPath } from '../../datasets/synth/au-expression-dataset'
import { datasetHash, listClips, readClipLabels, type ClipEntry } from '../../engine/data/dataset-dir'
import { AU_N } from '../../engine/models/mtl/config'
import type { MtlSet } from '../../engine/train/mtl-trainer'
import { ensureLatents, hasLatents, type LoadedStage1 } from '../latents/latent-compute'
import { clipLatentKey, foldClips, type Split } from '../training/sequence-data'

export interface MtlClip {
  readonly split: Split
  readonly clip: ClipEntry
  readonly set: MtlSet
  /** Which label files the clip has. */
  readonly has: { readonly va: boolean; readonly au: boolean; readonly expr: boolean }
}

/** The per-clip ABAW label files of a dataset folder. */
export function clipLabelFiles(dataDir: string, clip: ClipEntry): { va: string; au: string; expr: string } {
  return { va: clip.affWild2, au: join(dataDir, abawAuPath(clip.clipId)), expr: join(dataDir, abawExprPath(clip.clipId)) }
}

/**
 * Two hashes of the dataset: `latentHash` = the V/A dataset hash of the sequence models (videos, landmarks and VA
 * files: it keys the latent cache), and `dataHash` = that plus every ABAW AU / EXPR file (the run identity).
 */
export function mtlDataHashes(dataDir: string): { latentHash: string; dataHash: string } {
  const clips = listClips(dataDir)
  const latentHash = datasetHash(clips, 'aff-wild2')
  const h = createHash('sha256').update(`mtl:${latentHash}\n`)
  for (const c of clips) {
    const f = clipLabelFiles(dataDir, c)
    for (const p of [f.au, f.expr]) {
      h.update(`${p}\n`)
      if (existsSync(p)) h.update(readFileSync(p))
    }
  }
  return { latentHash, dataHash: h.digest('hex') }
}

/** Labels of one clip (frames from its landmark file), NaN / −1 where a label is missing. */
export function readMtlLabels(dataDir: string, clip: ClipEntry, frames: number): { va: Float32Array; au: Int8Array; expr: Int8Array; has: MtlClip['has'] } {
  const f = clipLabelFiles(dataDir, clip)
  const tooLong = (path: string, n: number) => {
    if (n > frames) throw new AppError('LENGTH_MISMATCH', `${path}: ${n} label lines for ${frames} frames of clip ${clip.clipId}`)
  }
  const va = new Float32Array(frames * 2).fill(NaN)
  const au = new Int8Array(frames * AU_N).fill(-1)
  const expr = new Int8Array(frames).fill(-1)
  const has = { va: existsSync(f.va), au: existsSync(f.au), expr: existsSync(f.expr) }
  if (has.va) {
    const rows = readAbawVaTxt(readFileSync(f.va, 'utf8'))
    tooLong(f.va, rows.length)
    rows.forEach((r, i) => r && ((va[2 * i] = r.valence), (va[2 * i + 1] = r.arousal)))
  }
  if (has.au) {
    const rows = readAbawAuTxt(readFileSync(f.au, 'utf8'))
    tooLong(f.au, rows.length)
    rows.forEach((r, i) => r && r.every((x) => x !== null) && au.set(r as number[], i * AU_N))
  }
  if (has.expr) {
    const file = readAbawExprTxt(readFileSync(f.expr, 'utf8'))
    tooLong(f.expr, file.frames.length)
    file.frames.forEach((e, i) => e !== null && (expr[i] = e))
  }
  return { va, au, expr, has }
}

export interface LoadMtlOptions {
  readonly dataDir: string
  readonly fold: SplitFold
  readonly latentHash: string
  readonly stage1: LoadedStage1
  readonly latentsRoot: string
  readonly cacheDir: string
  readonly signal?: AbortSignal
  readonly onProgress?: (done: number, total: number) => void
}

export async function loadMtlClips(o: LoadMtlOptions): Promise<MtlClip[]> {
  const used = foldClips(o.dataDir, o.fold).map((u) => ({ ...u, base: readClipLabels(u.clip, 'afew-va') })) // landmarks + frame count
  const key = (c: ClipEntry) => clipLatentKey(o.latentHash, c.clipId)
  const frames = (u: (typeof used)[number]) => u.base.valence.length
  let total = 0
  for (const u of used) if (!hasLatents(o.latentsRoot, o.stage1.ref, key(u.clip), frames(u))) total += frames(u)
  let done = 0
  const out: MtlClip[] = []
  for (const u of used) {
    const n = frames(u)
    const counted = !hasLatents(o.latentsRoot, o.stage1.ref, key(u.clip), n)
    const lat = await ensureLatents(
      o.stage1,
      { id: u.clip.clipId, key: key(u.clip), inputCacheKey: o.latentHash, video: u.clip.video, frames: n, landmarks: u.base.landmarks, fps: u.clip.fps, provenance: { dataset: o.dataDir, clip: u.clip.clipId, dataHash: o.latentHash } },
      { latentsRoot: o.latentsRoot, cacheDir: o.cacheDir, signal: o.signal, onProgress: (d) => counted && o.onProgress?.(done + d, total) }
    )
    if (counted) done += n
    o.onProgress?.(done, total)
    const l = readMtlLabels(o.dataDir, u.clip, n)
    out.push({ split: u.split, clip: u.clip, has: l.has, set: { frames: n, features: lat.data, valid: lat.valid, va: l.va, au: l.au, expr: l.expr } })
  }
  return out
}

/** Several clips' frames as one set (features, validity and labels concatenated). */
export function poolSets(sets: readonly MtlSet[], F: number): MtlSet {
  const frames = sets.reduce((n, s) => n + s.frames, 0)
  const out = { frames, features: new Float32Array(frames * F), valid: new Uint8Array(frames), va: new Float32Array(frames * 2), au: new Int8Array(frames * AU_N), expr: new Int8Array(frames) }
  let o = 0
  for (const s of sets) {
    out.features.set(s.features, o * F)
    out.valid.set(s.valid, o)
    out.va.set(s.va, o * 2)
    out.au.set(s.au, o * AU_N)
    out.expr.set(s.expr, o)
    o += s.frames
  }
  return out
}

/** In-memory training data: uint8 face crops + native-scale labels, and evaluation metrics over subsets. */
import { ccc, paperIcc, pcc, rmse } from '../../../core/metrics'
import { mulberry32 } from '../../../core/folds/seeded-random'

/** Which subject each frame of a set belongs to: `names[of[i]]` (the loader's subject ids, in load order). */
export interface SubjectIndex {
  readonly names: readonly string[]
  readonly of: Uint16Array
}

export interface FrameSet {
  readonly size: number
  readonly count: number
  /** count × size × size × 3 RGB bytes. */
  readonly crops: Uint8Array
  /** Native label scale (AFEW-VA [−10, 10]; SEWA / Aff-Wild2 [−1, 1]). */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** 1 where the frame lies in a video-degraded segment of the dataset manifest (0 when unknown). */
  readonly degraded: Uint8Array
  /** The frames' subjects, when the set was loaded from a dataset (absent in hand-made sets). */
  readonly subjects?: SubjectIndex
}

export interface TrainData {
  readonly train: FrameSet
  readonly val: FrameSet
  readonly test: FrameSet | null
  readonly dataHash: string
}

export type Metrics = Record<string, number>

function pickIdx(a: Float32Array, idx: readonly number[]): Float32Array {
  return Float32Array.from(idx, (i) => a[i])
}

/** CCC / PCC / RMSE / paper-ICC for V and A on the frames `idx` (native scale). */
export function affectMetrics(predV: Float32Array, predA: Float32Array, goldV: Float32Array, goldA: Float32Array, idx?: readonly number[]): Metrics {
  const all = idx ?? Array.from(predV, (_, i) => i)
  const pv = pickIdx(predV, all)
  const pa = pickIdx(predA, all)
  const gv = pickIdx(goldV, all)
  const ga = pickIdx(goldA, all)
  const m: Metrics = {
    n: all.length,
    ccc_v: ccc(pv, gv),
    ccc_a: ccc(pa, ga),
    pcc_v: pcc(pv, gv),
    pcc_a: pcc(pa, ga),
    rmse_v: rmse(pv, gv),
    rmse_a: rmse(pa, ga),
    icc_paper_v: paperIcc(pv, gv),
    icc_paper_a: paperIcc(pa, ga)
  }
  m.ccc_mean = (m.ccc_v + m.ccc_a) / 2
  return m
}

/**
 * Per-subject metrics of predictions made on the frames `idx` of `set` (row j of `predV` / `goldV` is frame `idx[j]`;
 * the gold rows are the caller's, already gathered): affectMetrics plus the mean bias (prediction − label) of V and A.
 * Empty when the set has no subject index.
 */
export function subjectMetrics(predV: Float32Array, predA: Float32Array, goldV: Float32Array, goldA: Float32Array, set: FrameSet, idx: readonly number[]): Record<string, Metrics> {
  const out: Record<string, Metrics> = {}
  const subjects = set.subjects
  if (!subjects) return out
  const rows = new Map<number, number[]>()
  idx.forEach((f, j) => {
    const r = rows.get(subjects.of[f])
    if (r) r.push(j)
    else rows.set(subjects.of[f], [j])
  })
  const mean = (x: Float32Array, js: readonly number[]): number => js.reduce((a, j) => a + x[j], 0) / js.length
  for (const [s, js] of rows) {
    if (js.length < 2) continue
    out[subjects.names[s]] = {
      ...affectMetrics(predV, predA, goldV, goldA, js),
      bias_v: mean(predV, js) - mean(goldV, js),
      bias_a: mean(predA, js) - mean(goldA, js)
    }
  }
  return out
}

/** Every `stride`-th frame index, from `offset` (0 unless given). */
export function strided(count: number, stride: number, offset = 0): number[] {
  const out: number[] = []
  for (let i = offset; i < count; i += stride) out.push(i)
  return out
}

/**
 * The training frames of an epoch (1-based) under a frame stride S. Without `cycle`, every epoch trains on the same
 * frames 0, S, 2S, …; with it, epoch e starts at offset (e − 1) mod S, so S consecutive epochs see every labelled
 * frame once, at the cost of one strided subset per epoch.
 */
export function epochTrainFrames(count: number, stride: number, epoch: number, cycle: boolean): number[] {
  return strided(count, stride, cycle ? (epoch - 1) % stride : 0)
}

/** Frames of the smallest epoch subset (offset S − 1 when cycling): the number of steps per epoch is set by it. */
export function minEpochTrainFrames(count: number, stride: number, cycle: boolean): number {
  return Math.max(0, Math.ceil((count - (cycle ? stride - 1 : 0)) / stride))
}

/**
 * Mirrors each of `count` gathered crops left–right with probability ½ (seeded), in place, and returns which ones.
 * A face's valence and arousal do not change under a mirror, so the training batch gets the mirrored face with the
 * same labels (the `flip` augmentation of the stage-1 configs).
 */
export function flipCropsRandomly(buf: Uint8Array, count: number, size: number, seed: number): boolean[] {
  const rng = mulberry32(seed)
  const flipped: boolean[] = []
  for (let j = 0; j < count; j++) {
    const flip = rng() < 0.5
    flipped.push(flip)
    if (flip) mirrorCrop(buf, j, size)
  }
  return flipped
}

/** Mirrors crop `j` of a gathered buffer (size × size × 3 bytes each) left–right, in place. */
export function mirrorCrop(buf: Uint8Array, j: number, size: number): void {
  const row = size * 3
  for (let y = 0; y < size; y++) {
    const base = (j * size + y) * row
    for (let l = 0, r = size - 1; l < r; l++, r--) {
      for (let ch = 0; ch < 3; ch++) {
        const a = base + l * 3 + ch
        const b = base + r * 3 + ch
        const t = buf[a]
        buf[a] = buf[b]
        buf[b] = t
      }
    }
  }
}

/** Copies the crops of frames `idx` into one contiguous buffer. */
export function gatherCrops(set: FrameSet, idx: readonly number[], out?: Uint8Array): Uint8Array {
  const fb = set.size * set.size * 3
  const buf = out ?? new Uint8Array(idx.length * fb)
  idx.forEach((f, j) => buf.set(set.crops.subarray(f * fb, (f + 1) * fb), j * fb))
  return buf
}

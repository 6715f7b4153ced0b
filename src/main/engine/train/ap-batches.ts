/**
 * Training batches of the AP (P004:L136; choices in models/ap/config.ts): B sequences of one random length
 * L ∈ [seqMin, seqMax] from random training clips (start uniform over the clip's positions, so clips count by
 * length; a clip shorter than L gives its whole self, the rest masked), the target set = the sequence's labelled
 * frames, a context of C ~ U{min(contextMin, |T|) … |T|} of them, and per sequence the context labels = ground
 * truth or the backbone's predictions with probability pseudoLabelP. Pure JS, seeded by the caller's generator.
 */
import type { Rng } from '../../../core/random/mulberry32'
import type { ApConfig } from '../models/ap/config'
import { labelledFrames, type LabelledApSession } from '../models/ap/session'

export interface GatheredApBatch {
  readonly B: number
  readonly L: number
  readonly featureDim: number
  /** B × L × featureDim */
  readonly x: Float32Array
  /** B × L × 2 */
  readonly yCtx: Float32Array
  readonly yTgt: Float32Array
  /** B × L × 2: the backbone's predictions at every valid position. */
  readonly yHat: Float32Array
  /** B × L */
  readonly ctx: Float32Array
  readonly tgt: Float32Array
  /** B × zDim standard normals. */
  readonly eps: Float32Array
  /** Per sequence: whether its context labels are the backbone's predictions. */
  readonly pseudo: readonly boolean[]
}

/** Index of the labelled frames of each session (computed once per training run). */
export function labelledIndex(sessions: readonly LabelledApSession[]): Uint8Array[] {
  return sessions.map((s) => {
    const m = new Uint8Array(s.frames)
    for (const f of labelledFrames(s)) m[f] = 1
    return m
  })
}

function gaussian(rand: Rng): number {
  const r = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12)))
  return r * Math.cos(2 * Math.PI * rand())
}

const intIn = (rand: Rng, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))

export function sampleApBatch(c: ApConfig, sessions: readonly LabelledApSession[], labelled: readonly Uint8Array[], featureDim: number, rand: Rng): GatheredApBatch {
  const B = c.batch
  const L = intIn(rand, c.seqMin, c.seqMax)
  const d = featureDim
  const x = new Float32Array(B * L * d)
  const yCtx = new Float32Array(B * L * 2)
  const yTgt = new Float32Array(B * L * 2)
  const yHat = new Float32Array(B * L * 2)
  const ctx = new Float32Array(B * L)
  const tgt = new Float32Array(B * L)
  const eps = new Float32Array(B * c.zDim)
  const pseudo: boolean[] = []
  // Sessions with something to learn from, chosen with probability ∝ their positions.
  const usable = sessions.map((s, i) => i).filter((i) => labelled[i].some((v) => v === 1))
  const weights = usable.map((i) => Math.max(1, sessions[i].frames - L + 1))
  const totalW = weights.reduce((a, b) => a + b, 0)
  for (let b = 0; b < B; b++) {
    let si = usable[0]
    let start = 0
    let targets: number[] = []
    for (let attempt = 0; attempt < 20 && targets.length === 0; attempt++) {
      let u = rand() * totalW
      let k = 0
      while (k < usable.length - 1 && u >= weights[k]) u -= weights[k++]
      si = usable[k]
      const F = sessions[si].frames
      start = F > L ? intIn(rand, 0, F - L) : 0
      targets = []
      for (let p = 0; p < Math.min(L, F); p++) if (labelled[si][start + p]) targets.push(p)
    }
    const s = sessions[si]
    const usePred = rand() < c.pseudoLabelP
    pseudo.push(usePred)
    const len = Math.min(L, s.frames)
    for (let p = 0; p < len; p++) {
      const f = start + p
      const row = b * L + p
      if (!labelled[si][f]) continue // masked positions stay zero (an invalid frame's row may hold NaN)
      x.set(s.x.subarray(f * d, (f + 1) * d), row * d)
      yTgt[2 * row] = s.valence[f]
      yTgt[2 * row + 1] = s.arousal[f]
      yHat[2 * row] = s.yHat[2 * f]
      yHat[2 * row + 1] = s.yHat[2 * f + 1]
      yCtx[2 * row] = usePred ? s.yHat[2 * f] : s.valence[f]
      yCtx[2 * row + 1] = usePred ? s.yHat[2 * f + 1] : s.arousal[f]
      tgt[row] = 1
    }
    const nT = targets.length
    if (nT > 0) {
      const nC = intIn(rand, Math.min(c.contextMin, nT), nT)
      const pool = [...targets]
      for (let i = 0; i < nC; i++) {
        const j = i + Math.floor(rand() * (pool.length - i))
        const t = pool[i]
        pool[i] = pool[j]
        pool[j] = t
        ctx[b * L + pool[i]] = 1
      }
    }
    for (let q = 0; q < c.zDim; q++) eps[b * c.zDim + q] = gaussian(rand)
  }
  return { B, L, featureDim: d, x, yCtx, yTgt, yHat, ctx, tgt, eps, pseudo }
}

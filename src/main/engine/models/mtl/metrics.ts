/**
 * P003's evaluation (eq.14-17, L129-139): P_AU = mean F1 of the 12 AUs (ŷ_AU ≥ threshold), P_EX = macro F1 of the 8
 * expressions (argmax), P_VA = (CCC_V + CCC_A)/2, P_MTL = P_AU + P_EX + P_VA — each task over the frames that carry its
 * label and have a prediction. Values on [0, 1] scales (the paper prints them × 100).
 */
import { ccc } from '../../../../core/metrics/ccc'
import { multiClassF1, multiLabelF1 } from '../../../../core/metrics/f1'
import { AU_N, EXPR_N } from './config'

/** Per-frame labels (rows of one clip or several pooled): NaN / −1 = missing. */
export interface MtlLabels {
  readonly frames: number
  /** frames × 2 (V, A) on [−1, 1]; NaN = not annotated. */
  readonly va: Float32Array
  /** frames × 12 of 0/1; −1 = not annotated. */
  readonly au: Int8Array
  /** class index 0..7; −1 = not annotated. */
  readonly expr: Int8Array
}

export interface MtlMetrics {
  readonly p_au: number
  readonly p_ex: number
  readonly p_va: number
  /** Sum of the three; NaN when a task has no scored frame. */
  readonly p_mtl: number
  readonly ccc_v: number
  readonly ccc_a: number
  /** Mean F1 over the AUs that occur in the scored gold frames (the world may never show some AUs). */
  readonly p_au_present: number
  readonly n_au: number
  readonly n_ex: number
  readonly n_va: number
  /** Per AU (ABAW_AUS order) and per expression class. */
  readonly au_f1: readonly number[]
  readonly ex_f1: readonly number[]
}

export interface MtlPredictions {
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly auProbs: Float32Array
  readonly exprProbs: Float32Array
}

export function argmaxRow(probs: Float32Array, row: number, width: number): number {
  let best = -1
  let bv = -Infinity
  for (let j = 0; j < width; j++) {
    const v = probs[row * width + j]
    if (v > bv) {
      bv = v
      best = j
    }
  }
  return Number.isFinite(bv) ? best : -1
}

export function mtlMetrics(p: MtlPredictions, l: MtlLabels, auThreshold: number): MtlMetrics {
  const F = l.frames
  const auPred = new Float32Array(F * AU_N)
  for (let i = 0; i < auPred.length; i++) auPred[i] = Number.isFinite(p.auProbs[i]) ? (p.auProbs[i] >= auThreshold ? 1 : 0) : NaN
  const au = multiLabelF1(auPred, l.au, AU_N)
  const exPred = Int8Array.from({ length: F }, (_, f) => argmaxRow(p.exprProbs, f, EXPR_N))
  const ex = multiClassF1(exPred, l.expr, EXPR_N)
  const gv = Float32Array.from({ length: F }, (_, f) => l.va[2 * f])
  const ga = Float32Array.from({ length: F }, (_, f) => l.va[2 * f + 1])
  const cv = ccc(p.valence, gv)
  const ca = ccc(p.arousal, ga)
  let nva = 0
  for (let f = 0; f < F; f++) if (Number.isFinite(gv[f]) && Number.isFinite(p.valence[f])) nva++
  const pAu = au.n ? au.macro : NaN
  const pEx = ex.n ? ex.macro : NaN
  const pVa = (cv + ca) / 2
  return {
    p_au: pAu,
    p_ex: pEx,
    p_va: pVa,
    p_mtl: pAu + pEx + pVa,
    ccc_v: cv,
    ccc_a: ca,
    p_au_present: au.macroPresent,
    n_au: au.n,
    n_ex: ex.n,
    n_va: nva,
    au_f1: au.perClass.map((c) => c.f1),
    ex_f1: ex.perClass.map((c) => c.f1)
  }
}

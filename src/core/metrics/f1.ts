/**
 * F1 scores for detection / classification tasks (P003's P_AU and P_EX, eq.15-16, L133-137).
 *
 *     F1 = 2·TP / (2·TP + FP + FN)
 *
 * - Binary (one AU): `pred` and `gold` are 0/1 per frame; a frame whose gold is missing (NaN, or any value that is
 *   not 0 or 1, e.g. ABAW's −1) is skipped, and so is a frame without a prediction (NaN).
 * - Multi-label (12 AUs): the F1 of each label on its own, then the unweighted mean over ALL labels ("average F1 score
 *   of the 12 AUs", P003:L135) — a label with no positive in gold and none predicted counts 0, as in scikit-learn's
 *   `f1_score` (zero_division 'warn' → 0), which the ABAW evaluation uses. `macroPresent` also reports the mean over
 *   the labels that have at least one gold positive, so a world that never shows some AUs can be read both ways.
 * - Multi-class (8 expressions): one-vs-rest F1 per class from the predicted and gold class indices, then the
 *   unweighted mean over ALL C classes (eq.16 divides by 8); gold < 0 (ABAW's −1) or non-integer = missing.
 */

export interface F1Counts {
  readonly tp: number
  readonly fp: number
  readonly fn: number
  /** Frames used (gold and prediction both present). */
  readonly n: number
}

export interface F1Result extends F1Counts {
  /** 0 when TP + FP + FN = 0 (the label never occurs and is never predicted). */
  readonly f1: number
  /** Gold positives (TP + FN). */
  readonly support: number
}

export interface MacroF1 {
  /** Per label / class, in order. */
  readonly perClass: readonly F1Result[]
  /** Unweighted mean over every label / class (the ABAW / P003 definition). */
  readonly macro: number
  /** Unweighted mean over the labels / classes with at least one gold positive; NaN when there is none. */
  readonly macroPresent: number
  /** Frames used (for multi-label: the frames with a complete gold row). */
  readonly n: number
}

export function f1OfCounts(c: F1Counts): F1Result {
  const denom = 2 * c.tp + c.fp + c.fn
  return { ...c, f1: denom === 0 ? 0 : (2 * c.tp) / denom, support: c.tp + c.fn }
}

const isBit = (v: number): boolean => v === 0 || v === 1

/** F1 of one binary label; frames whose gold or prediction is not 0/1 are skipped. */
export function binaryF1(pred: ArrayLike<number>, gold: ArrayLike<number>): F1Result {
  if (pred.length !== gold.length) throw new RangeError(`binaryF1: ${pred.length} predictions for ${gold.length} gold values`)
  let tp = 0
  let fp = 0
  let fn = 0
  let n = 0
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]
    const p = pred[i]
    if (!isBit(g) || !isBit(p)) continue
    n++
    if (p === 1 && g === 1) tp++
    else if (p === 1) fp++
    else if (g === 1) fn++
  }
  return f1OfCounts({ tp, fp, fn, n })
}

function macroOf(perClass: F1Result[], n: number): MacroF1 {
  const present = perClass.filter((r) => r.support > 0)
  const mean = (xs: readonly F1Result[]) => (xs.length ? xs.reduce((s, r) => s + r.f1, 0) / xs.length : NaN)
  return { perClass, macro: mean(perClass), macroPresent: mean(present), n }
}

/**
 * Multi-label macro F1 over `labels` labels: `pred` and `gold` are row-major frames × labels of 0/1. A frame is used
 * only when its whole gold row is 0/1 (ABAW marks an unannotated frame −1 in every column) and its prediction row too.
 */
export function multiLabelF1(pred: ArrayLike<number>, gold: ArrayLike<number>, labels: number): MacroF1 {
  if (!Number.isInteger(labels) || labels < 1) throw new RangeError(`multiLabelF1: labels must be a positive integer, got ${labels}`)
  if (pred.length !== gold.length || gold.length % labels !== 0) throw new RangeError(`multiLabelF1: ${pred.length} predictions and ${gold.length} gold values do not make rows of ${labels}`)
  const counts = Array.from({ length: labels }, () => ({ tp: 0, fp: 0, fn: 0 }))
  let n = 0
  for (let f = 0; f < gold.length / labels; f++) {
    let ok = true
    for (let j = 0; j < labels && ok; j++) ok = isBit(gold[f * labels + j]) && isBit(pred[f * labels + j])
    if (!ok) continue
    n++
    for (let j = 0; j < labels; j++) {
      const g = gold[f * labels + j]
      const p = pred[f * labels + j]
      if (p === 1 && g === 1) counts[j].tp++
      else if (p === 1) counts[j].fp++
      else if (g === 1) counts[j].fn++
    }
  }
  return macroOf(
    counts.map((c) => f1OfCounts({ ...c, n })),
    n
  )
}

/** Multi-class macro F1 (one-vs-rest per class) from class indices 0 … classes − 1; other gold values = missing. */
export function multiClassF1(pred: ArrayLike<number>, gold: ArrayLike<number>, classes: number): MacroF1 {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`multiClassF1: classes must be an integer ≥ 2, got ${classes}`)
  if (pred.length !== gold.length) throw new RangeError(`multiClassF1: ${pred.length} predictions for ${gold.length} gold values`)
  const valid = (v: number) => Number.isInteger(v) && v >= 0 && v < classes
  const counts = Array.from({ length: classes }, () => ({ tp: 0, fp: 0, fn: 0 }))
  let n = 0
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]
    const p = pred[i]
    if (!valid(g) || !valid(p)) continue
    n++
    if (p === g) counts[g].tp++
    else {
      counts[p].fp++
      counts[g].fn++
    }
  }
  return macroOf(
    counts.map((c) => f1OfCounts({ ...c, n })),
    n
  )
}

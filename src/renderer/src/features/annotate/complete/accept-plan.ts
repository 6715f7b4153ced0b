/**
 * Accepting (part of) a completion proposal into the annotator's own trace, as 'replace' edits (logged, undoable,
 * with provenance): only frames where the proposal HAS a value are copied — a replace copies missing values too,
 * and the proposal is empty exactly where the annotator had already rated, so copying a whole range blindly would
 * erase their ratings. The plan covers the chosen range with as few edits as possible: one per run of proposed
 * frames, both dimensions at once when they were proposed on the same frames, else per dimension.
 */
import type { EditDimension } from '../../../../../shared/annotation'

export interface AcceptStep {
  readonly from: number
  readonly to: number
  readonly dimension: EditDimension
}

/** Runs [from, to] (inclusive) of consecutive frames of [lo, hi] where `values` is finite. */
export function finiteRuns(values: ArrayLike<number>, lo: number, hi: number): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  const last = Math.min(hi, values.length - 1)
  let start = -1
  for (let f = Math.max(0, lo); f <= last; f++) {
    const ok = Number.isFinite(values[f])
    if (ok && start < 0) start = f
    if (!ok && start >= 0) {
      runs.push([start, f - 1])
      start = -1
    }
  }
  if (start >= 0) runs.push([start, last])
  return runs
}

/** The replace edits that copy the proposal's values on [lo, hi] and nothing else. */
export function acceptPlan(valence: ArrayLike<number>, arousal: ArrayLike<number>, lo: number, hi: number): AcceptStep[] {
  const v = finiteRuns(valence, lo, hi)
  const a = finiteRuns(arousal, lo, hi)
  const same = v.length === a.length && v.every(([f, t], i) => f === a[i][0] && t === a[i][1])
  if (same) return v.map(([from, to]) => ({ from, to, dimension: 'both' }))
  return [...v.map(([from, to]): AcceptStep => ({ from, to, dimension: 'valence' })), ...a.map(([from, to]): AcceptStep => ({ from, to, dimension: 'arousal' }))]
}

/** Frames a plan copies (per dimension counted once per frame). */
export function planFrames(plan: readonly AcceptStep[]): number {
  const frames = new Set<number>()
  for (const s of plan) for (let f = s.from; f <= s.to; f++) frames.add(f)
  return frames.size
}

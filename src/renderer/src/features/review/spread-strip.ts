import { attentionSpread, type SegmentMode } from '../../../../core/analysis/attention-spread'
import type { AttentionData } from '../../widgets/attention-heatmap-data'

/**
 * Runs of frames in [from, to) whose attention spread ΔW^a (100 · (max − min) of the window's weights; thesis ch.7)
 * is above `level` % ('above', the thesis text) or at most it ('at-most', its table headers). Frames without
 * attention are in no run.
 */
export function spreadRuns(d: AttentionData, from: number, to: number, level: number, mode: SegmentMode): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = []
  let start = -1
  const f1 = Math.min(to, d.frames)
  for (let f = Math.max(0, from); f <= f1; f++) {
    let hit = false
    if (f < f1) {
      const s = attentionSpread(d.values.subarray(f * d.lags, (f + 1) * d.lags))
      hit = Number.isFinite(s) && (mode === 'above' ? s > level : s <= level)
    }
    if (hit && start < 0) start = f
    if (!hit && start >= 0) {
      runs.push({ from: start, to: f })
      start = -1
    }
  }
  return runs
}

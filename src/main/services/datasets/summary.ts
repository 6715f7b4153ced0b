/**
 * The summary of a dataset folder, built clip by clip (labels are never all held at once): frames, labelled frames
 * (coverage), frames with a face, per-clip and per-subject V-A means, and the 2-D V-A histogram over [−1, 1]².
 * Labels arrive in the format's units and are divided by its range (AFEW-VA 10, the others 1).
 */
import {
  HISTOGRAM_BINS,
  type DatasetClipSummary,
  type DatasetSubjectSummary,
  type DatasetSummary,
  type VaHistogram
} from '../../../shared/datasets'

/** Bin of x ∈ [−1, 1] (clamped) among `bins` equal bins: edges go to the upper bin, +1 to the last. */
export function binOf(x: number, bins: number): number {
  const c = Math.max(-1, Math.min(1, x))
  // + 1e-9: a decimal edge such as −0.9 is a hair below itself in binary and must still open the upper bin.
  return Math.min(bins - 1, Math.floor(((c + 1) / 2) * bins + 1e-9))
}

/** 2-D histogram of (valence, arousal) pairs on [−1, 1]²; pairs with a non-finite value are skipped. */
export function vaHistogram(valence: ArrayLike<number>, arousal: ArrayLike<number>, bins = HISTOGRAM_BINS): VaHistogram {
  const counts = new Array<number>(bins * bins).fill(0)
  let total = 0
  for (let i = 0; i < valence.length; i++) {
    const v = valence[i]
    const a = arousal[i]
    if (!Number.isFinite(v) || !Number.isFinite(a)) continue
    counts[binOf(a, bins) * bins + binOf(v, bins)]++
    total++
  }
  return { bins, counts, max: counts.reduce((m, c) => Math.max(m, c), 0), total }
}

export interface ClipLabelsIn {
  readonly clipId: string
  readonly subjectId: string
  readonly valence: ArrayLike<number>
  readonly arousal: ArrayLike<number>
  /** frames × 136, NaN where a frame has no landmarks. */
  readonly landmarks: ArrayLike<number>
}

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d

/** Accumulates clips into a DatasetSummary. */
export class SummaryBuilder {
  private readonly counts: number[]
  private readonly clips: DatasetClipSummary[] = []
  private readonly sums = new Map<string, { clipIds: string[]; frames: number; labelled: number; v: number; a: number }>()
  readonly warnings: string[] = []

  constructor(
    private readonly range: number,
    private readonly bins = HISTOGRAM_BINS
  ) {
    this.counts = new Array<number>(bins * bins).fill(0)
  }

  add(c: ClipLabelsIn): DatasetClipSummary {
    const n = c.valence.length
    let labelled = 0
    let sv = 0
    let sa = 0
    let withFace = 0
    for (let i = 0; i < n; i++) {
      const v = c.valence[i] / this.range
      const a = c.arousal[i] / this.range
      if (Number.isFinite(v) && Number.isFinite(a)) {
        labelled++
        sv += v
        sa += a
        this.counts[binOf(a, this.bins) * this.bins + binOf(v, this.bins)]++
      }
      if (Number.isFinite(c.landmarks[i * 136]) && Number.isFinite(c.landmarks[i * 136 + 1])) withFace++
    }
    const clip: DatasetClipSummary = {
      clipId: c.clipId,
      subjectId: c.subjectId,
      frames: n,
      labelled,
      withFace,
      meanValence: labelled ? round(sv / labelled) : null,
      meanArousal: labelled ? round(sa / labelled) : null
    }
    if (labelled === 0) this.warnings.push(`${c.clipId}: no labelled frame`)
    this.clips.push(clip)
    const s = this.sums.get(c.subjectId) ?? { clipIds: [], frames: 0, labelled: 0, v: 0, a: 0 }
    s.clipIds.push(c.clipId)
    s.frames += n
    s.labelled += labelled
    s.v += sv
    s.a += sa
    this.sums.set(c.subjectId, s)
    return clip
  }

  finish(o: { fps: number; frameCheck: DatasetSummary['frameCheck'] }): DatasetSummary {
    const subjects: DatasetSubjectSummary[] = [...this.sums.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([subjectId, s]) => ({
        subjectId,
        clipIds: s.clipIds,
        frames: s.frames,
        labelled: s.labelled,
        meanValence: s.labelled ? round(s.v / s.labelled) : null,
        meanArousal: s.labelled ? round(s.a / s.labelled) : null
      }))
    const total = this.counts.reduce((p, q) => p + q, 0)
    return {
      version: 1,
      fps: o.fps,
      frames: this.clips.reduce((p, c) => p + c.frames, 0),
      labelled: total,
      clips: this.clips,
      subjects,
      histogram: { bins: this.bins, counts: this.counts, max: this.counts.reduce((m, c) => Math.max(m, c), 0), total },
      frameCheck: o.frameCheck,
      warnings: this.warnings
    }
  }
}

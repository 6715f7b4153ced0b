/**
 * Held-out (test-subject) evaluation of a trained sequence run (job worker): every curriculum stage's selected
 * weights on the fold's test clips (the curriculum table), and the final stage's per-frame outputs kept in the run
 * folder (`test-predictions.json`) so `circumplex compare` and `analyze` can use identical frames later without a
 * database import. Selection never looks at these numbers (stages are selected on validation).
 */
import { writeFileSync, renameSync } from 'node:fs'
import type { FrameCondition } from '../../../core/analysis'
import { inferSession } from '../../engine/models/sequence/infer'
import { disposeSequenceModel } from '../../engine/models/sequence/model'
import { affectMetrics, type Metrics } from '../../engine/train/frame-set'
import { modelFromStage, readStageCheckpoint } from '../../engine/train/sequence-checkpoint'
import { scoredFrames } from '../../engine/train/sequence-trainer'
import { attentionExtra, frameConditions } from './sequence-extras'
import type { SequenceClip } from './sequence-data'

export interface TestClipPredictions {
  readonly clipId: string
  readonly subjectId: string
  readonly frames: number
  /** Predictions on the trace scale [−1, 1] (labels / labelRange); null = no prediction. */
  readonly valence: (number | null)[]
  readonly arousal: (number | null)[]
  /** Gold on the same scale; null = unlabelled. */
  readonly goldValence: (number | null)[]
  readonly goldArousal: (number | null)[]
  /** Mean ZG per frame (gated models). */
  readonly gateMean: (number | null)[] | null
  /** frames × n, the stored 'attention' convention (sequence-extras.ts), null = NaN. */
  readonly attention: (number | null)[] | null
  readonly conditions: FrameCondition[]
}

export interface TestPredictionsFile {
  readonly version: 1
  readonly runId: string
  readonly variant: string
  readonly label: string
  readonly fold: string
  readonly stage: string
  readonly n: number
  readonly labelRange: number
  readonly clips: readonly TestClipPredictions[]
}

const nul = (x: number): number | null => (Number.isFinite(x) ? x : null)

/** Pooled metrics of a stage checkpoint on sessions (native label scale) + per-clip inferences. */
async function evaluateStage(path: string, clips: readonly SequenceClip[], signal?: AbortSignal) {
  const { meta, weights } = readStageCheckpoint(path)
  const m = modelFromStage(meta, weights)
  try {
    const per = []
    const pv: number[] = []
    const pa: number[] = []
    const gv: number[] = []
    const ga: number[] = []
    const cond: FrameCondition[] = []
    for (const c of clips) {
      const s = c.session
      const r = await inferSession(m, meta.stage.n, s, { signal })
      const conditions = frameConditions(s.frames, c.clip.degraded, c.clip.audioDegraded)
      for (const f of scoredFrames(s)) {
        pv.push(r.valence[f])
        pa.push(r.arousal[f])
        gv.push(s.valence[f])
        ga.push(s.arousal[f])
        cond.push(conditions[f])
      }
      per.push({ clip: c, r, conditions })
    }
    const P = [Float32Array.from(pv), Float32Array.from(pa), Float32Array.from(gv), Float32Array.from(ga)] as const
    const all = affectMetrics(...P)
    const byCondition: Record<string, Metrics> = {}
    for (const k of ['clean', 'video-degraded', 'audio-degraded', 'both'] as const) {
      const idx = cond.flatMap((c, i) => (c === k ? [i] : []))
      if (idx.length >= 2) byCondition[k] = affectMetrics(...P, idx)
    }
    return { meta, all, byCondition, per }
  } finally {
    disposeSequenceModel(m)
  }
}

export interface StageTest {
  readonly stage: string
  readonly all: Metrics
  readonly byCondition: Record<string, Metrics>
}

/**
 * Test metrics of every stage checkpoint; writes the final stage's per-frame outputs to `predictionsPath`.
 * Returns null when the fold has no test clips.
 */
export async function evaluateOnTest(o: {
  readonly runId: string
  readonly label: string
  readonly fold: string
  readonly stages: ReadonlyArray<{ name: string; checkpoint: string }>
  readonly clips: readonly SequenceClip[]
  readonly predictionsPath: string
  readonly signal?: AbortSignal
}): Promise<StageTest[] | null> {
  const test = o.clips.filter((c) => c.split === 'test')
  if (test.length === 0) return null
  const out: StageTest[] = []
  for (let i = 0; i < o.stages.length; i++) {
    const st = o.stages[i]
    const r = await evaluateStage(st.checkpoint, test, o.signal)
    out.push({ stage: st.name, all: r.all, byCondition: r.byCondition })
    if (i !== o.stages.length - 1) continue
    const L = r.meta.config.labelRange
    const file: TestPredictionsFile = {
      version: 1,
      runId: o.runId,
      variant: r.meta.config.variant,
      label: o.label,
      fold: o.fold,
      stage: st.name,
      n: r.meta.stage.n,
      labelRange: L,
      clips: r.per.map(({ clip, r: inf, conditions }) => {
        const att = attentionExtra(inf)
        return {
          clipId: clip.clip.clipId,
          subjectId: clip.clip.subjectId,
          frames: inf.frames,
          valence: Array.from(inf.valence, (x) => nul(x / L)),
          arousal: Array.from(inf.arousal, (x) => nul(x / L)),
          goldValence: Array.from(clip.session.valence, (x) => nul(x / L)),
          goldArousal: Array.from(clip.session.arousal, (x) => nul(x / L)),
          gateMean: inf.gateMean ? Array.from(inf.gateMean, nul) : null,
          attention: att ? Array.from(att, nul) : null,
          conditions
        }
      })
    }
    const tmp = `${o.predictionsPath}.tmp-${process.pid}`
    writeFileSync(tmp, JSON.stringify(file))
    renameSync(tmp, o.predictionsPath)
  }
  return out
}

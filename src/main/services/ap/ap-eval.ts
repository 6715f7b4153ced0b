/**
 * Held-out (test-subject) evaluation of a trained AP (job worker), the two acceptance checks side by side:
 * 1. CCC (and RMSE, PCC) of the AP vs the frozen backbone alone on the same frames — all frames, and the manifest's
 *    clean / video-degraded segments;
 * 2. the AP's predicted output σ (mean of σ_V, σ_A per frame, on the [−1, 1] scale) on degraded vs clean frames:
 *    group means, Cohen's d and Cliff's delta (frames are autocorrelated: effect sizes, not significance tests), and
 *    the same for the latent ‖σ_c‖ that drives the context selection.
 * Plus the context-selection ablations of P004 Fig. 3 (random, highest σ) and whole-session context, inference-time
 * only. Selection never looks at these numbers (the epoch is selected on validation).
 */
import { renameSync, writeFileSync } from 'node:fs'
import { cliffsDelta, cohensD, groupStats, type GroupStats } from '../../../core/analysis'
import type { ApInferOptions, ApInference } from '../../engine/models/ap/infer'
import { inferApSession } from '../../engine/models/ap/infer'
import type { ApModel } from '../../engine/models/ap/model'
import { labelledFrames } from '../../engine/models/ap/session'
import { affectMetrics, type Metrics } from '../../engine/train/frame-set'
import { frameConditions } from '../training/sequence-extras'
import type { ApClip } from './ap-data'

export interface ByCondition {
  readonly all: Metrics
  readonly clean: Metrics | null
  readonly degraded: Metrics | null
}

export interface SigmaContrast {
  readonly clean: GroupStats
  readonly degraded: GroupStats
  /** degraded mean / clean mean. */
  readonly ratio: number | null
  /** Cohen's d of degraded vs clean (positive: larger on degraded). */
  readonly cohensD: number | null
  readonly cliffsDelta: number | null
}

export interface ApTestReport {
  readonly clips: number
  readonly frames: { readonly all: number; readonly clean: number; readonly degraded: number }
  readonly backbone: ByCondition
  readonly ap: ByCondition
  /** AP predicted σ (mean of V and A), [−1, 1] scale. */
  readonly sigma: SigmaContrast
  /** Latent ‖σ_C(r_c)‖ of each frame alone (the context-selection score). */
  readonly pointSigma: SigmaContrast
  /** Mean CCC of inference-time variants: context 'random' / 'highest' σ, context over the whole 'session'. */
  readonly ablations: Readonly<Record<string, Metrics>>
}

/** A frame is degraded when the manifest marks its video segment (image backbone: audio degradation is invisible). */
export function degradedMask(c: ApClip): Uint8Array {
  const cond = frameConditions(c.session.frames, c.clip.degraded, c.clip.audioDegraded)
  return Uint8Array.from(cond, (k) => (k === 'video-degraded' || k === 'both' ? 1 : 0))
}

function contrast(clean: number[], degraded: number[]): SigmaContrast {
  const a = groupStats(clean)
  const b = groupStats(degraded)
  return {
    clean: a,
    degraded: b,
    ratio: a.mean && b.mean !== null ? b.mean / a.mean : null,
    cohensD: cohensD(degraded, clean).value,
    cliffsDelta: cliffsDelta(degraded, clean).value
  }
}

interface Pooled {
  pv: number[]
  pa: number[]
  bv: number[]
  ba: number[]
  gv: number[]
  ga: number[]
  deg: number[]
}

function byCondition(p: Pooled, which: 'ap' | 'backbone', L: number): ByCondition {
  const v = which === 'ap' ? p.pv : p.bv
  const a = which === 'ap' ? p.pa : p.ba
  const sc = (x: number[]) => Float32Array.from(x, (y) => y * L)
  const args = [sc(v), sc(a), sc(p.gv), sc(p.ga)] as const
  const idx = (d: number) => p.deg.flatMap((x, i) => (x === d ? [i] : []))
  const clean = idx(0)
  const degraded = idx(1)
  return { all: affectMetrics(...args), clean: clean.length >= 2 ? affectMetrics(...args, clean) : null, degraded: degraded.length >= 2 ? affectMetrics(...args, degraded) : null }
}

/** Test report of `m` on the test clips; writes the per-frame outputs to `predictionsPath` when given. */
export async function evaluateApOnTest(m: ApModel, clips: readonly ApClip[], o: { predictionsPath?: string; signal?: AbortSignal; ablations?: boolean } = {}): Promise<ApTestReport | null> {
  const test = clips.filter((c) => c.split === 'test')
  if (test.length === 0) return null
  const L = m.config.labelRange
  const p: Pooled = { pv: [], pa: [], bv: [], ba: [], gv: [], ga: [], deg: [] }
  const sig: [number[], number[]] = [[], []]
  const psig: [number[], number[]] = [[], []]
  const perClip: Array<{ clip: ApClip; inf: ApInference; degraded: Uint8Array }> = []
  for (const c of test) {
    const s = c.session
    const inf = await inferApSession(m, s, { signal: o.signal })
    const deg = degradedMask(c)
    perClip.push({ clip: c, inf, degraded: deg })
    for (const f of labelledFrames(s)) {
      p.pv.push(inf.valence[f])
      p.pa.push(inf.arousal[f])
      p.bv.push(s.yHat[2 * f])
      p.ba.push(s.yHat[2 * f + 1])
      p.gv.push(s.valence[f])
      p.ga.push(s.arousal[f])
      p.deg.push(deg[f])
    }
    for (let f = 0; f < s.frames; f++) {
      if (!Number.isFinite(inf.valence[f])) continue
      sig[deg[f]].push((inf.sigma[2 * f] + inf.sigma[2 * f + 1]) / 2)
      psig[deg[f]].push(inf.pointSigma[f])
    }
  }
  const ablations: Record<string, Metrics> = {}
  if (o.ablations !== false) {
    const variants: Record<string, ApInferOptions> = { 'context random': { selection: 'random' }, 'context highest σ': { selection: 'highest' }, 'context whole session': { testContext: 'session' } }
    for (const [name, opt] of Object.entries(variants)) {
      const q: Pooled = { pv: [], pa: [], bv: [], ba: [], gv: [], ga: [], deg: [] }
      for (const c of test) {
        const inf = await inferApSession(m, c.session, { ...opt, samples: 0, signal: o.signal })
        for (const f of labelledFrames(c.session)) {
          q.pv.push(inf.valence[f])
          q.pa.push(inf.arousal[f])
          q.gv.push(c.session.valence[f])
          q.ga.push(c.session.arousal[f])
        }
      }
      const sc = (x: number[]) => Float32Array.from(x, (y) => y * L)
      ablations[name] = affectMetrics(sc(q.pv), sc(q.pa), sc(q.gv), sc(q.ga))
    }
  }
  if (o.predictionsPath) {
    const nul = (x: number) => (Number.isFinite(x) ? x : null)
    const file = {
      version: 1,
      labelRange: L,
      scale: 'unit',
      clips: perClip.map(({ clip, inf, degraded }) => ({
        clipId: clip.clip.clipId,
        subjectId: clip.clip.subjectId,
        frames: inf.frames,
        valence: Array.from(inf.valence, nul),
        arousal: Array.from(inf.arousal, nul),
        sigma: Array.from(inf.sigma, nul),
        context: Array.from(inf.context, nul),
        backbone: Array.from(clip.session.yHat, nul),
        goldValence: Array.from(clip.session.valence, nul),
        goldArousal: Array.from(clip.session.arousal, nul),
        degraded: Array.from(degraded)
      }))
    }
    const tmp = `${o.predictionsPath}.tmp-${process.pid}`
    writeFileSync(tmp, JSON.stringify(file))
    renameSync(tmp, o.predictionsPath)
  }
  return {
    clips: test.length,
    frames: { all: p.deg.length, clean: p.deg.filter((d) => d === 0).length, degraded: p.deg.filter((d) => d === 1).length },
    backbone: byCondition(p, 'backbone', L),
    ap: byCondition(p, 'ap', L),
    sigma: contrast(sig[0], sig[1]),
    pointSigma: contrast(psig[0], psig[1]),
    ablations
  }
}

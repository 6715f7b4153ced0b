/**
 * The training phases of the tracker (what one optimiser step of each phase draws and does):
 * (a) 'denoiser': FADeNN on clean crops degraded on the fly (T ch.3 L797-821; classes per variant, config.ts);
 * (b) 'estimator': FLL/FLE ℓ2 on jittered GT crops + FV cross-entropy (T:L569, L573-577);
 * (c) 'tracker-L': BT ℓ1 on windows of L steps with jittered previous boxes, curriculum L = 2, 4, 8, … (L570);
 *     windows per step = max(1, round(2·batch / L)) so a step always costs about 2·batch·2 crops (CPU budget;
 *     the thesis gives no batch size);
 * (d) 'joint': DFA = IID + FLE fine-tuned jointly on degraded crops, eq.4.15-4.17 (T:L1149-1155).
 */
import type { Tensor, Tensor2D, Tensor4D } from '../tf'
import { getTf } from '../tf'
import { deriveSeed } from '../../../core/folds/seeded-random'
import type { ParamMap } from '../blocks/params'
import type { TrackerModel } from '../models/tracker/model'
import type { TrackerSequence } from '../models/tracker/data'
import { fvBatch, stillBatch, windowBatch, windowStarts, type FrameRef } from './tracker-samples'
import { denoiserStep, estimatorStep, fvStep, jointStep, trackerStep, type LossTerms } from './tracker-steps'
import type { VarAdam } from './tracker-optim'

export interface PhaseContext {
  readonly m: TrackerModel
  readonly train: readonly TrackerSequence[]
  readonly refs: readonly FrameRef[]
  readonly cleanRefs: readonly FrameRef[]
  readonly rng: () => number
}

function pickRefs<T>(xs: readonly T[], n: number, rng: () => number): T[] {
  return Array.from({ length: n }, () => xs[Math.floor(rng() * xs.length)])
}

function images(b: { images: Float32Array; count: number; size: number }): Tensor4D {
  return getTf().tensor4d(b.images, [b.count, b.size, b.size, 3])
}

/** One step of phase `phase`; `vars` are the phase's trainable variables. */
export function phaseStep(ctx: PhaseContext, phase: string, vars: ParamMap, adam: VarAdam, lr: number, step: number, epoch: number): LossTerms {
  const tf = getTf()
  const { m, train, rng } = ctx
  const c = m.config
  const B = c.train.batch
  const seed = deriveSeed(c.seed, step + 7919 * epoch)
  const owned: Tensor[] = []
  const t = <T extends Tensor>(x: T): T => {
    owned.push(x)
    return x
  }
  try {
    if (phase === 'denoiser') {
      const b = stillBatch(c, train, pickRefs(ctx.cleanRefs, B, rng), rng)
      return denoiserStep(m, vars, adam, lr, t(images(b)), seed)
    }
    if (phase === 'estimator') {
      const b = stillBatch(c, train, pickRefs(ctx.refs, B, rng), rng)
      const fleVars: ParamMap = Object.fromEntries(Object.entries(vars).filter(([k]) => k.startsWith('fle.')))
      const out = estimatorStep(m, fleVars, adam, lr, t(images(b)), t(tf.tensor2d(b.points, [b.count, 136])))
      if (m.subnets.includes('fv')) {
        const f = fvBatch(c, train, pickRefs(ctx.refs, B, rng), rng)
        const fvVars: ParamMap = Object.fromEntries(Object.entries(vars).filter(([k]) => k.startsWith('fv.')))
        const r = fvStep(m, fvVars, adam, lr, t(images(f)), t(tf.tensor2d(f.points, [f.count, 136])), t(tf.tensor2d(f.labels, [f.count, 1])))
        return { ...out, ce: r.ce, loss: out.loss + r.loss }
      }
      return out
    }
    if (phase.startsWith('tracker-')) {
      const len = Number(phase.slice('tracker-'.length))
      const starts = windowStartsCache(ctx, len)
      const n = Math.max(1, Math.round((2 * B) / len))
      const w = windowBatch(c, train, pickRefs(starts, n, rng), len, rng)
      const S = c.inputSize
      const cur = w.cur.map((x) => t(tf.tensor4d(x, [n, S, S, 3])))
      const prev = w.prev.map((x) => t(tf.tensor4d(x, [n, S, S, 3])))
      const y = w.points.map((x) => t(tf.tensor2d(x, [n, 136]) as Tensor2D))
      return trackerStep(m, vars, adam, lr, cur, prev, y)
    }
    if (phase === 'joint') {
      const b = stillBatch(c, train, pickRefs(ctx.cleanRefs, B, rng), rng)
      return jointStep(m, vars, adam, lr, t(images(b)), t(tf.tensor2d(b.points, [b.count, 136])), seed, epoch - 1)
    }
    throw new Error(`unknown tracker training phase ${phase}`)
  } finally {
    tf.dispose(owned)
  }
}

const startsCache = new WeakMap<PhaseContext, Map<number, FrameRef[]>>()

/** Window starts of length `len` in the training data (cached per context). */
export function windowStartsCache(ctx: PhaseContext, len: number): FrameRef[] {
  let m = startsCache.get(ctx)
  if (!m) startsCache.set(ctx, (m = new Map()))
  let s = m.get(len)
  if (!s) m.set(len, (s = windowStarts(ctx.train, len)))
  return s
}

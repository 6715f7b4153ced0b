/**
 * Whole-session policy of the AP (choices in config.ts): the window plan, the cross-fade weights, the test-time
 * context selection by per-frame latent σ, and the accumulators that mix the windows' predictive Gaussians.
 * Pure JS (no tfjs).
 */
import { mulberry32 } from '../../../../core/random/mulberry32'
import type { ApSelection } from './config'

export interface WindowSpan {
  readonly start: number
  /** Exclusive. */
  readonly end: number
}

/**
 * Windows of `window` frames every `hop` frames from 0, plus one ending at the session end when the hops do not
 * reach it; a session of at most `window` frames is one window.
 */
export function windowPlan(frames: number, window: number, hop: number): WindowSpan[] {
  if (frames <= window) return [{ start: 0, end: frames }]
  const out: WindowSpan[] = []
  let s = 0
  for (; s + window <= frames; s += hop) out.push({ start: s, end: s + window })
  const last = out[out.length - 1]
  if (last.end < frames) out.push({ start: frames - window, end: frames })
  return out
}

/** Cross-fade weight of position p in a window of length n: min(p + 1, n − p) (triangular, ≥ 1). */
export function fadeWeight(p: number, n: number): number {
  return Math.min(p + 1, n - p)
}

/**
 * Context points among `candidates` (frame indices): the k with the lowest (or highest) ‖σ_c‖ — ties broken by
 * frame order — or k at random. All candidates when there are at most k. Returned in frame order.
 */
export function selectContext(sigmaNorm: ArrayLike<number>, candidates: readonly number[], k: number, mode: ApSelection, rand: () => number): number[] {
  if (candidates.length <= k) return [...candidates]
  let chosen: number[]
  if (mode === 'random') {
    const pool = [...candidates]
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      const t = pool[i]
      pool[i] = pool[j]
      pool[j] = t
    }
    chosen = pool.slice(0, k)
  } else {
    const sign = mode === 'lowest' ? 1 : -1
    chosen = [...candidates].sort((a, b) => sign * (sigmaNorm[a] - sigmaNorm[b]) || a - b).slice(0, k)
  }
  return chosen.sort((a, b) => a - b)
}

/** n standard-normal values (Box–Muller over mulberry32). */
export function standardNormals(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12)))
    const th = 2 * Math.PI * rand()
    out[i] = r * Math.cos(th)
    if (i + 1 < n) out[i + 1] = r * Math.sin(th)
  }
  return out
}

/** Per-frame sums of the weighted window outputs; `finish` turns them into the stitched session outputs. */
export class StitchAccumulator {
  readonly weight: Float64Array
  readonly mean: Float64Array
  /** Σ w (σ² + μ²) per frame and dimension. */
  readonly second: Float64Array
  readonly samples: Float64Array
  readonly chosen: Float64Array
  readonly covered: Float64Array

  constructor(
    readonly frames: number,
    readonly sampleCount: number
  ) {
    this.weight = new Float64Array(frames)
    this.mean = new Float64Array(frames * 2)
    this.second = new Float64Array(frames * 2)
    this.samples = new Float64Array(frames * 2 * sampleCount)
    this.chosen = new Float64Array(frames)
    this.covered = new Float64Array(frames)
  }

  /** One window's output at frame f: mean / σ [v, a], the S sampled means [v1, a1, v2, a2, …]. */
  add(f: number, w: number, mu: ArrayLike<number>, sigma: ArrayLike<number>, samples: ArrayLike<number> | null, isContext: boolean): void {
    this.weight[f] += w
    for (let d = 0; d < 2; d++) {
      this.mean[2 * f + d] += w * mu[d]
      this.second[2 * f + d] += w * (sigma[d] * sigma[d] + mu[d] * mu[d])
    }
    const S2 = 2 * this.sampleCount
    if (samples) for (let j = 0; j < S2; j++) this.samples[f * S2 + j] += w * samples[j]
    this.covered[f] += 1
    if (isContext) this.chosen[f] += 1
  }

  /** Mixture mean and σ, cross-faded samples, and the fraction of covering windows that used the frame as context; NaN where no window gave an output. */
  finish(): { mean: Float32Array; sigma: Float32Array; samples: Float32Array; context: Float32Array } {
    const F = this.frames
    const S2 = 2 * this.sampleCount
    const mean = new Float32Array(F * 2).fill(NaN)
    const sigma = new Float32Array(F * 2).fill(NaN)
    const samples = new Float32Array(F * S2).fill(NaN)
    const context = new Float32Array(F).fill(NaN)
    for (let f = 0; f < F; f++) {
      const w = this.weight[f]
      if (!(w > 0)) continue
      for (let d = 0; d < 2; d++) {
        const m = this.mean[2 * f + d] / w
        mean[2 * f + d] = m
        sigma[2 * f + d] = Math.sqrt(Math.max(0, this.second[2 * f + d] / w - m * m))
      }
      for (let j = 0; j < S2; j++) samples[f * S2 + j] = this.samples[f * S2 + j] / w
      context[f] = this.chosen[f] / this.covered[f]
    }
    return { mean, sigma, samples, context }
  }
}

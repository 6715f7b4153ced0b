/**
 * Whole-session AP inference (policy in config.ts, helpers in stitch.ts):
 * 1. every valid frame alone is encoded (r_c) with its BACKBONE prediction as label, and its single-point latent
 *    σ_C(r_c) is computed (P004:L89);
 * 2. per window (or once per session with testContext 'session'), the context = the `contextPoints` valid frames of
 *    the window with the lowest ‖σ_c‖; r_C = mean of their r_c; (μ_C, σ_C) = latent(r_C);
 * 3. the window's frames are decoded with z = μ_C (the prediction, L96) and with z_s = μ_C + σ_C ⊙ ε_s for the S
 *    sampled functions (one ε_s per sample for the whole session);
 * 4. windows are cross-faded into per-frame outputs: mixture mean and σ, stitched samples, context fraction.
 * Frames without a feature get NaN everywhere (never zeros).
 */
import { AppError } from '../../../../shared/ipc/errors'
import type { Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import { mulberry32 } from '../../../../core/random/mulberry32'
import type { ApSelection, ApTestContext } from './config'
import { decode, encodePoints, latentDist, type ApModel } from './model'
import { checkApSession, validMask, type ApSession } from './session'
import { fadeWeight, selectContext, standardNormals, StitchAccumulator, windowPlan, type WindowSpan } from './stitch'

export interface ApInferOptions {
  /** Sampled functions (default config.samples; 0 = only the predictive mean and σ). */
  readonly samples?: number
  readonly selection?: ApSelection
  readonly testContext?: ApTestContext
  readonly contextPoints?: number
  readonly seed?: number
  /** Rows per encoder / decoder call (default 4096). */
  readonly batch?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (done: number, total: number) => void
}

export interface ApInference {
  readonly frames: number
  /** Predictive mean ỹ^μ on [−1, 1]; NaN = no output. */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** frames × 2 [σ_v, σ_a] of the stitched predictive distribution. */
  readonly sigma: Float32Array
  readonly sampleCount: number
  /** frames × 2S: [v_1, a_1, v_2, a_2, …] of the S sampled functions f_θ(x_t, z_s). */
  readonly samples: Float32Array
  /** Per frame: fraction of the windows covering it that selected it as a context point. */
  readonly context: Float32Array
  /** ‖σ_C(r_c)‖₂ of each frame alone (the selection score); NaN on invalid frames. */
  readonly pointSigma: Float32Array
  readonly windows: number
}

async function tick(): Promise<void> {
  await new Promise((r) => setImmediate(r))
}

/** r_c and ‖σ_C(r_c)‖ of every valid frame, in batches. */
async function encodeAll(m: ApModel, s: ApSession, valid: readonly number[], batch: number, signal?: AbortSignal): Promise<{ r: Float32Array; sigmaNorm: Float32Array }> {
  const tf = getTf()
  const d = m.featureDim
  const R = m.config.rDim
  const r = new Float32Array(s.frames * R)
  const sigmaNorm = new Float32Array(s.frames).fill(NaN)
  for (let i0 = 0; i0 < valid.length; i0 += batch) {
    if (signal?.aborted) throw new AppError('CANCELLED', `AP inference of session ${s.id} cancelled`)
    const idx = valid.slice(i0, i0 + batch)
    const xb = new Float32Array(idx.length * d)
    const yb = new Float32Array(idx.length * 2)
    idx.forEach((f, j) => {
      xb.set(s.x.subarray(f * d, (f + 1) * d), j * d)
      yb.set(s.yHat.subarray(2 * f, 2 * f + 2), 2 * j)
    })
    const [rt, nt] = tf.tidy(() => {
      const rr = encodePoints(m, tf.tensor2d(xb, [idx.length, d]), tf.tensor2d(yb, [idx.length, 2]))
      const g = latentDist(m, rr)
      return [rr, tf.sqrt(tf.sum(tf.square(g.sigma), 1))]
    })
    const [rv, nv] = (await Promise.all([rt.data(), nt.data()])) as Float32Array[]
    tf.dispose([rt, nt])
    idx.forEach((f, j) => {
      r.set(rv.subarray(j * R, (j + 1) * R), f * R)
      sigmaNorm[f] = nv[j]
    })
    await tick()
  }
  return { r, sigmaNorm }
}

interface WindowJob {
  readonly span: WindowSpan
  readonly frames: number[]
  readonly context: Set<number>
  /** Rows of z to decode with: row 0 = μ_C, rows 1..S = sampled. */
  readonly z: Float32Array
}

export async function inferApSession(m: ApModel, s: ApSession, o: ApInferOptions = {}): Promise<ApInference> {
  const tf = getTf()
  const c = m.config
  checkApSession(s, m.featureDim)
  const F = s.frames
  const d = m.featureDim
  const R = c.rDim
  const Z = c.zDim
  const S = o.samples ?? c.samples
  if (!Number.isInteger(S) || S < 0) throw new AppError('INVALID_ARGUMENT', `samples must be a non-negative integer, got ${S}`)
  const K = o.contextPoints ?? c.contextPoints
  const selection = o.selection ?? c.selection
  const mode = o.testContext ?? c.testContext
  const batch = Math.max(64, o.batch ?? 4096)
  const seed = o.seed ?? c.seed
  const mask = validMask(s)
  const valid: number[] = []
  for (let f = 0; f < F; f++) if (mask[f]) valid.push(f)
  const { r, sigmaNorm } = await encodeAll(m, s, valid, batch, o.signal)
  const plan = mode === 'session' ? [{ start: 0, end: F }] : windowPlan(F, c.window, c.hop)
  // Context per window and its latent distribution (all windows in one call).
  const rand = mulberry32(seed ^ 0x5f3759df)
  const jobs0 = plan.map((span) => {
    const frames = valid.filter((f) => f >= span.start && f < span.end)
    return { span, frames, context: selectContext(sigmaNorm, frames, K, selection, rand) }
  })
  const used = jobs0.filter((j) => j.frames.length > 0)
  const rC = new Float32Array(used.length * R)
  used.forEach((j, k) => {
    for (const f of j.context) for (let q = 0; q < R; q++) rC[k * R + q] += r[f * R + q] / j.context.length
  })
  let muC: Float32Array = new Float32Array(0)
  let sigC: Float32Array = new Float32Array(0)
  if (used.length > 0) {
    const [mt, st] = tf.tidy(() => {
      const g = latentDist(m, tf.tensor2d(rC, [used.length, R]))
      return [g.mu, g.sigma]
    })
    ;[muC, sigC] = (await Promise.all([mt.data(), st.data()])) as Float32Array[]
    tf.dispose([mt, st])
  }
  const eps = standardNormals(S * Z, seed)
  const jobs: WindowJob[] = used.map((j, k) => {
    const z = new Float32Array((S + 1) * Z)
    for (let q = 0; q < Z; q++) {
      const mu = muC[k * Z + q]
      const sg = sigC[k * Z + q]
      z[q] = mu
      for (let sI = 0; sI < S; sI++) z[(sI + 1) * Z + q] = mu + sg * eps[sI * Z + q]
    }
    return { span: j.span, frames: j.frames, context: new Set(j.context), z }
  })
  const acc = new StitchAccumulator(F, S)
  let done = 0
  // Decode groups of windows: rows = (S + 1) · frames of each window.
  for (let k0 = 0; k0 < jobs.length; ) {
    if (o.signal?.aborted) throw new AppError('CANCELLED', `AP inference of session ${s.id} cancelled at window ${k0} of ${jobs.length}`)
    const group: WindowJob[] = []
    let rows = 0
    while (k0 < jobs.length && (group.length === 0 || rows + (S + 1) * jobs[k0].frames.length <= batch)) {
      rows += (S + 1) * jobs[k0].frames.length
      group.push(jobs[k0++])
    }
    const xb = new Float32Array(rows * d)
    const zb = new Float32Array(rows * Z)
    const yb = m.config.decoderOutput === 'residual' ? new Float32Array(rows * 2) : null // the residual decoder's base
    let row = 0
    for (const j of group) {
      for (let sI = 0; sI <= S; sI++) {
        for (const f of j.frames) {
          xb.set(s.x.subarray(f * d, (f + 1) * d), row * d)
          zb.set(j.z.subarray(sI * Z, (sI + 1) * Z), row * Z)
          if (yb) {
            yb[2 * row] = s.yHat[2 * f]
            yb[2 * row + 1] = s.yHat[2 * f + 1]
          }
          row++
        }
      }
    }
    const [mt, st] = tf.tidy(() => {
      const g = decode(m, tf.tensor2d(xb, [rows, d]) as Tensor2D, tf.tensor2d(zb, [rows, Z]) as Tensor2D, yb ? (tf.tensor2d(yb, [rows, 2]) as Tensor2D) : undefined)
      return [g.mu, g.sigma]
    })
    const [mu, sg] = (await Promise.all([mt.data(), st.data()])) as Float32Array[]
    tf.dispose([mt, st])
    row = 0
    const smp = new Float32Array(2 * S)
    for (const j of group) {
      const n = j.frames.length
      const len = j.span.end - j.span.start
      j.frames.forEach((f, i) => {
        for (let sI = 0; sI < S; sI++) {
          const rr = row + (sI + 1) * n + i
          smp[2 * sI] = mu[2 * rr]
          smp[2 * sI + 1] = mu[2 * rr + 1]
        }
        const r0 = row + i
        acc.add(f, fadeWeight(f - j.span.start, len), mu.subarray(2 * r0, 2 * r0 + 2), sg.subarray(2 * r0, 2 * r0 + 2), S > 0 ? smp : null, j.context.has(f))
      })
      row += (S + 1) * n
    }
    done += group.length
    o.onProgress?.(done, jobs.length)
    await tick()
  }
  const out = acc.finish()
  const valence = new Float32Array(F)
  const arousal = new Float32Array(F)
  for (let f = 0; f < F; f++) {
    valence[f] = out.mean[2 * f]
    arousal[f] = out.mean[2 * f + 1]
  }
  return { frames: F, valence, arousal, sigma: out.sigma, sampleCount: S, samples: out.samples, context: out.context, pointSigma: sigmaNorm, windows: jobs.length }
}

/**
 * NaN-aware smoothing of uniformly sampled traces. Common rules:
 * - A missing input sample (non-finite) stays missing in the output: smoothing never fills gaps.
 * - Kernels are renormalised over the finite samples inside the window, so a value next to a gap or at the trace
 *   edge is the weighted mean of what is there (no zero padding pulling it towards 0, no edge reflection).
 */
import { assertPositiveInt, invalidArgument, type Samples } from './nan-utils'

/**
 * Centred moving average with an odd window of `window` samples:
 *     y[i] = mean{ x[j] : |j - i| <= (window - 1) / 2, x[j] finite }   (NaN where x[i] is NaN).
 * O(n) with running sums.
 */
export function movingAverage(values: Samples, window: number): Float64Array {
  assertPositiveInt(window, 'window')
  if (window % 2 === 0) throw invalidArgument(`window must be odd for a centred average, got ${window}`)
  const n = values.length
  const h = (window - 1) / 2
  const cs = new Float64Array(n + 1)
  const cc = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    const ok = Number.isFinite(v)
    cs[i + 1] = cs[i] + (ok ? v : 0)
    cc[i + 1] = cc[i] + (ok ? 1 : 0)
  }
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      out[i] = NaN
      continue
    }
    const a = Math.max(0, i - h)
    const b = Math.min(n, i + h + 1)
    out[i] = (cs[b] - cs[a]) / (cc[b] - cc[a])
  }
  return out
}

/**
 * Centred Gaussian smoothing, kernel w_k = exp(-k^2 / (2 sigma^2)) for |k| <= ceil(truncate * sigma) (default
 * truncate 3, as scipy.ndimage.gaussian_filter1d), renormalised over finite neighbours:
 *     y[i] = sum_k w_k x[i+k] / sum_k w_k   (finite x[i+k] only; NaN where x[i] is NaN).
 * `sigma` is in samples (sigma_seconds * rate).
 */
export function gaussianSmooth(values: Samples, sigma: number, truncate = 3): Float64Array {
  if (!(sigma > 0)) throw invalidArgument(`sigma must be > 0, got ${sigma}`)
  const n = values.length
  const r = Math.max(1, Math.ceil(truncate * sigma))
  const w = new Float64Array(2 * r + 1)
  for (let k = -r; k <= r; k++) w[k + r] = Math.exp(-(k * k) / (2 * sigma * sigma))
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      out[i] = NaN
      continue
    }
    let s = 0
    let ws = 0
    const a = Math.max(0, i - r)
    const b = Math.min(n - 1, i + r)
    for (let j = a; j <= b; j++) {
      const v = values[j]
      if (Number.isFinite(v)) {
        const wk = w[j - i + r]
        s += wk * v
        ws += wk
      }
    }
    out[i] = s / ws
  }
  return out
}

/**
 * Zero-phase exponential smoothing (forward-backward, as filtfilt with a one-pole filter):
 *     forward  f[i] = alpha x[i] + (1 - alpha) f[i-1],  f[start] = x[start]
 *     backward y[i] = alpha f[i] + (1 - alpha) y[i+1],  y[end] = f[end]
 * The cascade's impulse response is symmetric, so peaks are not delayed (a single forward EMA delays by
 * (1 - alpha) / alpha samples). alpha in (0, 1]; alpha = 1 is the identity. Each run of finite samples is filtered
 * on its own (the filter restarts after a gap); missing samples stay missing.
 * For a time constant tau (seconds) at rate fs: alpha = 1 - exp(-1 / (tau * fs)).
 */
export function zeroPhaseExponential(values: Samples, alpha: number): Float64Array {
  if (!(alpha > 0 && alpha <= 1)) throw invalidArgument(`alpha must be in (0, 1], got ${alpha}`)
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  let i = 0
  while (i < n) {
    if (!Number.isFinite(values[i])) {
      i++
      continue
    }
    let j = i
    while (j < n && Number.isFinite(values[j])) j++
    // run [i, j)
    let f = values[i]
    for (let k = i; k < j; k++) {
      f = alpha * values[k] + (1 - alpha) * f
      out[k] = f
    }
    let b = out[j - 1]
    for (let k = j - 1; k >= i; k--) {
      b = alpha * out[k] + (1 - alpha) * b
      out[k] = b
    }
    i = j
  }
  return out
}

/** alpha for {@link zeroPhaseExponential} from a time constant tau (seconds) at `rate` Hz. */
export function alphaFromTimeConstant(tau: number, rate: number): number {
  if (!(tau > 0) || !(rate > 0)) throw invalidArgument(`tau and rate must be > 0`)
  return 1 - Math.exp(-1 / (tau * rate))
}

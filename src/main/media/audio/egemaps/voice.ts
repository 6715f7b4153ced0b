/**
 * Voice-source eGeMAPS LLDs on the 60 ms frames.
 *
 * F0 — DEVIATION: openSMILE uses subharmonic summation (SHS) on an octave-scaled spectrum with Viterbi smoothing;
 * we use Boersma's (1993) normalised autocorrelation instead: r(τ) = r_xw(τ)/r_xw(0) ÷ r_w(τ)/r_w(0) on the
 * Gaussian-windowed (σ 0.4) 60 ms frame, lags for 55–1000 Hz (openSMILE minPitch/maxPitch), the SMALLEST-lag local
 * maximum reaching 0.9 × the highest one (guards against octave-down errors), parabolic interpolation. Voiced when
 * that peak ≥ `VOICING_THRESHOLD` (0.45, Boersma's default; openSMILE's 0.7 cut-off is on an SHS score, not
 * comparable) and the windowed frame's RMS ≥ 0.001 (openSMILE's energy gate). Output: 12·log2(F0/27.5) semitones,
 * 0 when unvoiced (eGeMAPS "nz" convention). No Viterbi smoothing.
 * HNRdBACF = 10·log10(r(T0) / (1 − r(T0))) at the chosen lag, r clipped to [1e-6, 1 − 1e-6] (±60 dB). Computed for
 * every frame above the energy gate (the best lag in range, voiced or not) so that noise reads low; 0 below it.
 * jitterLocal / shimmerLocaldB — as openSMILE's cPitchJitter (searchRangeRel 0.1, minCC 0.5, minNumPeriods 2):
 * successive periods are found in the raw (unwindowed) frame by maximising the normalised cross-correlation of
 * consecutive period-long segments over lengths T0·(1 ± 0.1) (parabolic refinement); jitter = mean|T_i − T_{i−1}| /
 * mean T (a fraction, not %); shimmer = mean |20·log10(A_i/A_{i−1})| dB with A = peak-to-peak amplitude of each
 * period. 0 when unvoiced or fewer than 2 periods were found.
 * Harmonics (cHarmonics on the 60 ms Gaussian spectrum): H_k = the largest |X| within ±10 % of k·F0;
 * logRelF0-H1-H2 = 20·log10(H1/H2); logRelF0-H1-A3 = 20·log10(H1/A3); F_i amplitudeLogRelF0 = 20·log10(A_i/H1),
 * A_i = the largest harmonic inside F_i ± B_i/2 (else the harmonic nearest F_i). All 0 when unvoiced.
 */
import { RealFft } from '../stft'
import { nextPow2, type SpectrumPlan } from './frames'

export const F0_MIN = 55
export const F0_MAX = 1000
export const VOICING_THRESHOLD = 0.45
export const ENERGY_GATE_RMS = 0.001
const OCTAVE_RATIO = 0.9

export interface PitchResult {
  /** Hz, 0 when unvoiced. */
  readonly f0: number
  /** Normalised autocorrelation at the chosen lag (any frame above the energy gate). */
  readonly r: number
  readonly voiced: boolean
  /** Windowed RMS. */
  readonly rms: number
}

/** Autocorrelation plan for windowed frames of a fixed length (lags up to length/2). */
export class AcfPlan {
  private readonly fft: RealFft
  private readonly n: number
  private readonly buf: Float64Array
  private readonly re: Float64Array
  private readonly im: Float64Array
  private readonly rw: Float64Array

  constructor(
    readonly frameLength: number,
    readonly sampleRate: number,
    readonly window: Float64Array
  ) {
    this.n = nextPow2(2 * frameLength)
    this.fft = new RealFft(this.n)
    this.buf = new Float64Array(this.n)
    this.re = new Float64Array(this.n / 2 + 1)
    this.im = new Float64Array(this.n / 2 + 1)
    this.rw = this.acf(window)
  }

  /** Raw autocorrelation r(τ), τ = 0 … frameLength/2 (O(n log n) via |FFT|² and a second real FFT). */
  acf(x: Float64Array): Float64Array {
    const { n, buf, re, im } = this
    buf.fill(0)
    buf.set(x)
    this.fft.forward(buf, re, im)
    // r = IFFT(|X|²): |X|² is real and even, so r(τ) = (1/n)·(P0 + (−1)^τ P_{n/2} + 2 Σ P_k cos(2πkτ/n)); compute
    // it as a forward real FFT of the even power sequence (its imaginary part vanishes).
    buf.fill(0)
    const h = n / 2
    for (let k = 0; k <= h; k++) buf[k] = re[k] * re[k] + im[k] * im[k]
    for (let k = 1; k < h; k++) buf[n - k] = buf[k]
    this.fft.forward(buf, re, im)
    const lags = Math.floor(this.frameLength / 2)
    const r = new Float64Array(lags + 1)
    for (let t = 0; t <= lags; t++) r[t] = re[t] / n
    return r
  }

  pitch(frame: Float64Array): PitchResult {
    const w = this.window
    const xw = new Float64Array(frame.length)
    let e = 0
    for (let i = 0; i < frame.length; i++) {
      xw[i] = frame[i] * w[i]
      e += xw[i] * xw[i]
    }
    const rms = Math.sqrt(e / frame.length)
    if (rms < ENERGY_GATE_RMS) return { f0: 0, r: 0, voiced: false, rms }
    const ra = this.acf(xw)
    const minLag = Math.max(2, Math.floor(this.sampleRate / F0_MAX))
    const maxLag = Math.min(ra.length - 2, Math.ceil(this.sampleRate / F0_MIN))
    const r = (t: number): number => (ra[t] / ra[0]) / Math.max(this.rw[t] / this.rw[0], 1e-9)
    const peaks: Array<{ lag: number; value: number }> = []
    for (let t = minLag; t <= maxLag; t++) {
      const v = r(t)
      if (v > r(t - 1) && v >= r(t + 1)) peaks.push({ lag: t, value: v })
    }
    if (peaks.length === 0) return { f0: 0, r: 0, voiced: false, rms }
    const best = Math.max(...peaks.map((p) => p.value))
    const pick = peaks.find((p) => p.value >= OCTAVE_RATIO * best)!
    const a = r(pick.lag - 1)
    const b = pick.value
    const c = r(pick.lag + 1)
    const den = a - 2 * b + c
    const shift = den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0
    const value = Math.min(1, b - 0.25 * (a - c) * shift)
    const voiced = value >= VOICING_THRESHOLD
    return { f0: voiced ? this.sampleRate / (pick.lag + shift) : 0, r: value, voiced, rms }
  }
}

export const semitoneFrom27_5 = (f0: number): number => (f0 > 0 ? 12 * Math.log2(f0 / 27.5) : 0)

export function hnrDb(r: number, rms: number): number {
  if (rms < ENERGY_GATE_RMS) return 0
  const c = Math.min(1 - 1e-6, Math.max(1e-6, r))
  return 10 * Math.log10(c / (1 - c))
}

function ncc(x: Float64Array, a: number, b: number, len: number): number {
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < len; i++) {
    const u = x[a + i]
    const v = x[b + i]
    sab += u * v
    saa += u * u
    sbb += v * v
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0
}

/** jitterLocal (fraction) and shimmerLocaldB over the periods found in a raw frame, given F0 (Hz). */
export function jitterShimmer(frame: Float64Array, f0: number, sampleRate: number): { jitter: number; shimmer: number; periods: number } {
  if (!(f0 > 0)) return { jitter: 0, shimmer: 0, periods: 0 }
  const t0 = sampleRate / f0
  const lo = Math.max(2, Math.floor(t0 * 0.9))
  const hi = Math.ceil(t0 * 1.1)
  const periods: number[] = []
  const amps: number[] = []
  let pos = 0
  while (pos + 2 * hi + 1 < frame.length) {
    const p = Math.round(pos)
    const cmp = lo
    let bestL = -1
    let bestC = -Infinity
    const cc = new Map<number, number>()
    for (let L = lo - 1; L <= hi + 1; L++) cc.set(L, ncc(frame, p, p + L, cmp))
    for (let L = lo; L <= hi; L++) {
      const v = cc.get(L)!
      if (v > bestC) {
        bestC = v
        bestL = L
      }
    }
    if (bestC < 0.5) break
    const a = cc.get(bestL - 1)!
    const c = cc.get(bestL + 1)!
    const den = a - 2 * bestC + c
    const period = bestL + (den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0)
    let mx = -Infinity
    let mn = Infinity
    for (let i = p; i < p + bestL; i++) {
      mx = Math.max(mx, frame[i])
      mn = Math.min(mn, frame[i])
    }
    periods.push(period)
    amps.push(mx - mn)
    pos += period
  }
  if (periods.length < 2) return { jitter: 0, shimmer: 0, periods: periods.length }
  let dj = 0
  let ds = 0
  let ns = 0
  for (let i = 1; i < periods.length; i++) {
    dj += Math.abs(periods[i] - periods[i - 1])
    if (amps[i] > 0 && amps[i - 1] > 0) {
      ds += Math.abs(20 * Math.log10(amps[i] / amps[i - 1]))
      ns++
    }
  }
  const meanT = periods.reduce((s, v) => s + v, 0) / periods.length
  return { jitter: dj / (periods.length - 1) / meanT, shimmer: ns > 0 ? ds / ns : 0, periods: periods.length }
}

export interface HarmonicLlds {
  readonly h1h2: number
  readonly h1a3: number
  /** F1–F3 amplitudes relative to H1, dB. */
  readonly formantAmps: [number, number, number]
}

const ZERO_HARMONICS: HarmonicLlds = { h1h2: 0, h1a3: 0, formantAmps: [0, 0, 0] }

/** Harmonic-amplitude LLDs from the 60 ms magnitude spectrum, F0 and the formants (freq, bandwidth). */
export function harmonicLlds(mag: Float64Array, plan: SpectrumPlan, f0: number, formants: ReadonlyArray<{ freq: number; bw: number }>): HarmonicLlds {
  if (!(f0 > 0)) return ZERO_HARMONICS
  const nyq = plan.sampleRate / 2
  const harm = (k: number): number => {
    const a = Math.max(0, Math.floor((k * f0 * 0.9) / plan.binHz))
    const b = Math.min(plan.bins - 1, Math.ceil((k * f0 * 1.1) / plan.binHz))
    let m = 0
    for (let i = a; i <= b; i++) m = Math.max(m, mag[i])
    return m
  }
  const h1 = harm(1)
  if (!(h1 > 0)) return ZERO_HARMONICS
  const db = (x: number): number => (x > 0 ? 20 * Math.log10(x) : 0)
  const formantAmp = (f: { freq: number; bw: number } | undefined): number => {
    if (!f || !(f.freq > 0)) return 0
    let best = 0
    for (let k = 1; k * f0 < nyq; k++) if (Math.abs(k * f0 - f.freq) <= f.bw / 2) best = Math.max(best, harm(k))
    if (best === 0) best = harm(Math.max(1, Math.round(f.freq / f0)))
    return best
  }
  const amps = [0, 1, 2].map((i) => formantAmp(formants[i]))
  const h2 = harm(2)
  return {
    h1h2: h2 > 0 ? db(h1) - db(h2) : 0,
    h1a3: amps[2] > 0 ? db(h1) - db(amps[2]) : 0,
    formantAmps: amps.map((a) => (a > 0 ? db(a) - db(h1) : 0)) as [number, number, number]
  }
}

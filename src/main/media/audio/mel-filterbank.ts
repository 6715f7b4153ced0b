/**
 * Slaney-style mel filterbank, exactly librosa's `filters.mel` defaults:
 * `htk=False` (Auditory Toolbox mel scale: linear 200/3 Hz per mel below 1 kHz, logarithmic above with
 * step ln(6.4)/27), `norm='slaney'` (each triangle multiplied by 2 / (f[i+2] − f[i]), i.e. constant area),
 * `fmin=0`, `fmax=sr/2`. These are not given by the thesis; they are librosa's defaults.
 *
 * Computed in float64 (librosa stores its filterbank as float32 by default: ≤ 3e-9 absolute difference).
 */

const F_SP = 200 / 3
const MIN_LOG_HZ = 1000
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP
const LOGSTEP = Math.log(6.4) / 27

/** Hz → mel, Slaney scale (librosa `hz_to_mel(htk=False)`). */
export function hzToMel(hz: number): number {
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP
  return hz / F_SP
}

/** mel → Hz, Slaney scale (librosa `mel_to_hz(htk=False)`). */
export function melToHz(mel: number): number {
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL))
  return F_SP * mel
}

/** `numpy.linspace(start, stop, num)` (same arithmetic: i·step + start, last point exactly stop). */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num)
  const div = num - 1
  const step = div > 0 ? (stop - start) / div : 0
  for (let i = 0; i < num; i++) out[i] = i * step + start
  if (num > 1) out[num - 1] = stop
  return out
}

/** librosa `mel_frequencies(n, fmin, fmax, htk=False)`: n points equally spaced on the mel scale, in Hz. */
export function melFrequencies(n: number, fmin: number, fmax: number): Float64Array {
  const mels = linspace(hzToMel(fmin), hzToMel(fmax), n)
  return mels.map(melToHz)
}

export interface MelFilterbank {
  readonly sampleRate: number
  readonly nFft: number
  readonly nMels: number
  /** nFft / 2 + 1 */
  readonly bins: number
  /** Dense weights, row-major `[nMels × bins]` (librosa's `filters.mel` matrix). */
  readonly weights: Float64Array
  /** Row m is non-zero only on bins [start[m], end[m]). */
  readonly start: Uint32Array
  readonly end: Uint32Array
}

export interface MelFilterbankOptions {
  readonly sampleRate: number
  readonly nFft: number
  readonly nMels: number
  /** Default 0 Hz. */
  readonly fmin?: number
  /** Default sampleRate / 2. */
  readonly fmax?: number
}

/** librosa `filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False, norm='slaney')`, float64. */
export function melFilterbank(opts: MelFilterbankOptions): MelFilterbank {
  const { sampleRate: sr, nFft, nMels } = opts
  const fmin = opts.fmin ?? 0
  const fmax = opts.fmax ?? sr / 2
  const bins = 1 + Math.floor(nFft / 2)
  // numpy.fft.rfftfreq(n_fft, d=1/sr): k * (1 / (n * d))
  const val = 1 / (nFft * (1 / sr))
  const fftFreqs = new Float64Array(bins)
  for (let k = 0; k < bins; k++) fftFreqs[k] = k * val
  const melF = melFrequencies(nMels + 2, fmin, fmax)
  const weights = new Float64Array(nMels * bins)
  const start = new Uint32Array(nMels)
  const end = new Uint32Array(nMels)
  for (let i = 0; i < nMels; i++) {
    const fdiffLo = melF[i + 1] - melF[i]
    const fdiffHi = melF[i + 2] - melF[i + 1]
    const enorm = 2 / (melF[i + 2] - melF[i])
    let first = -1
    let last = -1
    for (let k = 0; k < bins; k++) {
      const lower = -(melF[i] - fftFreqs[k]) / fdiffLo
      const upper = (melF[i + 2] - fftFreqs[k]) / fdiffHi
      const w = Math.max(0, Math.min(lower, upper))
      if (w > 0) {
        weights[i * bins + k] = w * enorm
        if (first < 0) first = k
        last = k
      }
    }
    start[i] = first < 0 ? 0 : first
    end[i] = first < 0 ? 0 : last + 1
  }
  return { sampleRate: sr, nFft, nMels, bins, weights, start, end }
}

/** out[m] = Σ_k weights[m, k] · power[k], using each row's non-zero range. */
export function applyMelFilterbank(fb: MelFilterbank, power: ArrayLike<number>, out: Float64Array, outOffset = 0): void {
  const { weights, start, end, bins, nMels } = fb
  for (let m = 0; m < nMels; m++) {
    let acc = 0
    const row = m * bins
    for (let k = start[m]; k < end[m]; k++) acc += weights[row + k] * power[k]
    out[outOffset + m] = acc
  }
}
